import { watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useViewStore } from '../../stores/view.ts'
import { parseViewQuery, viewQuery } from '../../map/url-state.ts'

const key = (query: Record<string, unknown>) =>
  JSON.stringify(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)))

/**
 * Keeps the view store and the URL query in step: the store is read from the URL at start and
 * on back/forward; every change of the store replaces the query, so a link reopens the same view.
 */
export function useUrlSync() {
  const view = useViewStore()
  const route = useRoute()
  const router = useRouter()
  view.apply(parseViewQuery(route.query))

  watch(
    () => viewQuery(view.snapshot()),
    (query) => {
      if (key(query) === key(route.query)) return
      void router.replace({ query })
    },
    { deep: true },
  )
  watch(
    () => route.query,
    (query) => {
      if (key(query) === key(viewQuery(view.snapshot()))) return
      view.apply(parseViewQuery(query))
    },
  )
}
