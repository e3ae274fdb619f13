import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createApp, type App } from '../../../server/app.ts'
import { testDemo } from '../../support/fixture.ts'
import { json, logIn, testApp, type Request } from '../../support/test-app.ts'
import { createToken, createUser } from './fixtures.ts'

let app: App
let db: Database
let request: Request

beforeAll(async () => {
  ;({ app, db, request } = await testApp())
})

const login = (username: string, password: string, target: App = app) =>
  target.request('/api/auth/login', json('POST', { username, password }))
const withCookie = (cookie: string, init: RequestInit = {}) => ({ ...init, headers: { ...init.headers, cookie } })

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

  it('answers the sixth failure in 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const fresh = createApp({ db, today: () => testDemo.asOf })
    for (let i = 0; i < 5; i++) expect((await login('town-320924100', 'wrong password', fresh)).status).toBe(401)
    const blocked = await login('town-320924100', 'sheyang-demo', fresh)
    expect(blocked.status).toBe(429)
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(890)
    expect(retryAfter).toBeLessThanOrEqual(900)
    // Another username from the same address is not blocked.
    expect((await login('town-320924101', 'sheyang-demo', fresh)).status).toBe(200)
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
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="sheyang-ogc"')
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
