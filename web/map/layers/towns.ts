import { landColor, townLineColor } from '../../domain/colors.ts'
import { boldFont } from '../fonts.ts'
import { geojson, type LayerGroup } from './types.ts'

/** Towns (镇/区): the land, their boundaries and names. Feature ids are the 9-digit codes. */
export const towns: LayerGroup = {
  id: 'towns',
  // Labels come from one point per town (derive.ts), not from the polygons, so a name is never
  // repeated where a polygon crosses tile edges.
  sources: { towns: geojson({ promoteId: 'code' }), 'town-labels': geojson() },
  areas: [{ id: 'towns-fill', type: 'fill', source: 'towns', paint: { 'fill-color': landColor } }],
  lines: [
    {
      id: 'towns-line',
      type: 'line',
      source: 'towns',
      paint: {
        'line-color': townLineColor,
        'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3.5, 1.4],
        'line-opacity': 0.9,
      },
    },
  ],
  labels: [
    {
      id: 'towns-label',
      type: 'symbol',
      source: 'town-labels',
      maxzoom: 12,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': boldFont,
        'text-size': ['interpolate', ['linear'], ['zoom'], 8, 11, 11, 15],
        'text-padding': 4,
      },
      paint: { 'text-color': '#243447', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.6 },
    },
  ],
}
