import type { Point } from 'geojson'
import { markRaw, shallowRef, watch } from 'vue'
import { fetchAllItems, type OgcCollectionId, type OgcFeatureCollection } from '../api/ogc.ts'
import { useConnectionStore } from '../stores/connection.ts'
import type { LayerGroupId } from './layers/types.ts'

export type LayerData = Partial<Record<OgcCollectionId, OgcFeatureCollection>>

/** The collections each layer group draws from. Enterprises are always loaded (search, suppliers). */
export const groupCollections: Record<LayerGroupId, OgcCollectionId[]> = {
  towns: ['towns'],
  grids: ['grids'],
  zones: ['zones'],
  enterprises: ['enterprises'],
  dust: ['dust'],
  'confined-spaces': ['confined-spaces'],
  chemicals: ['enterprises'],
  fireworks: ['fireworks-outlets', 'enterprises'],
  'sensitive-sites': ['sensitive-sites'],
}

const alwaysLoaded: OgcCollectionId[] = ['towns', 'grids', 'enterprises']

/**
 * The map's feature data, fetched once per collection (all pages) and kept raw (frozen for Vue):
 * filters are applied on the map, not by refetching. After the server comes back from an outage
 * everything loaded so far is fetched again.
 */
export function useLayerData() {
  const data = shallowRef<LayerData>({})
  const error = shallowRef<unknown>(null)
  const pending = new Map<OgcCollectionId, Promise<void>>()
  const requested = new Set<OgcCollectionId>()
  const connection = useConnectionStore()

  function load(id: OgcCollectionId, force = false): Promise<void> {
    if (!force && (data.value[id] || pending.has(id))) return pending.get(id) ?? Promise.resolve()
    requested.add(id)
    const request = fetchAllItems(id)
      .then((collection) => {
        data.value = { ...data.value, [id]: markRaw(collection) }
        error.value = null
      })
      .catch((reason: unknown) => {
        error.value = reason
      })
      .finally(() => pending.delete(id))
    pending.set(id, request)
    return request
  }

  /** Fetches these collections unless they are in hand (a view with its own layers, /fireworks). */
  async function loadCollections(ids: OgcCollectionId[]) {
    await Promise.all(ids.map((id) => load(id)))
  }

  async function loadGroups(groups: LayerGroupId[]) {
    const ids = new Set<OgcCollectionId>([...alwaysLoaded, ...groups.flatMap((group) => groupCollections[group])])
    await Promise.all([...ids].map((id) => load(id)))
  }

  watch(
    () => connection.state.recoveries,
    () => {
      for (const id of requested) void load(id, true)
    },
  )

  /** Fetches these collections again (data changed on the server). */
  async function reload(ids: OgcCollectionId[]) {
    await Promise.all(ids.map((id) => load(id, true)))
  }

  const points = (id: OgcCollectionId) => data.value[id] as OgcFeatureCollection<Point> | undefined

  return { data, error, loadGroups, loadCollections, reload, points }
}
