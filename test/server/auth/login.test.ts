import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createApp, type App } from '../../../server/app.ts'
import { testDemo } from '../../support/fixture.ts'
import { json, logIn, testApp, type Request } from '../../support/test-app.ts'
import { createToken, createUser, userId } from './fixtures.ts'

let app: App
let db: Database
let request: Request

beforeAll(async () => {
  ;({ app, db, request } = await testApp())
})

const login = (username: string, password: string, target: App = app) =>
  target.request('/api/auth/login', json('POST', { username, password }))
const withCookie = (cookie: string, init: RequestInit = {}) => ({ ...init, headers: { ...init.headers, cookie } })
/** The bindings @hono/node-server gives a request from socket peer `address` (getConnInfo reads them). */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
const loginFrom = (address: string, username: string, password: string) =>
  app.request('/api/auth/login', json('POST', { username, password }), from(address))

describe('post /api/auth/login', () => {
  it('logs a demo account in with an httpOnly, SameSite=Lax session cookie and stores only its hash', async () => {
    const response = await login('county', 'sheyang-demo')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      user: {
        id: expect.any(Number),
        username: 'county',
        display_name: '射阳县应急管理局',
        role: 'county',
        town_code: null,
        grid_codes: [],
      },
      via: 'session',
      pages: ['draws', 'fireworks', 'import', 'registers'],
    })
    const cookie = response.headers.get('set-cookie')!
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/)
    const sid = cookie.slice(4, 47)
    const stored = await db.rows<{ id: string }>(
      sql`SELECT id FROM sessions WHERE id = encode(sha256(convert_to(${sid}::text, 'UTF8')), 'hex')`,
    )
    expect(stored).toHaveLength(1)
    expect(await db.rows(sql`SELECT 1 FROM sessions WHERE id = ${sid}`)).toHaveLength(0)
  })

  it('marks the cookie Secure on https', async () => {
    const response = await app.request(
      'https://grid.example/api/auth/login',
      json('POST', { username: 'viewer', password: 'sheyang-demo' }),
    )
    expect(response.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Lax$/)
  })

  it('gives the same 401 for a wrong password and an unknown user', async () => {
    for (const [username, password] of [
      ['county', 'wrong password'],
      ['nobody-at-all', 'sheyang-demo'],
    ]) {
      const response = await login(username!, password!)
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({ error: 'Wrong username or password', code: 'bad_credentials' })
      expect(response.headers.get('set-cookie')).toBeNull()
    }
  })

  it('rejects a malformed body with 400', async () => {
    const response = await app.request('/api/auth/login', json('POST', { username: 'county' }))
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(/^password: /)
  })

  it('makes the next attempt wait 1 s after 10 failures from one address across usernames, even with the right password', async () => {
    const address = '192.0.2.50'
    for (let i = 0; i < 11; i++) expect((await loginFrom(address, `nobody-${i}`, 'wrong password')).status).toBe(401)
    const blocked = await loginFrom(address, 'county', 'sheyang-demo')
    expect(blocked.status).toBe(429)
    expect(blocked.headers.get('retry-after')).toBe('1')
    expect(await blocked.json()).toEqual({ error: 'Too many failed log-ins; try again in 1 s', code: 'rate_limited' })
    // The limit is the address's: the same account from another address is let in.
    expect((await loginFrom('192.0.2.51', 'county', 'sheyang-demo')).status).toBe(200)
  })

  it('makes a username wait after 5 failures spread over addresses, from a clean address too', async () => {
    const user = await createUser(request, 'viewer')
    for (let i = 0; i < 6; i++) {
      expect((await loginFrom(`192.0.2.${100 + i}`, user.username, 'wrong password')).status).toBe(401)
    }
    const blocked = await loginFrom('192.0.2.120', user.username, user.password)
    expect([blocked.status, blocked.headers.get('retry-after')]).toEqual([429, '1'])
  })
})

