import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createApp, type App } from '../../../server/app.ts'
import { demoPassword } from '../../../db/seed/users.ts'
import { testDemo } from '../../support/fixture.ts'
import { json, logIn, testApp, type Request } from '../../support/test-app.ts'
import { createToken, createUser } from './fixtures.ts'

let app: App
let db: Database
let request: Request
/** The app as deployed behind TLS: PUBLIC_ORIGIN https. */
let deployed: App
const publicOrigin = 'https://aqjg.example.cn'

beforeAll(async () => {
  ;({ app, db, request } = await testApp())
  deployed = createApp({ db, today: () => testDemo.asOf, publicOrigin })
})

const withHeaders = (headers: Record<string, string>, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, ...headers },
})
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

describe('PUBLIC_ORIGIN https', () => {
  it('post /api/auth/login sets __Host-sid with Secure, reads only that name, and log-out clears it', async () => {
    const response = await deployed.request(
      '/api/auth/login',
      json('POST', { username: 'viewer', password: demoPassword }),
    )
    expect(response.status).toBe(200)
    const setCookie = response.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^__Host-sid=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    const cookie = setCookie.split(';')[0]!
    expect((await deployed.request('/api/auth/me', withHeaders({ cookie }))).status).toBe(200)
    const plain = await deployed.request('/api/auth/me', withHeaders({ cookie: cookie.replace('__Host-sid', 'sid') }))
    expect([plain.status, await plain.json()]).toEqual([
      401,
      { error: 'Log in or send Authorization: Bearer <token>', code: 'unauthenticated' },
    ])
    const out = await deployed.request('/api/auth/logout', withHeaders({ cookie }, { method: 'POST' }))
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toBe('__Host-sid=; Max-Age=0; Path=/; Secure')
  })

  it('a cookie write must come from PUBLIC_ORIGIN: Origin, else Referer, else the browser’s same-origin word', async () => {
    const cookie = await logIn(deployed, 'county')
    const ticket = (headers: Record<string, string>) =>
      deployed.request('/api/events/ticket', withHeaders({ cookie, ...headers }, { method: 'POST' }))
    const refused = { error: 'Cross-origin write refused', code: 'cross_origin' }
    const answers = async (headers: Record<string, string>) => {
      const response = await ticket(headers)
      return response.status === 200 ? 200 : [response.status, await response.json()]
    }
    expect(await answers({ origin: publicOrigin })).toBe(200)
    expect(await answers({ referer: `${publicOrigin}/map?layer=hazards` })).toBe(200)
    expect(await answers({ origin: 'null', 'sec-fetch-site': 'same-origin' })).toBe(200)
    expect(await answers({})).toBe(200)
    // The Host header is the client's to write; with PUBLIC_ORIGIN it no longer decides.
    expect(await answers({ origin: 'https://evil.example', host: 'evil.example' })).toEqual([403, refused])
    expect(await answers({ origin: 'http://aqjg.example.cn' })).toEqual([403, refused])
    expect(await answers({ referer: 'https://evil.example/page' })).toEqual([403, refused])
    expect(await answers({ origin: 'null' })).toEqual([403, refused])
  })
})

describe('writes to /api and /ogc', () => {
  it('post /api/auth/login with a text/plain or form body is 415 unsupported_media_type', async () => {
    const body = JSON.stringify({ username: 'viewer', password: demoPassword })
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const response = await app.request('/api/auth/login', { method: 'POST', body, headers: { 'content-type': type } })
      expect([response.status, await response.json()]).toEqual([
        415,
        { error: 'Send the body as application/json or multipart/form-data', code: 'unsupported_media_type' },
      ])
    }
    const utf8 = await app.request('/api/auth/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    })
    expect(utf8.status).toBe(200)
  })

  it('a write with Sec-Fetch-Site: cross-site is 403 cross_origin, log-in and Bearer tokens included', async () => {
    const personal = (await createToken(request, db, 'county', 'personal')).token
    const login = await app.request(
      '/api/auth/login',
      withHeaders({ 'sec-fetch-site': 'cross-site' }, json('POST', { username: 'viewer', password: demoPassword })),
    )
    expect([login.status, await login.json()]).toEqual([
      403,
      { error: 'Cross-site write refused', code: 'cross_origin' },
    ])
    const escalate = await app.request(
      '/api/hazards/escalate',
      withHeaders({ 'sec-fetch-site': 'cross-site', authorization: `Bearer ${personal}` }, { method: 'POST' }),
    )
    expect(escalate.status).toBe(403)
    // Reads are left alone: a Lax cookie only rides on a top-level navigation.
    const read = await request('/api/auth/me', withHeaders({ 'sec-fetch-site': 'cross-site' }), 'viewer')
    expect(read.status).toBe(200)
  })

  it('a write without a body needs no content type', async () => {
    const cookie = await logIn(app, 'viewer')
    const out = await app.request(
      '/api/auth/logout',
      withHeaders({ cookie, 'content-length': '0' }, { method: 'POST' }),
    )
    expect(out.status).toBe(204)
  })
})

