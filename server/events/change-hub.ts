import type { Database } from '../../db/client.ts'

/** Tables that changed, announced together after a short quiet period. */
export type Change = { tables: string[]; at: string }
export type ChangeListener = (change: Change) => void

export type ChangeHub = {
  subscribe(listener: ChangeListener): Promise<() => void>
  close(): Promise<void>
}

const channel = 'data_changed'

/**
 * One LISTEN per process on the `data_changed` channel (db/migrations/0001_spatial_join.sql
 * notifies it once per changed table per statement), fanned out to every subscriber. Bursts, such
 * as an import or an inspection saved with its hazards, are merged into one change after
 * `debounceMs`, so a wall display refetches once, not per row.
 */
export function createChangeHub(db: Database, { debounceMs = 200 } = {}): ChangeHub {
  const listeners = new Set<ChangeListener>()
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let listening: Promise<() => Promise<void>> | undefined

  const flush = () => {
    timer = undefined
    const change = { tables: [...pending].sort(), at: new Date().toISOString() }
    pending.clear()
    for (const listener of listeners) listener(change)
  }
  const onPayload = (table: string) => {
    pending.add(table)
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
