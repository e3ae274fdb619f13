import type { Database } from '../../db/client.ts'
import { mergeAreas, parseNotification, type ChangeArea } from './change-area.ts'

/**
 * Tables that changed, announced together after a short quiet period, each with where it changed;
 * /api/events passes on only the tables the caller's scope hears of (server/events/change-area.ts).
 */
export type Change = { tables: string[]; at: string; areas: Record<string, ChangeArea> }
export type ChangeListener = (change: Change) => void

export type ChangeHub = {
  subscribe(listener: ChangeListener): Promise<() => void>
  close(): Promise<void>
}

const channel = 'data_changed'

/**
 * One LISTEN per process on the `data_changed` channel, fanned out to every subscriber. The
 * statement triggers (db/migrations/0004_scoped_events_and_login_limits.sql) notify it once per
 * changed table per statement, with the towns and grids of the changed rows. Bursts, such as an
 * import or an inspection saved with its hazards, are merged into one change after `debounceMs`,
 * so a wall display refetches once, not per row.
 */
export function createChangeHub(db: Database, { debounceMs = 200 } = {}): ChangeHub {
  const listeners = new Set<ChangeListener>()
  const pending = new Map<string, ChangeArea>()
  let timer: NodeJS.Timeout | undefined
  let listening: Promise<() => Promise<void>> | undefined

  const flush = () => {
    timer = undefined
    const tables = [...pending.keys()].sort()
    const change = { tables, at: new Date().toISOString(), areas: Object.fromEntries(pending) }
    pending.clear()
    for (const listener of listeners) listener(change)
  }
  const onPayload = (payload: string) => {
    const note = parseNotification(payload)
    if (!note) return
    const before = pending.get(note.table)
    pending.set(note.table, before ? mergeAreas(before, note.area) : note.area)
    timer ??= setTimeout(flush, debounceMs)
  }

  return {
    async subscribe(listener) {
      listening ??= db.listen(channel, onPayload)
      await listening
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      clearTimeout(timer)
      listeners.clear()
      if (listening) await (await listening)()
    },
  }
}