describe('the audit of signing in', () => {
  const signIns = (address: string) =>
    db.rows<{ action: string; user_id: number | null; entity: string; entity_id: string | null; after: unknown }>(
      sql`SELECT action, user_id, entity, entity_id, after FROM audit_log
        WHERE action IN ('login', 'logout', 'login_failed') AND after->>'address' = ${address} ORDER BY id`,
    )

  it('logs failed log-ins with the username, address and reason, a log-in and a log-out — never a password', async () => {
    const county = String(await userId(db, 'county'))
    const address = '192.0.2.60'
    expect((await loginFrom(address, 'county', 'wrong password 7731')).status).toBe(401)
    expect((await loginFrom(address, 'nobody-at-all', 'sheyang-demo')).status).toBe(401)
    const ok = await loginFrom(address, 'county', 'sheyang-demo')
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!
    expect((await app.request('/api/auth/logout', withCookie(cookie, { method: 'POST' }), from(address))).status).toBe(
      204,
    )
    const countyId = Number(county)
    expect(await signIns(address)).toEqual([
      {
        action: 'login_failed',
        user_id: null,
        entity: 'users',
        entity_id: county,
        after: { username: 'county', address, reason: 'wrong_password' },
      },
      {
        action: 'login_failed',
        user_id: null,
        entity: 'users',
        entity_id: null,
        after: { username: 'nobody-at-all', address, reason: 'unknown_user' },
      },
      { action: 'login', user_id: countyId, entity: 'users', entity_id: county, after: { address } },
      { action: 'logout', user_id: countyId, entity: 'users', entity_id: county, after: { address } },
    ])
    const leaked = await db.rows(sql`SELECT 1 FROM audit_log WHERE after::text LIKE '%7731%'`)
    expect(leaked).toEqual([])
  })

  it('get /api/admin/audit filters by the sign-in actions, which the facets always offer', async () => {
    expect((await loginFrom('192.0.2.61', 'viewer', 'wrong password')).status).toBe(401)
    const page = (await (await request('/api/admin/audit?action=login_failed&limit=100', {}, 'admin')).json()) as {
      total: number
      items: { action: string; after: { address: string } }[]
    }
    expect(page.total).toBeGreaterThan(0)
    expect(page.items.every((item) => item.action === 'login_failed')).toBe(true)
    expect(page.items.some((item) => item.after.address === '192.0.2.61')).toBe(true)
    const facets = (await (await request('/api/admin/audit/facets', {}, 'admin')).json()) as { actions: string[] }
    expect(facets.actions).toEqual(expect.arrayContaining(['login', 'login_failed', 'logout', 'token_new_address']))
  })

  it('believes X-Forwarded-For only from a TRUSTED_PROXIES peer', async () => {
    const proxied = createApp({ db, today: () => testDemo.asOf, trustedProxies: ['10.0.0.0/8', 'fd00::/8'] })
    const body = json('POST', { username: 'viewer', password: 'sheyang-demo' })
    const via = (peer: string, forwardedFor: string) =>
      proxied.request(
        '/api/auth/login',
        { ...body, headers: { ...body.headers, 'x-forwarded-for': forwardedFor } },
        from(peer),
      )
    expect((await via('10.0.0.5', '198.51.100.23')).status).toBe(200)
    expect((await via('::ffff:10.0.0.6', '198.51.100.99, 2001:db8::23, fd00::1')).status).toBe(200)
    expect((await via('203.0.113.5', '198.51.100.24')).status).toBe(200)
    expect((await signIns('198.51.100.23')).map((row) => row.action)).toEqual(['login'])
    expect((await signIns('2001:db8::23')).map((row) => row.action)).toEqual(['login'])
    expect((await signIns('203.0.113.5')).map((row) => row.action)).toEqual(['login'])
    expect(await signIns('198.51.100.24')).toEqual([])
  })
})

