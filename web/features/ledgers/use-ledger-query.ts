import { computed } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import type { Query } from '../../api/client.ts'

/** The filters a ledger page keeps in its URL (the server's query names), so a link reopens it. */
export const filterKeys = [
  'q',
  'town_code',
  'sector',
  'risk_level',
  'status',
  'level',
  'overdue',
  'from',
  'to',
  'visit_state',
] as const
export type FilterKey = (typeof filterKeys)[number]

const first = (value: LocationQuery[string] | undefined) => (Array.isArray(value) ? value[0] : value) ?? undefined

/**
 * The ledger's state is the URL query: filters, `sort`, `dir`, `offset`, `limit`. Each change
 * replaces the query (a new filter or sort goes back to the first page); the page reads from it.
 */
export function useLedgerQuery() {
  const route = useRoute()
  const router = useRouter()

  const query = computed<Query>(() => {
    const out: Query = {}
    for (const key of [...filterKeys, 'sort', 'dir', 'offset', 'limit']) {
      const value = first(route.query[key])
      if (value) out[key] = value
    }
    return out
  })

  function set(changes: Query, keepPage = false) {
    const next: Record<string, string> = {}
    for (const [key, value] of Object.entries({ ...query.value, ...changes })) {
      if (value !== undefined && value !== null && value !== '') next[key] = String(value)
    }
    if (!keepPage) delete next.offset
    void router.replace({ query: next })
  }

  function sortBy(key: string) {
    const same = query.value.sort === key
    set({ sort: key, dir: same && query.value.dir !== 'desc' ? 'desc' : 'asc' })
  }

  function clear() {
    const { sort, dir, limit } = query.value
    void router.replace({ query: Object.fromEntries(Object.entries({ sort, dir, limit }).filter(([, v]) => v)) })
  }

  return { query, set, sortBy, clear }
}
