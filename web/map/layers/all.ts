import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { chemicals } from './chemicals.ts'
import { confinedSpaces } from './confined-spaces.ts'
import { dust } from './dust.ts'
import { enterprises } from './enterprises.ts'
import { fireworks } from './fireworks.ts'
import { grids } from './grids.ts'
import { sensitiveSites } from './sensitive-sites.ts'
import { towns } from './towns.ts'
import type { LayerGroup, LayerGroupId, LayerSet } from './types.ts'
import { zones } from './zones.ts'

export const layerGroups: LayerGroup[] = [
  towns,
  grids,
  zones,
  sensitiveSites,
  confinedSpaces,
  dust,
  chemicals,
  enterprises,
  fireworks,
]

export const layerGroup = (id: LayerGroupId) => layerGroups.find((group) => group.id === id)!

/** Every source of every group, by id. */
export const allSources = (): Record<string, GeoJSONSourceSpecification> =>
  Object.assign({}, ...layerGroups.map((group) => group.sources)) as Record<string, GeoJSONSourceSpecification>

/**
 * The style layers bottom to top: areas (land, grid choropleth, zones), then lines (grid lines
 * under town boundaries, supplier lines), then points (small background sites first, enterprises
 * and outlets on top), then labels.
 */
export function stackedLayers(): LayerSpecification[] {
  const band = (name: 'areas' | 'lines' | 'points' | 'labels', order: LayerGroup[]) =>
    order.flatMap((group) => group[name] ?? [])
  return [
    ...band('areas', [towns, grids, zones]),
    ...band('lines', [zones, grids, towns, fireworks]),
    ...band('points', [sensitiveSites, confinedSpaces, dust, chemicals, enterprises, fireworks]),
    ...band('labels', [grids, towns, enterprises]),
  ]
}

/** The style layer ids of a group (what the layer panel shows and hides). */
export const groupLayerIds = (id: LayerGroupId): string[] => {
  const group = layerGroup(id)
  return [...(group.areas ?? []), ...(group.lines ?? []), ...(group.points ?? []), ...(group.labels ?? [])].map(
    (layer) => layer.id,
  )
}

/** The layer panel's groups as one map's layers: the overview and the wall. */
export const sharedLayers = (): LayerSet => ({ sources: allSources(), layers: stackedLayers() })
