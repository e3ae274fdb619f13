import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import { api, type ApiClient } from '../api/client.ts'
import { fetchRules, type Rules } from '../api/rules.ts'
import { useConnectionStore } from './connection.ts'

/**
 * The thresholds in force (GET /api/rules), fetched once and kept for the session, so legends,
 * labels and map classes print and use the county's settings, never a constant. `null` until the
 * first answer: what depends on a threshold waits for it. Fetched again when the live-events
 * stream says `settings` changed, and retried when the server comes back if it never answered.
 */
export const useRulesStore = defineStore('rules', () => {
  const rules = shallowRef<Rules | null>(null)
  let pending: Promise<void> | null = null
  let generation = 0

  /** Fetches the rules unless they are in hand or on the way; `force` fetches them again. */
  function load(client: ApiClient = api, force = false): Promise<void> {
    if (!force && (rules.value || pending)) return pending ?? Promise.resolve()
    const mine = ++generation
    pending = fetchRules(client)
      .then(
        (answer) => {
          if (mine === generation) rules.value = answer
        },
        // Unreachable or refused: the client has marked the page stale or sent it to log in; the
        // last good rules stay, and the server's recovery (below) or the next load tries again.
        () => undefined,
      )
      .finally(() => {
        if (mine === generation) pending = null
      })
    return pending
  }

  /** The tables a live-events burst changed: the settings table holds the rules. */
  function tablesChanged(tables: readonly string[], client: ApiClient = api) {
    return tables.includes('settings') ? load(client, true) : Promise.resolve()
  }

  watch(
    () => useConnectionStore().state.recoveries,
    () => void load(),
  )

  return { rules, load, tablesChanged }
})
