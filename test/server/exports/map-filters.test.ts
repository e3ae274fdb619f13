import { beforeAll, describe, expect, it } from 'vitest'
import { layerExport } from '../../../web/features/overview/export-filter.ts'
import { chemicalUnits } from '../../../web/map/derive.ts'
import { matchesFilters, type MapFilters } from '../../../web/map/filters.ts'
import { layerGroupIds } from '../../../web/map/layers/types.ts'
import { testApp, type Request } from '../../support/test-app.ts'
import { itemIds } from './export-client.ts'

let request: Request

beforeAll(async () => {
  ;({ request } = await testApp())
})

/** The map's filters as the 导出 menu sends them select what the map shows (it filters on the client). */
describe('the map filters as an export filter', () => {
  const filters: MapFilters = {
    towns: ['320924100', '320924101'],
    sectors: ['hazchem', 'machinery'],
    risks: ['major', 'high'],
  }
  const items = async (collection: string) => {
    const response = await request(`/ogc/collections/${collection}/items?limit=10000`)
    return ((await response.json()) as Parameters<typeof chemicalUnits>[0]).features
  }

  it('every layer group exports the features the map draws under the filters', async () => {
    for (const group of layerGroupIds) {
      const { collection, filter } = layerExport(group, filters)
      const query = `/ogc/collections/${collection}/items${filter ? `?filter=${encodeURIComponent(filter)}` : ''}`
      const exported = await itemIds(request, query)
      const all = await items(collection)
      const shown =
        group === 'towns'
          ? all
          : (group === 'chemicals' ? chemicalUnits({ type: 'FeatureCollection', features: all }).features : all).filter(
              (feature) =>
                matchesFilters(
                  feature.properties,
                  filters,
                  ['enterprises', 'dust', 'confined-spaces', 'chemicals'].includes(group),
                ),
            )
      expect(shown.length, group).toBeGreaterThan(0)
      expect(exported, group).toEqual(shown.map((feature) => feature.id))
    }
  })
})
