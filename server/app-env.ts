import type { Database } from '../db/client.ts'
import type { LoginLimiter } from './auth/rate-limit.ts'
import type { EventTickets } from './auth/event-tickets.ts'
import type { Principal } from './auth/principal.ts'
import type { ChangeHub } from './events/change-hub.ts'
import type { Scope } from './scope.ts'

/** How often an open /api/events stream sends a keep-alive, and re-checks its credential. */
export type StreamTiming = { keepAliveMs: number; recheckEveryMs: number }

/** Per-request values every route can read with c.get(). */
export type AppEnv = {
  Variables: {
    db: Database
    /** YYYY-MM-DD: the reference date for "this year", "overdue" and visit frequencies. */
    today: string
    /** Set by server/auth/authenticate.ts from the principal; never from a request parameter. */
    scope: Scope
    /** The logged-in user or token holder; undefined only on the open paths. */
    principal: Principal | undefined
    loginLimiter: LoginLimiter
    /** The client's address (server/http/client-address.ts), for the log-in limit and the audit. */
    clientAddress: string
    /** PUBLIC_ORIGIN when set (an origin, no trailing slash). */
    publicOrigin: string | undefined
    /** Data-change notifications for /api/events. */
    changes: ChangeHub
    /** One-time tickets for GET /api/events (server/auth/event-tickets.ts). */
    eventTickets: EventTickets
    /** Event-stream timing (server/events/routes.ts); tests shorten it. */
    streamTiming: StreamTiming
  }
}
