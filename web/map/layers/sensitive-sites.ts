import { sensitiveSiteColors } from '../../domain/colors.ts'
import { sensitiveSiteKinds } from '../../domain/vocab.ts'
import { geojson, type LayerGroup } from './types.ts'

const byKind = [
  'match',
  ['get', 'kind'],
  ...sensitiveSiteKinds.flatMap((kind) => [kind, sensitiveSiteColors[kind]]),
  '#777777',
]

/** Schools, hospitals, markets, gas stations… the fireworks siting rules measure against. */
export const sensitiveSites: LayerGroup = {
  id: 'sensitive-sites',
  sources: { 'sensitive-sites': geojson() },
  points: [
    {
      id: 'sensitive-sites-point',
      type: 'circle',
      source: 'sensitive-sites',
      paint: {
        'circle-color': byKind as never,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 14, 5],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
      },
    },
  ],
}
