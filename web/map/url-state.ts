import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { isRiskLevel, isSector } from '../domain/vocab.ts'
import type { MapFilters } from './filters.ts'
import { isGridMetric, type GridMetric } from './grid-metrics.ts'
import { defaultLayerGroups, layerGroupIds, type LayerGroupId } from './layers/types.ts'
import { countyCenter } from './style.ts'

export type Selection = { kind: 'grid' | 'town'; code: string }

/** Everything a link must carry to reopen the same view. */
export type ViewState = {
  center: [number, number]
  zoom: number
  layers: LayerGroupId[]
  metric: GridMetric
  filters: MapFilters
  selection: Selection | null
}

export const defaultZoom = 9.2
export const defaultMetric: GridMetric = 'open_hazards'

export const defaultView = (): ViewState => ({
  center: [...countyCenter],
  zoom: defaultZoom,
  layers: [...defaultLayerGroups],
  metric: defaultMetric,
  filters: { towns: [], sectors: [], risks: [] },
  selection: null,
})

const first = (value: LocationQuery[string] | undefined) =>
  Array.isArray(value) ? (value[0] ?? undefined) : (value ?? undefined)
const list = (value: LocationQuery[string] | undefined) => (first(value) ?? '').split(',').filter(Boolean)

/** Reads a view from the URL query; anything missing or malformed falls back to the default. */
export function parseViewQuery(query: LocationQuery): ViewState {
  const view = defaultView()
  const [lng, lat] = (first(query.c) ?? '').split(',').map(Number)
  if (Number.isFinite(lng) && Number.isFinite(lat) && Math.abs(lng!) <= 180 && Math.abs(lat!) <= 90)
    view.center = [lng!, lat!]
  const zoom = Number(first(query.z))
  if (first(query.z) !== undefined && Number.isFinite(zoom) && zoom >= 0 && zoom <= 22) view.zoom = zoom
  if (query.l !== undefined) {
    view.layers = layerGroupIds.filter((id) => list(query.l).includes(id))
  }
  const metric = first(query.m)
  if (isGridMetric(metric)) view.metric = metric
  view.filters = {
    towns: list(query.town).filter((code) => /^\d{9}$/.test(code)),
    sectors: list(query.sector).filter(isSector),
    risks: list(query.risk).filter(isRiskLevel),
  }
  const [kind, code] = (first(query.sel) ?? '').split(':')
  if ((kind === 'grid' || kind === 'town') && code) view.selection = { kind, code }
  return view
}

/** The URL query of a view: centre and zoom always, the rest only where it differs from the default. */
export function viewQuery(view: ViewState): LocationQueryRaw {
  const query: LocationQueryRaw = {
    c: `${view.center[0].toFixed(5)},${view.center[1].toFixed(5)}`,
    z: view.zoom.toFixed(2),
  }
  const layers = layerGroupIds.filter((id) => view.layers.includes(id))
  if (layers.join(',') !== defaultLayerGroups.join(',')) query.l = layers.join(',')
  if (view.metric !== defaultMetric) query.m = view.metric
  if (view.filters.towns.length > 0) query.town = view.filters.towns.join(',')
  if (view.filters.sectors.length > 0) query.sector = view.filters.sectors.join(',')
  if (view.filters.risks.length > 0) query.risk = view.filters.risks.join(',')
  if (view.selection) query.sel = `${view.selection.kind}:${view.selection.code}`
  return query
}
