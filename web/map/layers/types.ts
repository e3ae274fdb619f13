import type { GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'

export const emptyCollection = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] })

/** A toggleable group of the layer panel: its GeoJSON sources and the style layers drawing them. */
export type LayerGroup = {
  id: LayerGroupId
  sources: Record<string, GeoJSONSourceSpecification>
  /** Style layers by band; all.ts stacks the bands (areas under lines under points under labels). */
  areas?: LayerSpecification[]
  lines?: LayerSpecification[]
  points?: LayerSpecification[]
  labels?: LayerSpecification[]
}

/**
 * Everything one map draws: its GeoJSON sources by id and its style layers bottom to top. The
 * overview and the wall draw the shared groups (all.ts `sharedLayers`); the grid officer's map
 * draws officer.ts.
 */
export type LayerSet = {
  sources: Record<string, GeoJSONSourceSpecification>
  layers: LayerSpecification[]
}

export const layerGroupIds = [
  'towns',
  'grids',
  'zones',
  'enterprises',
  'dust',
  'confined-spaces',
  'chemicals',
  'fireworks',
  'sensitive-sites',
] as const

export type LayerGroupId = (typeof layerGroupIds)[number]

export const defaultLayerGroups: LayerGroupId[] = ['towns', 'grids', 'enterprises']

export const geojson = (extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification => ({
  type: 'geojson',
  data: emptyCollection(),
  ...extra,
})
