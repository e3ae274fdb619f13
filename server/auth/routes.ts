/**
 * Log-in and the caller's own account (DESIGN §4 fixed names), mounted at /api/auth.
 *
 * | method | path                | body                              | returns                                   |
 * |--------|---------------------|-----------------------------------|-------------------------------------------|
 * | POST   | /api/auth/login     | `{ username, password }`          | 200 `Me` + session cookie; 401 `bad_credentials`; 429 `rate_limited` + Retry-After |
 * | POST   | /api/auth/logout    | —                                 | 204; the session row is deleted           |
 * | GET    | /api/auth/me        | —                                 | 200 `Me`: `{ user, via }`                 |
 * | POST   | /api/auth/password  | `{ old_password, new_password }`  | 204; the user's other sessions end and all their API tokens are revoked |
 *
 * `Me.user` = `{ id, username, display_name, role, town_code, grid_codes }`; `via` is session,
 * personal or kiosk. The cookie is httpOnly, SameSite=Lax, Path=/, expires 12 h after the last
 * request (sliding), and is `__Host-sid` with Secure when PUBLIC_ORIGIN is https (`sid`
 * otherwise, Secure on an https request; server/auth/authenticate.ts). Failed log-ins are
 * limited per client address and per username with growing waits (server/auth/rate-limit.ts).
 * Log-ins, log-outs and failed log-ins are audited with the client's address
 * (server/auth/sign-in-audit.ts); a rate-limited attempt is not, so a flood cannot fill the log.
 */
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { z } from 'zod'
import { ApiError, errorBody } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { json } from '../http/validate.ts'
import { passwordText, text } from '../http/values.ts'
import { auditFailedLogin, changeOwnPassword, endSession, startSession, userById, userByUsername } from './accounts.ts'
import { sessionCookieName, sessionTtlMs } from './authenticate.ts'
import { hashPassword, minPasswordLength, verifyPassword } from './password.ts'
import { principalOf, type Principal } from './principal.ts'
import { pagesOf } from '../rules/page-access.ts'
import { randomSecret, sha256 } from './secrets.ts'

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
  /** The role-bound pages the user may open (server/rules/page-access.ts). */
  pages: pagesOf(p),
})

export const auth = new Hono<AppEnv>()
  .post('/login', json(loginBody), async (c) => {
    const { username, password } = c.req.valid('json')
    const limiter = c.get('loginLimiter')
    const address = c.get('clientAddress')
    const orm = c.get('db').orm
    const wait = await limiter.admit(c.get('db'), { username, address })
    if (wait > 0) {
      return c.json(errorBody(`Too many failed log-ins; try again in ${wait} s`, 'rate_limited'), 429, {
        'Retry-After': String(wait),
      })
    }
    const user = await userByUsername(orm, username)
    const ok = await verifyPassword(user?.passwordHash, password)
    if (!user || !ok || !user.active) {
      const reason = !user ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive_user'
      await auditFailedLogin(orm, { username, address, userId: user?.id ?? null, reason })
      return c.json(errorBody('Wrong username or password', 'bad_credentials'), 401)
    }
    await limiter.succeeded(c.get('db'), { username, address })
    const sid = randomSecret()
    await startSession(orm, user.id, sha256(sid), address)
    const publicOrigin = c.get('publicOrigin')
    setCookie(c, sessionCookieName(publicOrigin), sid, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: (publicOrigin ?? c.req.url).startsWith('https:'),
      path: '/',
      maxAge: sessionTtlMs / 1000,
    })
    return c.json(me({ ...user, userId: user.id }, 'session'))
  })
  .post('/logout', async (c) => {
    await endSession(c.get('db').orm, principalOf(c), c.get('clientAddress'))
    const publicOrigin = c.get('publicOrigin')
    deleteCookie(c, sessionCookieName(publicOrigin), {
      path: '/',
      secure: (publicOrigin ?? c.req.url).startsWith('https:'),
    })
    return c.body(null, 204)
  })
  .get('/me', (c) => {
    const principal = principalOf(c)
    return c.json(me(principal, principal.via))
  })
  .post('/password', json(passwordBody), async (c) => {
    const principal = principalOf(c)
    const body = c.req.valid('json')
    const orm = c.get('db').orm
    const user = await userById(orm, principal.userId)
    if (!user || !(await verifyPassword(user.passwordHash, body.old_password))) {
      throw new ApiError(403, 'The current password is wrong', undefined, 'wrong_password')
    }
    await changeOwnPassword(orm, principal, await hashPassword(body.new_password))
    return c.body(null, 204)
  })
