import type { FeatureCollection } from 'geojson'
import { expect, test } from 'vitest'
import { previewFrame } from '../../../../web/features/imports/preview-frame.ts'
import { countyBounds } from '../../../../web/map/style.ts'

const point = (lon: number, lat: number) => ({
  type: 'Feature' as const,
  geometry: { type: 'Point' as const, coordinates: [lon, lat] },
  properties: {},
})
const collection = (...features: ReturnType<typeof point>[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features,
})

test('frames the rows in and near the county, leaving out one far away', () => {
  expect(
    previewFrame(collection(point(120.26, 33.77), point(116.3975, 39.9087), point(120.15, 33.73)), countyBounds),
  ).toEqual([120.15, 33.73, 120.26, 33.77])
})

test('a polygon crossing the margin is left out; nothing near frames nothing', () => {
  const wide = {
    type: 'Feature' as const,
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [120, 33.5],
          [122, 33.5],
          [122, 34],
          [120, 33.5],
        ],
      ],
    },
    properties: {},
  }
  expect(previewFrame({ type: 'FeatureCollection', features: [wide] }, countyBounds)).toBeNull()
  expect(previewFrame(collection(point(116.3975, 39.9087)), countyBounds)).toBeNull()
  expect(previewFrame(collection(), countyBounds)).toBeNull()
})
