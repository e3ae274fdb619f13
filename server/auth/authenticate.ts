import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { apiTokens, sessions, users } from '../../db/schema.ts'
import { errorBody, type ErrorCode } from '../api-error.ts'
import type { Database } from '../../db/client.ts'
import type { AppEnv } from '../app-env.ts'
import { scopeOf } from '../scope.ts'
import type { Principal } from './principal.ts'
import { sha256 } from './secrets.ts'

export const sessionCookie = 'sid'
/** Sliding expiry: a session lives this long after its last use. */
export const sessionTtlMs = 12 * 3600_000
/** The expiry (and a token's last_used_at) is written at most once a minute, not on every request. */
const touchEveryMs = 60_000

const userColumns = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  townCode: users.townCode,
  gridCodes: users.gridCodes,
}

async function fromBearer(c: Context<AppEnv>, tokenHash: string): Promise<Principal | undefined> {
  const orm = c.get('db').orm
  const [row] = await orm
    .select({ ...userColumns, tokenId: apiTokens.id, kind: apiTokens.kind })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.active, true)))
  if (!row) return undefined
  await orm
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(Date.now() - touchEveryMs))),
      ),
    )
  const { tokenId: _id, kind, ...user } = row
  return { ...user, via: kind, tokenHash }
}

async function fromSession(c: Context<AppEnv>, sessionHash: string): Promise<Principal | undefined> {
  const orm = c.get('db').orm
  const now = Date.now()
  const [row] = await orm
    .select(userColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionHash), gt(sessions.expiresAt, new Date(now)), eq(users.active, true)))
  if (!row) return undefined
  await orm
    .update(sessions)
    .set({ expiresAt: new Date(now + sessionTtlMs) })
    .where(and(eq(sessions.id, sessionHash), lt(sessions.expiresAt, new Date(now + sessionTtlMs - touchEveryMs))))
  return { ...row, via: 'session', sessionHash }
}

/**
 * Whether the session or token behind `principal` still stands (not expired, revoked or its user
 * deactivated), read without touching it: long-lived answers (the event stream) ask again now and
 * then, so a revoked kiosk token stops a wall display that is already open.
 */
export async function credentialStands(db: Database, principal: Principal): Promise<boolean> {
  const now = new Date()
  const rows = principal.sessionHash
    ? await db.orm
        .select({ id: users.id })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.id, principal.sessionHash), gt(sessions.expiresAt, now), eq(users.active, true)))
    : principal.tokenHash
      ? await db.orm
          .select({ id: users.id })
          .from(apiTokens)
          .innerJoin(users, eq(users.id, apiTokens.userId))
          .where(and(eq(apiTokens.tokenHash, principal.tokenHash), isNull(apiTokens.revokedAt), eq(users.active, true)))
      : []
  return rows.length > 0
}

/** Paths anyone may request: the log-in, health, static assets and the web app's HTML routes. */
const isOpen = (path: string) => path === '/api/auth/login' || !/^\/(api|ogc)(\/|$)/.test(path)
const originHost = (origin: string) => (URL.canParse(origin) ? new URL(origin).host : undefined)
const isSafe = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
/** A POST that only reads: asking for an event-stream ticket, which kiosk tokens and viewers may. */
const isTicketRequest = (method: string, path: string) => method === 'POST' && path === '/api/events/ticket'
const isEventStream = (c: Context<AppEnv>) => c.req.method === 'GET' && c.req.path === '/api/events'

const refuse = (c: Context<AppEnv>, status: 401 | 403, error: string, code: ErrorCode) =>
  c.json(errorBody(error, code), status, {
    ...(status === 401 && /^\/ogc(\/|$)/.test(c.req.path) ? { 'WWW-Authenticate': 'Bearer realm="sheyang-ogc"' } : {}),
  })

/** The principal behind a one-time ticket of GET /api/events?ticket=, looked up afresh. */
async function fromTicket(c: Context<AppEnv>, ticket: string): Promise<Principal | undefined> {
  const credential = c.get('eventTickets').redeem(ticket)
  if (!credential) return undefined
  return credential.kind === 'session' ? fromSession(c, credential.hash) : fromBearer(c, credential.hash)
}

/**
 * DESIGN §6, the one place a request gets its principal and scope: a Bearer token (personal or
 * kiosk) or the session cookie — or, on GET /api/events only, a one-time ticket from
 * POST /api/events/ticket (EventSource cannot send headers; a ticket in a URL is worthless once
 * used or a minute old). Every /api and /ogc path except the log-in needs one (401), kiosk tokens
 * and viewers only read (403), and a cookie-authenticated write from another origin is refused
 * (SameSite=Lax already stops most; this closes the rest). Refusals carry a `code`
 * (server/api-error.ts) besides the English `error`.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ticket = isEventStream(c) ? c.req.query('ticket') : undefined
  // Deprecated, accepted for one release (README, decisions): wall displays still running the
  // previous web app send their kiosk token as ?access_token= on the event stream.
  const queryToken = isEventStream(c) && !ticket ? c.req.query('access_token') : undefined
  const header = c.req.header('authorization') ?? (queryToken ? `Bearer ${queryToken}` : undefined)
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  const sid = getCookie(c, sessionCookie)
  const principal = ticket
    ? await fromTicket(c, ticket)
    : bearer
      ? await fromBearer(c, sha256(bearer))
      : sid
        ? await fromSession(c, sha256(sid))
        : undefined
  c.set('principal', principal)
  c.set('scope', scopeOf(principal))
  const path = c.req.path
  if (!principal && !isOpen(path)) {
    if (ticket) {
      return refuse(
        c,
        401,
        'Unknown, used or expired event-stream ticket; POST /api/events/ticket for a new one',
        'invalid_ticket',
      )
    }
    if (header) return refuse(c, 401, 'Invalid or revoked API token', 'invalid_token')
    if (sid) return refuse(c, 401, 'Session expired; log in again', 'session_expired')
    return refuse(c, 401, 'Log in or send Authorization: Bearer <token>', 'unauthenticated')
  }
  if (principal && !isSafe(c.req.method) && !isTicketRequest(c.req.method, path)) {
    if (principal.via === 'kiosk') return refuse(c, 403, 'Kiosk tokens are read-only', 'kiosk_read_only')
    if (principal.role === 'viewer' && !path.startsWith('/api/auth/')) {
      return refuse(c, 403, 'The viewer role is read-only', 'viewer_read_only')
    }
  }
  if (principal && !isSafe(c.req.method)) {
    const origin = c.req.header('origin')
    if (principal.via === 'session' && origin && originHost(origin) !== new URL(c.req.url).host) {
      return refuse(c, 403, 'Cross-origin write refused', 'cross_origin')
    }
  }
  // Answers depend on who asks: no shared cache may keep one user's data for another. Set before
  // the handler runs, so they are part of the response it creates: a header set afterwards makes
  // Hono rebuild the Response around the same body stream.
  if (!isOpen(path)) {
    c.header('Cache-Control', 'private, no-cache')
    c.header('Vary', 'Cookie, Authorization', { append: true })
  }
  await next()
}
