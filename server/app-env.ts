import type { Database } from '../db/client.ts'
import type { ChangeHub } from './events/change-hub.ts'
import type { Scope } from './scope.ts'

/** Per-request values every route can read with c.get(). */
export type AppEnv = {
  Variables: {
    db: Database
    /** YYYY-MM-DD: the reference date for "this year", "overdue" and visit frequencies. */
    today: string
    scope: Scope
    /** Data-change notifications for /api/events. */
    changes: ChangeHub
  }
}
