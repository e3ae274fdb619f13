import { fetchGridStats, fetchOneGridStats, fetchTownStats } from '../../../api/stats.ts'
import { useResource } from '../../../api/use-resource.ts'
import { statsQuery } from '../../../map/filters.ts'
import { useViewStore } from '../../../stores/view.ts'

/** Every grid's statistics under the current filters (for the grid choropleth). */
export function useGridStatsList() {
  const view = useViewStore()
  return useResource(
    () => statsQuery(view.filters),
    (query) => fetchGridStats(query),
  )
}

/** One grid's statistics under the current filters. */
export function useGridStats(code: () => string) {
  const view = useViewStore()
  return useResource(
    () => ({ code: code(), query: statsQuery(view.filters) }),
    ({ code, query }) => fetchOneGridStats(code, query),
  )
}

/** The town roll-up (all towns) under the current sector / risk filters. */
export function useTownStats() {
  const view = useViewStore()
  return useResource(
    () => statsQuery({ ...view.filters, towns: [] }),
    (query) => fetchTownStats(query),
  )
}
