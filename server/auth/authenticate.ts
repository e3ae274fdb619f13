import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { apiTokens, sessions, users } from '../../db/schema.ts'
import { errorBody, type ErrorCode } from '../api-error.ts'
import { prefersHtml } from '../ogc/format.ts'
import { logInPage } from '../ogc/html/views.ts'
import type { Database } from '../../db/client.ts'
import type { AppEnv } from '../app-env.ts'
import { scopeOf } from '../scope.ts'
import type { Principal } from './principal.ts'
import { sha256 } from './secrets.ts'
import { auditSignIn } from './sign-in-audit.ts'
import { isSafeMethod } from './write-guard.ts'

/**
 * The session cookie's name: `__Host-sid` when PUBLIC_ORIGIN is https (the browser then keeps it
 * Secure, Path=/, without Domain, and no http page or sibling host can set one), `sid` otherwise.
 * Only the name being set is read: a plain `sid` left from before PUBLIC_ORIGIN was set could
 * have been planted over http, so those sessions end and their users log in once more.
 */
export const sessionCookieName = (publicOrigin: string | undefined) =>
  publicOrigin?.startsWith('https:') ? '__Host-sid' : 'sid'
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

/**
 * A token used from another address than last time is audited (`token_new_address`): a copied
 * token shows up in the log. Only the request that moves the address writes the row, however many
 * arrive at once.
 */
async function noteAddress(
  c: Context<AppEnv>,
  token: { id: number; name: string; userId: number; address: string | null },
) {
  const address = c.get('clientAddress')
  if (token.address === address) return
  const orm = c.get('db').orm
  await orm.transaction(async (tx) => {
    const moved = await tx
      .update(apiTokens)
      .set({ lastUsedAddress: address })
      .where(and(eq(apiTokens.id, token.id), sql`${apiTokens.lastUsedAddress} IS DISTINCT FROM ${address}`))
      .returning({ id: apiTokens.id })
    if (moved.length === 0) return
    await auditSignIn(tx, {
      action: 'token_new_address',
      userId: token.userId,
      entity: 'api_tokens',
      entityId: token.id,
      before: { name: token.name, last_used_address: token.address },
      after: { name: token.name, last_used_address: address },
    })
  })
}

/**
 * The principal of an API token, its use noted (last-used time and address, audited when the
 * address moves). `username`, from HTTP Basic, must be the token's own user's.
 */
async function fromBearer(c: Context<AppEnv>, tokenHash: string, username?: string): Promise<Principal | undefined> {
  const orm = c.get('db').orm
  const [row] = await orm
    .select({
      ...userColumns,
      tokenId: apiTokens.id,
      kind: apiTokens.kind,
      tokenName: apiTokens.name,
      lastUsedAddress: apiTokens.lastUsedAddress,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        eq(users.active, true),
        username === undefined ? undefined : eq(users.username, username),
      ),
    )
  if (!row) return undefined
  await noteAddress(c, { id: row.tokenId, name: row.tokenName, userId: row.userId, address: row.lastUsedAddress })
  await orm
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, row.tokenId),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(Date.now() - touchEveryMs))),
      ),
    )
  const { tokenId: _id, kind, tokenName: _name, lastUsedAddress: _address, ...user } = row
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

/**
 * Paths whose clients may authenticate with HTTP Basic — username and an API token as the password
 * — because desktop GIS (QGIS 3.22, ArcGIS Pro) and spreadsheets cannot send a Bearer header: the
 * OGC API, the vector tiles to come and any export route (add its prefix here). A 401 there
 * challenges with both schemes.
 */
const basicPrefixes = ['/ogc', '/tiles'] as const
export const acceptsBasic = (path: string) =>
  basicPrefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
/** What randomSecret makes (server/auth/secrets.ts): a Basic password of any other shape is no API token. */
const tokenShape = /^[A-Za-z0-9_-]{43}$/
const basicRealm = 'sheyang-ogc'

/** `Authorization: Basic …` as username and password, or undefined when it is not a readable Basic. */
function basicCredentials(header: string): { username: string; password: string } | undefined {
  const encoded = header.match(/^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i)?.[1]
  if (!encoded) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** Paths anyone may request: the log-in, health, static assets and the web app's HTML routes. */
const isOpen = (path: string) => path === '/api/auth/login' || !(/^\/api(\/|$)/.test(path) || acceptsBasic(path))
const originOf = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url).origin : undefined)

/**
 * Whether a cookie-authenticated write comes from the app's own pages: the browser says so
 * (`Sec-Fetch-Site: same-origin`, which no page can forge), or Origin — Referer when Origin is
 * absent — is PUBLIC_ORIGIN, or without PUBLIC_ORIGIN has this request's own host (the Host
 * header, which a proxy may rewrite: production sets PUBLIC_ORIGIN). A client that sends none of
 * them is no browser, and so no forged request.
 */
function fromOwnPages(c: Context<AppEnv>): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true
  const origin = c.req.header('origin')
  const referer = c.req.header('referer')
  if (origin === undefined && referer === undefined) return true
  const source = origin ?? originOf(referer)
  const expected = c.get('publicOrigin')
  if (expected) return source === expected
  return source !== undefined && originOf(source) !== undefined && new URL(source).host === new URL(c.req.url).host
}
/** A POST that only reads: asking for an event-stream ticket, which kiosk tokens and viewers may. */
const isTicketRequest = (method: string, path: string) => method === 'POST' && path === '/api/events/ticket'
const isEventStream = (c: Context<AppEnv>) => c.req.method === 'GET' && c.req.path === '/api/events'

