import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { App } from '../../../server/app.ts'
import { demoPassword } from '../../../db/seed/users.ts'
import { testApp, type Request } from '../../support/test-app.ts'
import { accessFixture, createToken } from './fixtures.ts'

let app: App
let db: Database
let request: Request
let fixture: Awaited<ReturnType<typeof accessFixture>>

beforeAll(async () => {
  ;({ app, db, request } = await testApp())
  fixture = await accessFixture(db)
})

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })
const get = (path: string, authorization: string, address = '192.0.2.10') =>
  app.request(path, { headers: { authorization } }, from(address))
const challenge = 'Basic realm="sheyang-ogc", charset="UTF-8", Bearer realm="sheyang-ogc"'
const matched = async (response: Response) => ((await response.json()) as { numberMatched: number }).numberMatched

describe('HTTP Basic with an API token on /ogc', () => {
  it('username + personal token reads /ogc in the token user’s scope, exactly as Bearer does', async () => {
    const token = await createToken(request, db, fixture.townUser, 'personal')
    const path = '/ogc/collections/enterprises/items?limit=1'
    const viaBasic = await get(path, basic(fixture.townUser, token.token))
    expect(viaBasic.status).toBe(200)
    const viaBearer = await get(path, `Bearer ${token.token}`)
    const [town] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enterprises WHERE town_code = ${fixture.townCode}`,
    )
    expect(await matched(viaBasic)).toBe(town!.n)
    expect(await matched(viaBearer)).toBe(town!.n)
  })

  it('the account password is refused with a 401 that says a token is needed, and both challenges', async () => {
    const response = await get('/ogc/collections', basic('county', demoPassword))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(challenge)
    const body = (await response.json()) as { error: string; code: string }
    expect(body.code).toBe('password_not_token')
    expect(body.error).toMatch(/API token as the password, never the account password/)
  })

  it('a token is refused under another user’s name, revoked, or unknown', async () => {
    const token = await createToken(request, db, 'viewer', 'personal')
    const wrongUser = await get('/ogc', basic('county', token.token))
    expect(wrongUser.status).toBe(401)
    expect(await wrongUser.json()).toEqual({
      error: 'Invalid or revoked API token for user "county"',
      code: 'invalid_token',
    })
    expect((await get('/ogc', basic('viewer', token.token))).status).toBe(200)
    expect((await request(`/api/admin/tokens/${token.id}`, { method: 'DELETE' }, 'admin')).status).toBe(200)
    const revoked = await get('/ogc', basic('viewer', token.token))
    expect(revoked.status).toBe(401)
    expect(revoked.headers.get('www-authenticate')).toBe(challenge)
    expect((await get('/ogc', basic('viewer', 'A'.repeat(43)))).status).toBe(401)
  })

  it('unreadable Basic credentials are a 401, never a 500', async () => {
    for (const header of ['Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Basic Og==']) {
      const response = await get('/ogc', header)
      expect(response.status).toBe(401)
      expect((await response.json()) as { code: string }).toMatchObject({ code: 'invalid_token' })
    }
  })

  it('Basic is not accepted on /api, even with a valid token', async () => {
    const token = await createToken(request, db, 'county', 'personal')
    const response = await get('/api/auth/me', basic('county', token.token))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBeNull()
    expect(((await response.json()) as { error: string }).error).toMatch(/Basic is accepted on \/ogc, \/tiles only/)
  })

  it('/tiles is behind the same mechanism: anonymous gets 401 with both challenges', async () => {
    const response = await app.request('/tiles/enterprises/10/857/413.pbf')
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(challenge)
  })

  it('Basic use is recorded like Bearer: last used time and address, a new address audited', async () => {
    const token = await createToken(request, db, 'viewer', 'kiosk')
    for (const address of ['192.0.2.80', '192.0.2.80', '192.0.2.81']) {
      expect((await get('/ogc/collections', basic('viewer', token.token), address)).status).toBe(200)
    }
    const [row] = await db.rows<{ used: boolean; address: string }>(
      sql`SELECT last_used_at IS NOT NULL AS used, last_used_address AS address FROM api_tokens WHERE id = ${token.id}::int`,
    )
    expect(row).toEqual({ used: true, address: '192.0.2.81' })
    const audited = await db.rows<{ after: { last_used_address: string } }>(
      sql`SELECT after FROM audit_log WHERE action = 'token_new_address' AND entity_id = ${String(token.id)} ORDER BY id`,
    )
    expect(audited.map((entry) => entry.after.last_used_address)).toEqual(['192.0.2.80', '192.0.2.81'])
  })
})
