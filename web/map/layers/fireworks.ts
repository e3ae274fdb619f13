import { supplierLineColor } from '../../domain/colors.ts'
import { geojson, type LayerGroup } from './types.ts'

/** Fireworks retail outlets (shape = fixed/temporary, colour = status) and lines to their wholesaler. */
export const fireworks: LayerGroup = {
  id: 'fireworks',
  sources: { 'fireworks-outlets': geojson(), 'supplier-lines': geojson() },
  lines: [
    {
      id: 'supplier-lines',
      type: 'line',
      source: 'supplier-lines',
      paint: { 'line-color': supplierLineColor, 'line-width': 1, 'line-opacity': 0.45, 'line-dasharray': [2, 2] },
    },
  ],
  points: [
    {
      id: 'fireworks-outlets-point',
      type: 'symbol',
      source: 'fireworks-outlets',
      layout: {
        'icon-image': ['concat', 'outlet-', ['get', 'kind'], '-', ['get', 'status']],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 9, 0.55, 14, 0.9],
        'icon-allow-overlap': true,
      },
    },
  ],
}
