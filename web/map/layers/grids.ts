import { gridLineColor } from '../../domain/colors.ts'
import { regularFont } from '../fonts.ts'
import { gridFillColor } from '../grid-metrics.ts'
import { geojson, type LayerGroup } from './types.ts'

/**
 * Supervision grids, filled by the chosen metric. The metric values are joined in as
 * feature-state (keyed by the grid code), so changing metric or filters never re-sends geometry.
 */
export const grids: LayerGroup = {
  id: 'grids',
  sources: { grids: geojson({ promoteId: 'code' }), 'grid-labels': geojson() },
  areas: [
    {
      id: 'grids-fill',
      type: 'fill',
      source: 'grids',
      paint: { 'fill-color': gridFillColor('open_hazards'), 'fill-opacity': 0.62 },
    },
  ],
  lines: [
    {
      id: 'grids-line',
      type: 'line',
      source: 'grids',
      paint: {
        'line-color': gridLineColor,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 12, 1],
        'line-opacity': 0.8,
      },
    },
    {
      id: 'grids-selected',
      type: 'line',
      source: 'grids',
      filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#102a43', 'line-width': 3 },
    },
  ],
  labels: [
    {
      id: 'grids-label',
      type: 'symbol',
      source: 'grid-labels',
      minzoom: 11,
      layout: { 'text-field': ['get', 'name'], 'text-font': regularFont, 'text-size': 11, 'text-padding': 2 },
      paint: { 'text-color': '#334e68', 'text-halo-color': 'rgba(255,255,255,0.85)', 'text-halo-width': 1.2 },
    },
  ],
}
