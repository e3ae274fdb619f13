/**
 * Log-in and the caller's own account (DESIGN §4 fixed names), mounted at /api/auth.
 *
 * | method | path                | body                              | returns                                   |
 * |--------|---------------------|-----------------------------------|-------------------------------------------|
 * | POST   | /api/auth/login     | `{ username, password }`          | 200 `Me` + cookie `sid`; 401; 429 + Retry-After |
 * | POST   | /api/auth/logout    | —                                 | 204; the session row is deleted           |
 * | GET    | /api/auth/me        | —                                 | 200 `Me`: `{ user, via }`                 |
 * | POST   | /api/auth/password  | `{ old_password, new_password }`  | 204; other sessions of the user end       |
 *
 * `Me.user` = `{ id, username, display_name, role, town_code, grid_codes }`; `via` is session,
 * personal or kiosk. The cookie is httpOnly, SameSite=Lax, Path=/, Secure on https, and expires
 * 12 h after the last request (sliding). Five failed log-ins for one username from one address in
 * 15 minutes get 429 until the oldest failure is 15 minutes old.
 */
import { and, eq, lt, ne } from 'drizzle-orm'
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono, type Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { sessions, users } from '../../db/schema.ts'
import { ApiError, errorBody } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { sessionCookie, sessionTtlMs } from '../auth/authenticate.ts'
import { hashPassword, minPasswordLength, verifyPassword } from '../auth/password.ts'
import { principalOf, type Principal } from '../auth/principal.ts'
import { randomSecret, sha256 } from '../auth/secrets.ts'
import { passwordText, text } from '../http/values.ts'
import { parseBody } from '../writes/body.ts'
import { audit } from '../writes/tx.ts'

const loginBody = z.strictObject({ username: text(100), password: passwordText(1000) })
const passwordBody = z.strictObject({
  old_password: passwordText(1000),
  new_password: passwordText(1000, minPasswordLength, `at least ${minPasswordLength} characters`),
})

const me = (p: Omit<Principal, 'via' | 'sessionHash'>, via: Principal['via']) => ({
  user: {
    id: p.userId,
    username: p.username,
    display_name: p.displayName,
    role: p.role,
    town_code: p.townCode,
    grid_codes: p.gridCodes,
  },
  via,
})

/** The client's address, for the rate limit. X-Forwarded-For is not trusted: it is the client's to write. */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

export const auth = new Hono<AppEnv>()
  .post('/login', async (c) => {
    const { username, password } = await parseBody(c, loginBody)
    const limiter = c.get('loginLimiter')
    const key = `${username.toLowerCase()}\n${clientAddress(c)}`
    const wait = limiter.retryAfter(key)
    if (wait > 0) {
      return c.json(errorBody(`Too many failed log-ins; try again in ${wait} s`, 'rate_limited'), 429, {
        'Retry-After': String(wait),
      })
    }
    const orm = c.get('db').orm
    const [user] = await orm.select().from(users).where(eq(users.username, username))
    const ok = await verifyPassword(user?.passwordHash, password)
    if (!user || !ok || !user.active) {
      limiter.fail(key)
      return c.json(errorBody('Wrong username or password', 'bad_credentials'), 401)
    }
    limiter.reset(key)
    const sid = randomSecret()
    await orm.delete(sessions).where(lt(sessions.expiresAt, new Date()))
    await orm
      .insert(sessions)
      .values({ id: sha256(sid), userId: user.id, expiresAt: new Date(Date.now() + sessionTtlMs) })
    setCookie(c, sessionCookie, sid, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/',
      maxAge: sessionTtlMs / 1000,
    })
    return c.json(me({ ...user, userId: user.id }, 'session'))
  })
  .post('/logout', async (c) => {
    const principal = principalOf(c)
    if (principal.sessionHash) await c.get('db').orm.delete(sessions).where(eq(sessions.id, principal.sessionHash))
    deleteCookie(c, sessionCookie, { path: '/' })
    return c.body(null, 204)
  })
  .get('/me', (c) => {
    const principal = principalOf(c)
    return c.json(me(principal, principal.via))
  })
  .post('/password', async (c) => {
    const principal = principalOf(c)
    const body = await parseBody(c, passwordBody)
    const db = c.get('db')
    const [user] = await db.orm.select().from(users).where(eq(users.id, principal.userId))
    if (!user || !(await verifyPassword(user.passwordHash, body.old_password))) {
      throw new ApiError(403, 'The current password is wrong', undefined, 'wrong_password')
    }
    const passwordHash = await hashPassword(body.new_password)
    await db.orm.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id))
      // Everyone else holding this account's sessions is logged out; this session stays.
      await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, principal.sessionHash ?? '')))
      await audit(tx, principal, { action: 'change_password', entity: 'users', entityId: user.id })
    })
    return c.body(null, 204)
  })
