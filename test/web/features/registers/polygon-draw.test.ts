import { describe, expect, test } from 'vitest'
import type { MultiPolygon } from 'geojson'
import { recordFeatures } from '../../../../web/features/registers/map-layers.ts'
import { outlineFeatures, outlineOf } from '../../../../web/features/registers/polygon-draw.ts'

const square = (x: number): number[][][] => [
  [
    [x, 33.7],
    [x + 0.01, 33.7],
    [x + 0.01, 33.71],
    [x, 33.71],
    [x, 33.7],
  ],
]

describe('outlines between the records and terra-draw', () => {
  test('a MultiPolygon becomes one polygon feature per part and comes back the same', () => {
    const outline: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(120.2), square(120.3)] }
    const features = outlineFeatures(outline)
    expect(features.map((f) => [f.geometry.type, f.properties.mode])).toEqual([
      ['Polygon', 'polygon'],
      ['Polygon', 'polygon'],
    ])
    expect(outlineOf(features)).toEqual(outline)
  })

  test('one part is a Polygon; nothing drawn is null; other drawn shapes are ignored', () => {
    const point = { geometry: { type: 'Point', coordinates: [120.2, 33.7] } }
    expect(outlineOf([{ geometry: { type: 'Polygon', coordinates: square(120.2) } }, point])).toEqual({
      type: 'Polygon',
      coordinates: square(120.2),
    })
    expect(outlineOf([point])).toBeNull()
  })

  test('records are drawn from lon/lat or geometry, keyed, with the one edited marked', () => {
    const collection = recordFeatures(
      [
        { id: 1, lon: 120.25, lat: 33.77 },
        { id: 2, geometry: { type: 'Polygon', coordinates: square(120.2) } },
        { id: 3, lon: null, lat: null },
      ],
      'id',
      '2',
    )
    expect(collection.features.map((f) => [f.geometry.type, f.properties])).toEqual([
      ['Point', { key: '1', selected: false }],
      ['Polygon', { key: '2', selected: true }],
    ])
  })
})
