import { dustColors } from '../../domain/colors.ts'
import { dustTypes } from '../../domain/vocab.ts'
import { geojson, type LayerGroup } from './types.ts'

const byDustType = [
  'match',
  ['get', 'dust_type'],
  ...dustTypes.flatMap((type) => [type, dustColors[type]]),
  dustColors.other,
]

/**
 * 粉尘涉爆 enterprises coloured by dust type. `alert` (set when loading: more workers per shift than
 * the threshold and not third-party verified) draws a larger point with a red ring.
 */
export const dust: LayerGroup = {
  id: 'dust',
  sources: { dust: geojson() },
  points: [
    {
      id: 'dust-point',
      type: 'circle',
      source: 'dust',
      paint: {
        'circle-color': byDustType as never,
        'circle-radius': ['case', ['boolean', ['get', 'alert'], false], 7.5, 5],
        'circle-stroke-color': ['case', ['boolean', ['get', 'alert'], false], '#e60012', '#ffffff'],
        'circle-stroke-width': ['case', ['boolean', ['get', 'alert'], false], 3, 1.2],
      },
    },
  ],
}