describe('sessions', () => {
  it('get /api/auth/me names the user; post /api/auth/logout ends the session for good', async () => {
    const cookie = await logIn(app, 'viewer')
    const me = await app.request('/api/auth/me', withCookie(cookie))
    expect(me.status).toBe(200)
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('viewer')
    const out = await app.request('/api/auth/logout', withCookie(cookie, { method: 'POST' }))
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/^sid=; Max-Age=0; Path=\//)
    const after = await app.request('/api/auth/me', withCookie(cookie))
    expect(after.status).toBe(401)
    expect(await after.json()).toEqual({ error: 'Session expired; log in again', code: 'session_expired' })
    expect((await app.request('/ogc/collections', withCookie(cookie))).status).toBe(401)
  })

  it('an expired session is refused, and a used one slides its expiry forward', async () => {
    const cookie = await logIn(app, 'viewer')
    const sid = cookie.slice(4)
    const hash = sql`encode(sha256(convert_to(${sid}::text, 'UTF8')), 'hex')`
    await db.rows(sql`UPDATE sessions SET expires_at = now() + interval '1 hour' WHERE id = ${hash}`)
    expect((await app.request('/api/auth/me', withCookie(cookie))).status).toBe(200)
    const [slid] = await db.rows<{ hours: number }>(
      sql`SELECT round(extract(epoch FROM expires_at - now()) / 3600)::int AS hours FROM sessions WHERE id = ${hash}`,
    )
    expect(slid!.hours).toBe(12)
    await db.rows(sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = ${hash}`)
    expect((await app.request('/api/auth/me', withCookie(cookie))).status).toBe(401)
  })

  it('refuses a cookie-authenticated write from another origin', async () => {
    const cookie = await logIn(app, 'county')
    const response = await app.request(
      '/api/hazards/escalate',
      withCookie(cookie, { method: 'POST', headers: { origin: 'https://evil.example' } }),
    )
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ error: 'Cross-origin write refused', code: 'cross_origin' })
  })
})

describe('post /api/auth/password', () => {
  it('changes the password: the old one stops working, other sessions end, this one stays', async () => {
    const user = await createUser(request, 'viewer')
    const first = await logIn(app, user.username, user.password)
    const second = await logIn(app, user.username, user.password)
    const change = (body: unknown) => app.request('/api/auth/password', withCookie(first, json('POST', body)))
    expect((await change({ old_password: 'not it at all', new_password: 'a new long password' })).status).toBe(403)
    const short = await change({ old_password: user.password, new_password: 'short' })
    expect(short.status).toBe(400)
    expect(((await short.json()) as { error: string }).error).toBe('new_password: at least 10 characters')
    expect((await change({ old_password: user.password, new_password: 'a new long password' })).status).toBe(204)
    expect((await login(user.username, user.password)).status).toBe(401)
    expect((await login(user.username, 'a new long password')).status).toBe(200)
    expect((await app.request('/api/auth/me', withCookie(first))).status).toBe(200)
    expect((await app.request('/api/auth/me', withCookie(second))).status).toBe(401)
    const [audited] = await db.rows<{ action: string; before: unknown; after: unknown }>(
      sql`SELECT action, before, after FROM audit_log WHERE entity = 'users' AND entity_id = ${String(user.id)} AND action = 'change_password'`,
    )
    expect(audited).toEqual({ action: 'change_password', before: null, after: null })
  })
})

describe('api tokens', () => {
  it('a personal token reads; revoked, it is refused; a kiosk token never writes', async () => {
    const personal = await createToken(request, db, 'county', 'personal')
    const kiosk = await createToken(request, db, 'county', 'kiosk')
    expect((await request('/api/auth/me', {}, { token: personal.token })).status).toBe(200)
    const [used] = await db.rows<{ used: boolean }>(
      sql`SELECT last_used_at IS NOT NULL AS used FROM api_tokens WHERE id = ${personal.id}::int`,
    )
    expect(used!.used).toBe(true)
    const kioskWrite = await request('/api/hazards/escalate', { method: 'POST' }, { token: kiosk.token })
    expect(kioskWrite.status).toBe(403)
    expect(await kioskWrite.json()).toEqual({ error: 'Kiosk tokens are read-only', code: 'kiosk_read_only' })
    const listed = (await (await request(`/api/admin/tokens`, {}, 'admin')).json()) as {
      tokens: Record<string, unknown>[]
    }
    const row = listed.tokens.find((t) => t.id === personal.id)!
    expect(Object.keys(row).sort()).toEqual([
      'created_at',
      'display_name',
      'id',
      'kind',
      'last_used_at',
      'name',
      'revoked_at',
      'role',
      'user_id',
      'username',
    ])
    expect((await request(`/api/admin/tokens/${personal.id}`, { method: 'DELETE' }, 'admin')).status).toBe(200)
    expect((await request(`/api/admin/tokens/${personal.id}`, { method: 'DELETE' }, 'admin')).status).toBe(404)
    const refused = await request('/ogc/collections', {}, { token: personal.token })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toBe(
      'Basic realm="sheyang-ogc", charset="UTF-8", Bearer realm="sheyang-ogc"',
    )
    expect(await refused.json()).toEqual({ error: 'Invalid or revoked API token', code: 'invalid_token' })
  })

  it('a deactivated user can neither log in nor use a session or token', async () => {
    const user = await createUser(request, 'county')
    const cookie = await logIn(app, user.username, user.password)
    const token = await createToken(request, db, user.username, 'personal')
    const response = await request(`/api/admin/users/${user.id}/deactivate`, { method: 'POST' }, 'admin')
    expect(response.status).toBe(200)
    expect(((await response.json()) as { active: boolean }).active).toBe(false)
    expect((await app.request('/api/auth/me', withCookie(cookie))).status).toBe(401)
    expect((await request('/api/auth/me', {}, { token: token.token })).status).toBe(401)
    expect((await login(user.username, user.password)).status).toBe(401)
  })
})

describe('open paths', () => {
  it('get /healthz needs no log-in', async () => {
    expect((await app.request('/healthz')).status).toBe(200)
  })
})
