import { riskColors } from '../../domain/colors.ts'
import { regularFont } from '../fonts.ts'
import { geojson, type LayerGroup } from './types.ts'

const countOf = (level: string) => ['+', ['case', ['==', ['get', 'risk_level'], level], 1, 0]]

/**
 * Enterprises in the four risk colours, shaped by sector. Clustered below zoom 13 so that tens of
 * thousands of points stay smooth; each cluster is coloured by the most severe risk inside it.
 * Filters are applied to the source data (clusters must count only what is shown).
 */
export const enterprises: LayerGroup = {
  id: 'enterprises',
  sources: {
    enterprises: geojson({
      cluster: true,
      clusterRadius: 42,
      clusterMaxZoom: 12,
      clusterProperties: {
        major: countOf('major'),
        high: countOf('high'),
        general: countOf('general'),
      },
    }),
  },
  points: [
    {
      id: 'enterprises-cluster',
      type: 'circle',
      source: 'enterprises',
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': [
          'case',
          ['>', ['get', 'major'], 0],
          riskColors.major,
          ['>', ['get', 'high'], 0],
          riskColors.high,
          ['>', ['get', 'general'], 0],
          riskColors.general,
          riskColors.low,
        ],
        'circle-opacity': 0.82,
        'circle-radius': ['step', ['get', 'point_count'], 11, 10, 14, 50, 18, 200, 23],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'enterprises-point',
      type: 'symbol',
      source: 'enterprises',
      filter: ['!', ['has', 'point_count']],
      layout: {
        'icon-image': ['concat', 'enterprise-', ['get', 'sector'], '-', ['get', 'risk_level']],
        'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 15, 1],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        // Most severe risks draw on top.
        'symbol-sort-key': ['match', ['get', 'risk_level'], 'major', 4, 'high', 3, 'general', 2, 1],
      },
    },
  ],
  labels: [
    {
      id: 'enterprises-cluster-count',
      type: 'symbol',
      source: 'enterprises',
      filter: ['has', 'point_count'],
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': regularFont,
        'text-size': 11,
        'text-allow-overlap': true,
        // Counts never push town or grid names off the map.
        'text-ignore-placement': true,
      },
      paint: {
        'text-color': [
          'case',
          ['>', ['get', 'major'], 0],
          '#ffffff',
          ['>', ['get', 'high'], 0],
          '#1f1300',
          ['>', ['get', 'general'], 0],
          '#332b00',
          '#ffffff',
        ],
      },
    },
  ],
}
