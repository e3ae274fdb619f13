import type { OgcCollectionId } from '../../api/ogc.ts'
import type { MapFilters } from '../../map/filters.ts'
import type { LayerGroupId } from '../../map/layers/types.ts'

/**
 * What a layer's 导出 exports: its collection and the map's filters as CQL2 text, the same tests
 * the map applies on the client (web/map/filters.ts, web/features/overview/use-map-sync.ts):
 * town on every filtered layer, sector and risk on the enterprise-based ones, and the chemicals
 * layer's own selection (web/map/derive.ts chemicalUnits). The towns layer is never filtered on
 * the map, so it exports whole.
 */
type LayerExport = { collection: OgcCollectionId; filtered: 'none' | 'town' | 'enterprise'; own?: string }

const layerExports: Record<LayerGroupId, LayerExport> = {
  towns: { collection: 'towns', filtered: 'none' },
  grids: { collection: 'grids', filtered: 'town' },
  zones: { collection: 'zones', filtered: 'town' },
  enterprises: { collection: 'enterprises', filtered: 'enterprise' },
  dust: { collection: 'dust', filtered: 'enterprise' },
  'confined-spaces': { collection: 'confined-spaces', filtered: 'enterprise' },
  chemicals: {
    collection: 'enterprises',
    filtered: 'enterprise',
    own: '(ammonia_tonnes > 0 OR key_hazchem_unit = TRUE)',
  },
  fireworks: { collection: 'fireworks-outlets', filtered: 'town' },
  'sensitive-sites': { collection: 'sensitive-sites', filtered: 'town' },
}

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`
const within = (property: string, values: readonly string[]) =>
  values.length === 0 ? [] : [`${property} IN (${values.map(literal).join(', ')})`]

/** The collection and CQL2 filter (null: everything) of a layer under the map's filters. */
export function layerExport(
  group: LayerGroupId,
  filters: MapFilters,
): { collection: OgcCollectionId; filter: string | null } {
  const { collection, filtered, own } = layerExports[group]
  const tests = [
    ...(own ? [own] : []),
    ...(filtered === 'none' ? [] : within('town_code', filters.towns)),
    ...(filtered === 'enterprise'
      ? [...within('sector', filters.sectors), ...within('risk_level', filters.risks)]
      : []),
  ]
  return { collection, filter: tests.length > 0 ? tests.join(' AND ') : null }
}
