import { landColor, riskColors } from '../../domain/colors.ts'
import { regularFont } from '../fonts.ts'
import { geojson, type LayerSet } from './types.ts'

/**
 * The grid officer's map (/grid/{code}): one grid's outline on plain land and its enterprises as
 * circles in the four risk colours, ringed in red while they have open hazards. Not clustered: a
 * grid holds tens of enterprises, and each is a place to walk to.
 */
export const officerLayers: LayerSet = {
  sources: { grid: geojson(), enterprises: geojson() },
  layers: [
    { id: 'grid-fill', type: 'fill', source: 'grid', paint: { 'fill-color': landColor } },
    { id: 'grid-line', type: 'line', source: 'grid', paint: { 'line-color': '#1d3b5c', 'line-width': 2.5 } },
    {
      id: 'enterprises-circle',
      type: 'circle',
      source: 'enterprises',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 16, 9],
        'circle-color': [
          'match',
          ['get', 'risk_level'],
          'major',
          riskColors.major,
          'high',
          riskColors.high,
          'general',
          riskColors.general,
          riskColors.low,
        ],
        'circle-stroke-color': ['case', ['>', ['get', 'open_hazards'], 0], '#b00020', '#ffffff'],
        'circle-stroke-width': ['case', ['>', ['get', 'open_hazards'], 0], 3, 1.5],
      },
    },
    {
      id: 'enterprises-label',
      type: 'symbol',
      source: 'enterprises',
      minzoom: 13,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': regularFont,
        'text-size': 11,
        'text-offset': [0, 1.1],
        'text-anchor': 'top',
        'text-optional': true,
      },
      paint: { 'text-color': '#243b53', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.2 },
    },
  ],
}
