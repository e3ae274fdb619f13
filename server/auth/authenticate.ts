import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { apiTokens, sessions, users } from '../../db/schema.ts'
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

async function fromBearer(c: Context<AppEnv>, token: string): Promise<Principal | undefined> {
  const orm = c.get('db').orm
  const [row] = await orm
    .select({ ...userColumns, tokenId: apiTokens.id, kind: apiTokens.kind })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt), eq(users.active, true)))
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
  return { ...user, via: kind }
}

async function fromSession(c: Context<AppEnv>, sid: string): Promise<Principal | undefined> {
  const orm = c.get('db').orm
  const sessionHash = sha256(sid)
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

/** Paths anyone may request: the log-in, health, static assets and the web app's HTML routes. */
const isOpen = (path: string) => path === '/api/auth/login' || !/^\/(api|ogc)(\/|$)/.test(path)
const originHost = (origin: string) => (URL.canParse(origin) ? new URL(origin).host : undefined)
const isSafe = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS'

function eventStreamToken(c: Context<AppEnv>): string | undefined {
  const token = c.req.method === 'GET' && c.req.path === '/api/events' ? c.req.query('access_token') : undefined
  return token ? `Bearer ${token}` : undefined
}

/**
 * DESIGN §6, the one place a request gets its principal and scope: a Bearer token (personal or
 * kiosk) or the session cookie. Every /api and /ogc path except the log-in needs one (401), kiosk
 * tokens and viewers only read (403), and a cookie-authenticated write from another origin is
 * refused (SameSite=Lax already stops most; this closes the rest).
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  // EventSource cannot send headers, so the live stream alone also takes ?access_token=.
  const header = c.req.header('authorization') ?? eventStreamToken(c)
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  const sid = getCookie(c, sessionCookie)
  const principal = bearer ? await fromBearer(c, bearer) : sid ? await fromSession(c, sid) : undefined
  c.set('principal', principal)
  c.set('scope', scopeOf(principal))
  const path = c.req.path
  if (!principal && !isOpen(path)) {
    const ogc = /^\/ogc(\/|$)/.test(path)
    const error = header
      ? 'Invalid or revoked API token'
      : sid
        ? 'Session expired; log in again'
        : 'Log in or send Authorization: Bearer <token>'
    return c.json({ error }, 401, ogc ? { 'WWW-Authenticate': 'Bearer realm="sheyang-ogc"' } : {})
  }
  if (principal && !isSafe(c.req.method)) {
    if (principal.via === 'kiosk') return c.json({ error: 'Kiosk tokens are read-only' }, 403)
    if (principal.role === 'viewer' && !path.startsWith('/api/auth/')) {
      return c.json({ error: 'The viewer role is read-only' }, 403)
    }
    const origin = c.req.header('origin')
    if (principal.via === 'session' && origin && originHost(origin) !== new URL(c.req.url).host) {
      return c.json({ error: 'Cross-origin write refused' }, 403)
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
