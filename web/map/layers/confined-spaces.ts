import { confinedSpaceColor } from '../../domain/colors.ts'
import { geojson, type LayerGroup } from './types.ts'

/** 有限空间: one point per enterprise, sized by the number of spaces in its ledger. */
export const confinedSpaces: LayerGroup = {
  id: 'confined-spaces',
  sources: { 'confined-spaces': geojson() },
  points: [
    {
      id: 'confined-spaces-point',
      type: 'circle',
      source: 'confined-spaces',
      paint: {
        'circle-color': confinedSpaceColor,
        'circle-opacity': 0.55,
        'circle-radius': ['interpolate', ['linear'], ['get', 'spaces'], 1, 4, 5, 9, 15, 15],
        'circle-stroke-color': confinedSpaceColor,
        'circle-stroke-width': 1.5,
      },
    },
  ],
}
