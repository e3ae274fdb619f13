import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { HTTPException } from 'hono/http-exception'
import type { Database } from '../db/client.ts'
import { ApiError, codeForStatus, errorBody } from './api-error.ts'
import type { AppEnv, StreamTiming } from './app-env.ts'
import { bodyEtag } from './etag.ts'
import { authenticate } from './auth/authenticate.ts'
import { createEventTickets, type EventTickets } from './auth/event-tickets.ts'
import { createLoginLimiter, type LoginLimiter } from './auth/rate-limit.ts'
import { writeGuard } from './auth/write-guard.ts'
import { createChangeHub, type ChangeHub } from './events/change-hub.ts'
import { limitBody } from './http/body-limit.ts'
import { clientAddress, parseTrustedProxies } from './http/client-address.ts'
import { admin } from './admin/routes.ts'
import { auth } from './auth/routes.ts'
import { draws } from './draws/routes.ts'
import { enterprises } from './enterprises/routes.ts'
import { fireworks } from './fireworks/routes.ts'
import { defaultStreamTiming, events } from './events/routes.ts'
import { grids } from './grids/routes.ts'
import { hazards } from './hazards/routes.ts'
import { inspections } from './inspections/routes.ts'
import { ledgers } from './ledgers/routes.ts'
import { health } from './health/routes.ts'
import { imports } from './imports/routes.ts'
import { ogcAssets } from './ogc/assets.ts'
import { ogc } from './ogc/routes.ts'
import { outletInspections } from './outlet-inspections/routes.ts'
import { rules } from './rules/routes.ts'
import { stats } from './stats/routes.ts'
import { tiles } from './tiles/routes.ts'
import { wall } from './wall/routes.ts'
import { isDatabaseUnavailable, isDataException, logErrorSafely } from './http/error-log.ts'
import { securityHeaders } from './security-headers.ts'

export type AppOptions = {
  db: Database
  /** The date "today" is for statistics (YYYY-MM-DD); tests pin it to the demo data's date. */
  today?: () => string
  /** Data-change notifications; by default one LISTEN on `db`, started by the first subscriber. */
  changes?: ChangeHub
  /** Called with unexpected errors (and data exceptions answered 400); defaults to a sanitised console.error. */
  logError?: (error: unknown) => void
  /** Log-in limits, kept in `db` (server/auth/rate-limit.ts); tests inject one with their own clock. */
  loginLimiter?: LoginLimiter
  /** TRUSTED_PROXIES: CIDRs of proxies whose X-Forwarded-For names the client (server/http/client-address.ts). */
  trustedProxies?: readonly string[]
  /** PUBLIC_ORIGIN, e.g. https://aqjg.example.cn: the origin check, and __Host-/Secure cookies when https. */
  publicOrigin?: string
  /** One-time tickets for the event stream; in memory, per app. */
  eventTickets?: EventTickets
  /** Keep-alive and credential re-check intervals of /api/events; tests shorten them. */
  streamTiming?: StreamTiming
}

const isoToday = () => new Date().toISOString().slice(0, 10)

export function createApp({
  db,
  today = isoToday,
  changes = createChangeHub(db),
  logError = logErrorSafely,
  loginLimiter = createLoginLimiter(),
  eventTickets = createEventTickets(),
  streamTiming = defaultStreamTiming,
  trustedProxies = [],
  publicOrigin,
}: AppOptions) {
  const app = new Hono<AppEnv>()
  const proxies = parseTrustedProxies(trustedProxies)

  // First, so every answer carries them: the 401s of authenticate, errors, the web app's files.
  app.use(securityHeaders)

  app.use(async (c, next) => {
    c.set('db', db)
    c.set('today', today())
    c.set('changes', changes)
    c.set('loginLimiter', loginLimiter)
    c.set('eventTickets', eventTickets)
    c.set('streamTiming', streamTiming)
    c.set('clientAddress', clientAddress(c, proxies))
    c.set('publicOrigin', publicOrigin)
    await next()
  })
  // Header checks first (cross-site, content type), then the body is bounded before authenticate:
  // an anonymous client's body is bounded too (the log-in's to 16 KB).
  app.use(writeGuard)
  app.use(limitBody)
  app.use(authenticate)
  app.use(compress())
  // ETags hash the body, so never on the endless /api/events stream.
  for (const path of ['/ogc/*', '/tiles/*', '/api/stats/*', '/api/enterprises/*', '/api/wall/*'])
    app.use(path, bodyEtag)

  // One chain, so its type names every route with what it takes and answers (AppType, for hc).
  const routes = app
    .route('/healthz', health)
    .route('/ogc', ogc)
    .route('/tiles', tiles)
    .route('/ogc-assets', ogcAssets)
    .route('/api/stats', stats)
    .route('/api/events', events)
    .route('/api/auth', auth)
    .route('/api/admin', admin)
    .route('/api/enterprises', enterprises)
    .route('/api/grids', grids)
    .route('/api/inspections', inspections)
    .route('/api/hazards', hazards)
    .route('/api/ledgers', ledgers)
    .route('/api/draws', draws)
    .route('/api/wall', wall)
    .route('/api/fireworks', fireworks)
    .route('/api/fireworks/outlets', outletInspections)
    .route('/api/rules', rules)
    .route('/api/imports', imports)

  app.notFound((c) => c.json(errorBody(`No such resource: ${c.req.path}`, 'not_found'), 404))
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      // A body over its limit is not read any further: the connection closes after the answer
      // instead of draining (say) 48 MB the server has already refused.
      if (error.status === 413) c.header('Connection', 'close')
      return c.json(errorBody(error.message, error.code, error.details), error.status)
    }
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.message || 'Bad request', codeForStatus(error.status)), error.status)
    }
    logError(error)
    // The database is restarting or unreachable: nothing was written (each write is one
    // transaction), so the client may simply try again.
    if (isDatabaseUnavailable(error)) {
      c.header('Retry-After', '5')
      return c.json(errorBody('The database is unavailable; try again in a few seconds', 'database_unavailable'), 503)
    }
    // A value the database refused (SQLSTATE class 22) came from the request: the client's fault,
    // so a 400 without the SQL; it is still logged, since a schema at the edge should have caught it.
    if (isDataException(error)) {
      return c.json(errorBody('A value in the request is malformed or out of range', 'bad_request'), 400)
    }
    return c.json(errorBody('Internal server error', 'internal'), 500)
  })
  return routes
}

export type App = ReturnType<typeof createApp>

/**
 * Every route of the app with its validated input and its answers: `hc<AppType>` from
 * 'hono/client' types a client from it (test/server/contract.test.ts).
 */
export type AppType = App