describe('a new password ends every other credential', () => {
  it('post /api/auth/password revokes the user’s API tokens, audited', async () => {
    const user = await createUser(request, 'county')
    const cookie = await logIn(app, user.username, user.password)
    const personal = await createToken(request, db, user.username, 'personal')
    const kiosk = await createToken(request, db, user.username, 'kiosk')
    expect((await request('/api/auth/me', {}, { token: personal.token })).status).toBe(200)
    const change = await app.request(
      '/api/auth/password',
      withHeaders({ cookie }, json('POST', { old_password: user.password, new_password: 'another long password' })),
    )
    expect(change.status).toBe(204)
    for (const token of [personal, kiosk]) {
      const refused = await request('/api/auth/me', {}, { token: token.token })
      expect([refused.status, await refused.json()]).toEqual([
        401,
        { error: 'Invalid or revoked API token', code: 'invalid_token' },
      ])
    }
    const audited = await db.rows<{ user_id: number; entity_id: string; revoked: boolean }>(
      sql`SELECT user_id, entity_id, after->>'revoked_at' IS NOT NULL AS revoked FROM audit_log
        WHERE action = 'revoke' AND entity = 'api_tokens' AND entity_id IN (${String(personal.id)}, ${String(kiosk.id)})
        ORDER BY entity_id::int`,
    )
    expect(audited).toEqual([
      { user_id: user.id, entity_id: String(personal.id), revoked: true },
      { user_id: user.id, entity_id: String(kiosk.id), revoked: true },
    ])
  })

  it('post /api/admin/users/{id}/password revokes the user’s API tokens and ends their sessions', async () => {
    const user = await createUser(request, 'viewer')
    const cookie = await logIn(app, user.username, user.password)
    const personal = await createToken(request, db, user.username, 'personal')
    const reset = await request(
      `/api/admin/users/${user.id}/password`,
      json('POST', { password: 'a reset long password' }),
      'admin',
    )
    expect(reset.status).toBe(200)
    expect((await request('/api/auth/me', {}, { token: personal.token })).status).toBe(401)
    expect((await app.request('/api/auth/me', withHeaders({ cookie }))).status).toBe(401)
    const [revoked] = await db.rows<{ revoked: boolean }>(
      sql`SELECT revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = ${personal.id}::int`,
    )
    expect(revoked).toEqual({ revoked: true })
  })
})

describe('a token used from a new address', () => {
  it('is audited once per change of address', async () => {
    const token = await createToken(request, db, 'viewer', 'personal')
    const use = (address: string) =>
      app.request('/api/auth/me', withHeaders({ authorization: `Bearer ${token.token}` }), from(address))
    for (const address of ['192.0.2.70', '192.0.2.70', '192.0.2.71', '192.0.2.71']) {
      expect((await use(address)).status).toBe(200)
    }
    const rows = await db.rows<{ before: unknown; after: unknown }>(
      sql`SELECT before, after FROM audit_log WHERE action = 'token_new_address' AND entity_id = ${String(token.id)} ORDER BY id`,
    )
    const name = 'personal for viewer'
    expect(rows).toEqual([
      { before: { name, last_used_address: null }, after: { name, last_used_address: '192.0.2.70' } },
      { before: { name, last_used_address: '192.0.2.70' }, after: { name, last_used_address: '192.0.2.71' } },
    ])
  })
})