/** On Basic paths a 401 offers Basic first (what browsers and desktop GIS can answer), then Bearer. */
const refuse = (c: Context<AppEnv>, status: 401 | 403, error: string, code: ErrorCode) =>
  c.json(errorBody(error, code), status, {
    ...(status === 401 && acceptsBasic(c.req.path)
      ? { 'WWW-Authenticate': [`Basic realm="${basicRealm}", charset="UTF-8"`, `Bearer realm="${basicRealm}"`] }
      : {}),
  })

/**
 * Why a Basic log-in failed. The password is never checked as an account password (that would
 * make every Basic path an unthrottled password oracle): anything not shaped like a token is told
 * it is not one.
 */
function refuseBasic(
  c: Context<AppEnv>,
  basic: { username: string; password: string } | undefined,
  token: string | undefined,
) {
  if (!acceptsBasic(c.req.path)) {
    return refuse(
      c,
      401,
      `HTTP Basic is accepted on ${basicPrefixes.join(', ')} only; log in or send Authorization: Bearer <token>`,
      'unauthenticated',
    )
  }
  if (!basic) return refuse(c, 401, 'Unreadable Basic credentials: base64 of username:API token', 'invalid_token')
  if (!token) {
    return refuse(
      c,
      401,
      'Basic authentication takes your username and a personal API token as the password, never the account password: ask an administrator for a token (/admin → 令牌)',
      'password_not_token',
    )
  }
  return refuse(c, 401, `Invalid or revoked API token for user "${basic.username}"`, 'invalid_token')
}

/** The principal behind a one-time ticket of GET /api/events?ticket=, looked up afresh. */
async function fromTicket(c: Context<AppEnv>, ticket: string): Promise<Principal | undefined> {
  const credential = c.get('eventTickets').redeem(ticket)
  if (!credential) return undefined
  return credential.kind === 'session' ? fromSession(c, credential.hash) : fromBearer(c, credential.hash)
}

/**
 * DESIGN §6, the one place a request gets its principal and scope: a Bearer token (personal or
 * kiosk) or the session cookie — or, on the Basic paths (/ogc, /tiles), HTTP Basic with the
 * username and an API token, which is that token in every respect (scope, read-only kiosk, audit) —
 * or, on GET /api/events only, a one-time ticket from
 * POST /api/events/ticket (EventSource cannot send headers; a ticket in a URL is worthless once
 * used or a minute old). Every /api, /ogc and /tiles path except the log-in needs one (401), kiosk tokens
 * and viewers only read (403), and a cookie-authenticated write from another origin is refused
 * (SameSite=Lax already stops most; this closes the rest; server/auth/write-guard.ts has already
 * refused cross-site writes and bodies that are neither JSON nor multipart). Refusals carry a `code`
 * (server/api-error.ts) besides the English `error`.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ticket = isEventStream(c) ? c.req.query('ticket') : undefined
  // Deprecated, accepted for one release (README, decisions): wall displays still running the
  // previous web app send their kiosk token as ?access_token= on the event stream. Kiosk tokens
  // only: a personal token (GDAL's, an officer's) never goes into a URL that logs keep.
  const queryToken =
    isEventStream(c) && !ticket && !c.req.header('authorization') ? c.req.query('access_token') : undefined
  const header = c.req.header('authorization') ?? (queryToken ? `Bearer ${queryToken}` : undefined)
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1]
  const isBasic = header !== undefined && /^Basic(\s|$)/i.test(header)
  const basic = isBasic && acceptsBasic(c.req.path) ? basicCredentials(header) : undefined
  const basicToken = basic && tokenShape.test(basic.password) ? basic.password : undefined
  const sid = getCookie(c, sessionCookieName(c.get('publicOrigin')))
  const fromQuery = async (hash: string) => {
    const found = await fromBearer(c, hash)
    return found?.via === 'kiosk' ? found : undefined
  }
  const principal = ticket
    ? await fromTicket(c, ticket)
    : bearer
      ? await (queryToken ? fromQuery(sha256(bearer)) : fromBearer(c, sha256(bearer)))
      : basic
        ? basicToken
          ? await fromBearer(c, sha256(basicToken), basic.username)
          : undefined
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
    if (isBasic) return refuseBasic(c, basic, basicToken)
    if (header) return refuse(c, 401, 'Invalid or revoked API token', 'invalid_token')
    // A browser opening an OGC page without a session: a page that says where to log in, and
    // no Basic challenge (its dialog would invite the account password).
    if (/^\/ogc(\/|$)/.test(path) && (c.req.query('f') === 'html' || prefersHtml(c.req.header('accept')))) {
      return c.html(logInPage(sid !== undefined), 401, { 'WWW-Authenticate': `Bearer realm="${basicRealm}"` })
    }
    if (sid) return refuse(c, 401, 'Session expired; log in again', 'session_expired')
    return refuse(c, 401, 'Log in or send Authorization: Bearer <token>', 'unauthenticated')
  }
  if (principal && !isSafeMethod(c.req.method) && !isTicketRequest(c.req.method, path)) {
    if (principal.via === 'kiosk') return refuse(c, 403, 'Kiosk tokens are read-only', 'kiosk_read_only')
    if (principal.role === 'viewer' && !path.startsWith('/api/auth/')) {
      return refuse(c, 403, 'The viewer role is read-only', 'viewer_read_only')
    }
  }
  if (principal?.via === 'session' && !isSafeMethod(c.req.method) && !fromOwnPages(c)) {
    return refuse(c, 403, 'Cross-origin write refused', 'cross_origin')
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
