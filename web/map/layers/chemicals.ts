import { ammoniaColor, hazchemColor } from '../../domain/colors.ts'
import { geojson, type LayerGroup } from './types.ts'

/**
 * 涉氨制冷 and 两重点一重大 units (web/map/derive.ts chemicalUnits). `major_source` marks a major
 * hazard source (rated, or ammonia at or over the live threshold), drawn larger with a dark ring.
 */
export const chemicals: LayerGroup = {
  id: 'chemicals',
  sources: { chemicals: geojson() },
  points: [
    {
      id: 'chemicals-point',
      type: 'circle',
      source: 'chemicals',
      paint: {
        'circle-color': ['case', ['boolean', ['get', 'ammonia'], false], ammoniaColor, hazchemColor],
        'circle-radius': ['case', ['boolean', ['get', 'major_source'], false], 8, 5.5],
        'circle-stroke-color': ['case', ['boolean', ['get', 'major_source'], false], '#111111', '#ffffff'],
        'circle-stroke-width': ['case', ['boolean', ['get', 'major_source'], false], 2.5, 1.2],
      },
    },
  ],
}
