import { describe, expect, test } from 'vitest'
import { stackedLayers } from '../../../web/map/layers/all.ts'
import { enterprises } from '../../../web/map/layers/enterprises.ts'
import { defaultVariant, layerVariant, scaleValue, sourceVariant } from '../../../web/map/layers/variant.ts'

const wall = { scale: 2, theme: 'dark', cluster: false } as const
const layer = (id: string) => stackedLayers().find((l) => l.id === id)!

describe('map variants', () => {
  test('scaleValue multiplies numbers, the outputs of zoom curves, and wraps other expressions', () => {
    expect(scaleValue(11, 2)).toBe(22)
    expect(scaleValue(['interpolate', ['linear'], ['zoom'], 8, 11, 11, 15], 2)).toEqual([
      'interpolate',
      ['linear'],
      ['zoom'],
      8,
      22,
      11,
      30,
    ])
    expect(scaleValue(['step', ['zoom'], 1, 10, 3], 2)).toEqual(['step', ['zoom'], 2, 10, 6])
    expect(scaleValue(['case', ['get', 'x'], 8, 5.5], 2)).toEqual(['*', ['case', ['get', 'x'], 8, 5.5], 2])
    expect(scaleValue(7, 1)).toBe(7)
  })

  test('the wall variant scales sizes, darkens land and labels, and keeps the four risk colours', () => {
    const label = layerVariant(layer('towns-label'), wall)
    expect(label.layout!['text-size' as never]).toEqual(['interpolate', ['linear'], ['zoom'], 8, 22, 11, 30])
    expect(label.paint!['text-color' as never]).toBe('#e8f1ff')
    const points = layerVariant(layer('enterprises-point'), wall)
    expect(points.layout!['icon-size' as never]).toEqual(['interpolate', ['linear'], ['zoom'], 10, 1.2, 15, 2])
    expect(points.layout!['icon-image' as never]).toEqual(layer('enterprises-point').layout!['icon-image' as never])
    const fill = layerVariant(layer('towns-fill'), wall)
    expect(fill.paint!['fill-color' as never]).toEqual([
      'case',
      ['boolean', ['feature-state', 'selected'], false],
      '#1d3557',
      '#0f1d30',
    ])
    // The shared layer data is never changed.
    expect(layer('towns-label').paint!['text-color' as never]).toBe('#243447')
    expect(layerVariant(layer('towns-label'), defaultVariant)).toBe(layer('towns-label'))
  })

  test('without clustering the enterprise source loses its cluster options only', () => {
    const source = sourceVariant(enterprises.sources.enterprises!, wall)
    expect(source).toEqual({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } })
    expect(sourceVariant(enterprises.sources.enterprises!, defaultVariant).cluster).toBe(true)
  })
})
