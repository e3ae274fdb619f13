import { shallowRef, watch } from 'vue'
import type { ApiClient } from '../../api/client.ts'
import {
  fetchGridStats,
  fetchSummary,
  fetchTownStats,
  type GridStatsList,
  type Summary,
  type TownStats,
} from '../../api/stats.ts'
import { fetchWallLists, type WallLists } from '../../api/wall.ts'
import type { useLayerData } from '../../map/use-layer-data.ts'
import { useConnectionStore } from '../../stores/connection.ts'
import { wallResources, type WallResource } from './refresh-plan.ts'

/** Rows per list: enough to fill the wall's list panels. */
export const wallListLimit = 8

/**
 * The wall's data: the county summary, the lists, the town and grid statistics, and the map's
 * towns, grids and enterprises. `refresh(resources)` refetches only those; refreshes run one at a
 * time (a request made while one runs is merged into the next), so a burst of changes or a slow
 * server never stacks up requests. The last good data stays in place when a fetch fails.
 */
export function useWallData(client: ApiClient, layers: ReturnType<typeof useLayerData>, now = () => Date.now()) {
  const summary = shallowRef<Summary | null>(null)
  const lists = shallowRef<WallLists | null>(null)
  const townStats = shallowRef<TownStats[] | null>(null)
  const gridStats = shallowRef<GridStatsList | null>(null)
  /** When fresh data last arrived from the server (ms since epoch). */
  const updatedAt = shallowRef<number | null>(null)
  const connection = useConnectionStore()

  const queued = new Set<WallResource>()
  let running: Promise<void> | null = null

  const loaders: Record<WallResource, () => Promise<unknown>> = {
    summary: async () => (summary.value = await fetchSummary(undefined, client)),
    lists: async () => (lists.value = await fetchWallLists(wallListLimit, client)),
    townStats: async () => (townStats.value = await fetchTownStats({}, client)),
    gridStats: async () => (gridStats.value = await fetchGridStats({}, client)),
    towns: () => layers.reload(['towns']),
    grids: () => layers.reload(['grids']),
    enterprises: () => layers.reload(['enterprises']),
  }

  async function drain() {
    while (queued.size > 0) {
      const batch = wallResources.filter((resource) => queued.has(resource))
      queued.clear()
      const results = await Promise.allSettled(batch.map((resource) => loaders[resource]()))
      if (results.every((result) => result.status === 'fulfilled') && !client.state.stale) updatedAt.value = now()
    }
    running = null
  }

  function refresh(resources: readonly WallResource[] = wallResources): Promise<void> {
    for (const resource of resources) queued.add(resource)
    running ??= drain()
    return running
  }

  // The server is back after an outage (a /healthz probe answered): catch up on the statistics.
  // useLayerData reloads the map collections by itself.
  watch(
    () => connection.state.recoveries,
    () => void refresh(['summary', 'lists', 'townStats', 'gridStats']),
  )

  return { summary, lists, townStats, gridStats, updatedAt, refresh }
}
