import { industrialParkColor, noFireworksColor } from '../../domain/colors.ts'
import type { ExpressionSpecification } from 'maplibre-gl'
import { geojson, type LayerGroup } from './types.ts'

const isNoFireworks: ExpressionSpecification = ['==', ['get', 'kind'], 'no_fireworks']

/** No-fireworks zones (禁放区) and industrial parks. */
export const zones: LayerGroup = {
  id: 'zones',
  sources: { zones: geojson() },
  areas: [
    {
      id: 'zones-fill',
      type: 'fill',
      source: 'zones',
      paint: {
        'fill-color': ['case', isNoFireworks, noFireworksColor, industrialParkColor],
        'fill-opacity': 0.14,
      },
    },
  ],
  lines: [
    {
      id: 'zones-line',
      type: 'line',
      source: 'zones',
      paint: {
        'line-color': ['case', isNoFireworks, noFireworksColor, industrialParkColor],
        'line-width': 1.8,
        'line-dasharray': [3, 2],
      },
    },
  ],
}
