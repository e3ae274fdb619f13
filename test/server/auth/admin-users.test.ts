import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, logIn, testApp, type Request } from '../../support/test-app.ts'
import type { App } from '../../../server/app.ts'
import { accessFixture, createToken, createUser, userId } from './fixtures.ts'

let app: App
let request: Request
let db: Database
let place: Awaited<ReturnType<typeof accessFixture>>

beforeAll(async () => {
  ;({ app, request, db } = await testApp())
  place = await accessFixture(db)
})

type Refusal = { error: string; code: string; details?: unknown }
const patch = (id: number, body: unknown, as = 'admin') => request(`/api/admin/users/${id}`, json('PATCH', body), as)
/** Status and code of an answer: an admin refusal's reason is the top-level `code`, as on every route. */
const answer = async (response: Response) => {
  const body = (await response.json()) as Refusal
  if (!response.ok && body.code !== 'bad_request') expect(body.details).toBeUndefined()
  return [response.status, body.code]
}
const login = (user: { username: string; password: string }) =>
  json('POST', { username: user.username, password: user.password })
const withCookie = (cookie: string) => (path: string) => app.request(path, { headers: { cookie } })

describe('admin endpoints refuse everyone but admins', () => {
  it('answers 403 to county, town, grid and viewer users and to a kiosk token, even an admin’s', async () => {
    const target = await createUser(request, 'viewer')
    const adminKiosk = await createToken(request, db, 'admin', 'kiosk')
    const calls: [string, RequestInit][] = [
      [`/api/admin/users/${target.id}`, json('PATCH', { display_name: 'x' })],
      [`/api/admin/users/${target.id}/password`, json('POST', { password: 'another long password' })],
      ['/api/admin/places', {}],
      ['/api/admin/audit?from=2024-01-01', {}],
      ['/api/admin/audit/facets', {}],
      ['/api/admin/users', {}],
    ]
    for (const [path, init] of calls) {
      for (const as of ['county', place.townUser, place.gridUser, 'viewer', { token: adminKiosk.token }] as const) {
        const response = await request(path, init, as)
        expect([path, response.status], JSON.stringify(as)).toEqual([path, 403])
      }
    }
    // The refusals changed nothing.
    const [row] = await db.rows<{ display_name: string }>(sql`SELECT display_name FROM users WHERE id = ${target.id}`)
    expect(row!.display_name).toBe('Test viewer')
    const personal = await createToken(request, db, 'admin', 'personal')
    expect((await request('/api/admin/places', {}, { token: personal.token })).status).toBe(200)
  })
})

describe('patch /api/admin/users/{id}', () => {
  it('changes the display name, role and place, and the new role applies to the next request', async () => {
    const user = await createUser(request, 'county')
    const cookie = await logIn(app, user.username, user.password)
    const me = withCookie(cookie)

    const toTown = await patch(user.id, { display_name: '镇用户', role: 'town', town_code: place.townCode })
    expect(toTown.status).toBe(200)
    expect(await toTown.json()).toMatchObject({
      display_name: '镇用户',
      role: 'town',
      town_code: place.townCode,
      grid_codes: [],
      active: true,
    })
    expect(((await (await me('/api/auth/me')).json()) as { user: { role: string } }).user.role).toBe('town')

    // Grids of two towns: the officer keeps both grids and no single town.
    const toGrid = await patch(user.id, { role: 'grid', grid_codes: [place.gridCode, place.foreignGrid] })
    expect(await toGrid.json()).toMatchObject({
      role: 'grid',
      town_code: null,
      grid_codes: [place.gridCode, place.foreignGrid],
    })
    const oneTown = await patch(user.id, { grid_codes: [place.gridCode] })
    expect(await oneTown.json()).toMatchObject({
      role: 'grid',
      town_code: place.townCode,
      grid_codes: [place.gridCode],
    })

    const toViewer = await patch(user.id, { role: 'viewer' })
    expect(await toViewer.json()).toMatchObject({ role: 'viewer', town_code: null, grid_codes: [] })

    const [logged] = await db.rows<{ before: { role: string }; after: { role: string } }>(sql`
      SELECT before, after FROM audit_log WHERE entity = 'users' AND entity_id = ${String(user.id)}
      AND action = 'update' ORDER BY id DESC LIMIT 1`)
    expect([logged!.before.role, logged!.after.role]).toEqual(['grid', 'viewer'])
  })

  it('refuses unknown places, a town user without a town and an empty or unknown body', async () => {
    const user = await createUser(request, 'county')
    expect(await answer(await patch(user.id, { role: 'town', town_code: '320924999' }))).toEqual([400, 'unknown_town'])
    expect(await answer(await patch(user.id, { role: 'town' }))).toEqual([400, 'unknown_town'])
    expect(await answer(await patch(user.id, { role: 'grid', grid_codes: ['320924100999'] }))).toEqual([
      400,
      'unknown_grid',
    ])
    expect((await patch(user.id, {})).status).toBe(400)
    expect((await patch(user.id, { password_hash: 'x' })).status).toBe(400)
    expect((await patch(user.id, { role: 'superuser' })).status).toBe(400)
    expect(await answer(await patch(999_999, { display_name: 'nobody' }))).toEqual([404, 'no_user'])
    const [row] = await db.rows<{ role: string }>(sql`SELECT role FROM users WHERE id = ${user.id}`)
    expect(row!.role).toBe('county')
  })

  it('refuses an admin deactivating or demoting themself, by either path', async () => {
    const self = await userId(db, 'admin')
    expect(await answer(await patch(self, { active: false }))).toEqual([409, 'self'])
    expect(await answer(await patch(self, { role: 'county' }))).toEqual([409, 'self'])
    expect(await answer(await request(`/api/admin/users/${self}/deactivate`, { method: 'POST' }, 'admin'))).toEqual([
      409,
      'self',
    ])
    const [row] = await db.rows<{ role: string; active: boolean }>(
      sql`SELECT role, active FROM users WHERE id = ${self}`,
    )
    expect(row).toEqual({ role: 'admin', active: true })
    // Another admin may be demoted; renaming oneself is fine.
    const other = await createUser(request, 'admin')
    expect((await patch(other.id, { role: 'viewer' })).status).toBe(200)
    expect((await patch(self, { display_name: '系统管理员' })).status).toBe(200)
  })

  it('deactivation ends the user’s sessions and tokens; re-activation needs a new log-in', async () => {
    const user = await createUser(request, 'county')
    const me = withCookie(await logIn(app, user.username, user.password))
    const token = await createToken(request, db, user.username, 'personal')
    expect((await me('/api/auth/me')).status).toBe(200)

    const off = await patch(user.id, { active: false })
    expect(await off.json()).toMatchObject({ active: false })
    expect((await me('/api/auth/me')).status).toBe(401)
    expect((await request('/ogc/collections', {}, { token: token.token })).status).toBe(401)
    const [sessions] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${user.id}`,
    )
    expect(sessions!.n).toBe(0)
    expect((await app.request('/api/auth/login', login(user))).status).toBe(401)

    expect(await (await patch(user.id, { active: true })).json()).toMatchObject({ active: true })
    expect((await me('/api/auth/me')).status).toBe(401)
    expect((await app.request('/api/auth/login', login(user))).status).toBe(200)
    const actions = await db.rows<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE entity = 'users' AND entity_id = ${String(user.id)} ORDER BY id`,
    )
    expect(actions.map((a) => a.action)).toEqual(['create', 'login', 'deactivate', 'login_failed', 'activate', 'login'])
  })
})

describe('post /api/admin/users/{id}/password', () => {
  it('sets a new password, ends the user’s sessions and audits without the hash', async () => {
    const user = await createUser(request, 'viewer')
    const me = withCookie(await logIn(app, user.username, user.password))
    const short = await request(`/api/admin/users/${user.id}/password`, json('POST', { password: 'short' }), 'admin')
    expect(short.status).toBe(400)
    const reset = await request(
      `/api/admin/users/${user.id}/password`,
      json('POST', { password: 'a brand new password' }),
      'admin',
    )
    expect(reset.status).toBe(200)
    expect(Object.keys((await reset.json()) as object)).not.toContain('password_hash')
    expect((await me('/api/auth/me')).status).toBe(401)
    expect((await app.request('/api/auth/login', login(user))).status).toBe(401)
    const fresh = login({ username: user.username, password: 'a brand new password' })
    expect((await app.request('/api/auth/login', fresh)).status).toBe(200)
    const missing = await request(
      '/api/admin/users/999999/password',
      json('POST', { password: 'long enough pass' }),
      'admin',
    )
    expect(await answer(missing)).toEqual([404, 'no_user'])
  })

  it('no audit row of a user holds a password hash', async () => {
    const user = await createUser(request, 'county')
    await patch(user.id, { display_name: 'changed', role: 'town', town_code: place.townCode })
    await request(`/api/admin/users/${user.id}/password`, json('POST', { password: 'yet another password' }), 'admin')
    await patch(user.id, { active: false })
    const rows = await db.rows<{ action: string; text: string }>(sql`
      SELECT action, coalesce(before::text, '') || coalesce(after::text, '') AS text FROM audit_log
      WHERE entity = 'users' AND entity_id = ${String(user.id)} ORDER BY id`)
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'reset_password', 'deactivate'])
    for (const row of rows) {
      expect(row.text).toContain(user.username)
      expect(row.text).not.toMatch(/password_hash|passwordHash|\$argon2/)
    }
  })
})

describe('post /api/admin/users', () => {
  it('gives a grid officer the town of its grids and answers a taken name with its code', async () => {
    const created = await createUser(request, 'grid', { grid_codes: [place.gridCode], town_code: place.townCode })
    const [row] = await db.rows<{ town_code: string; grid_codes: string[] }>(
      sql`SELECT town_code, grid_codes FROM users WHERE id = ${created.id}`,
    )
    expect(row).toEqual({ town_code: place.townCode, grid_codes: [place.gridCode] })
    const county = await createUser(request, 'county', { town_code: place.townCode })
    const [plain] = await db.rows<{ town_code: string | null }>(
      sql`SELECT town_code FROM users WHERE id = ${county.id}`,
    )
    expect(plain!.town_code).toBeNull()
    const again = await request(
      '/api/admin/users',
      json('POST', { username: created.username, display_name: 'x', password: 'long enough password', role: 'viewer' }),
      'admin',
    )
    expect(await answer(again)).toEqual([409, 'username_taken'])
  })
})

describe('get /api/admin/places and the user list', () => {
  it('lists the 19 towns and every grid with its town, and users with their town’s name', async () => {
    const body = (await (await request('/api/admin/places', {}, 'admin')).json()) as {
      towns: { code: string; name: string }[]
      grids: { code: string; name: string; town_code: string }[]
    }
    const [counts] = await db.rows<{ grids: number }>(sql`SELECT count(*)::int AS grids FROM grids`)
    expect(body.towns).toHaveLength(19)
    expect(body.grids).toHaveLength(counts!.grids)
    const [town] = await db.rows<{ name: string }>(sql`SELECT name FROM regions WHERE code = ${place.townCode}`)
    expect(body.towns.find((t) => t.code === place.townCode)!.name).toBe(town!.name)
    expect(body.grids.find((g) => g.code === place.gridCode)!.town_code).toBe(place.townCode)
    const { users } = (await (await request('/api/admin/users', {}, 'admin')).json()) as {
      users: { username: string; town_name: string | null }[]
    }
    expect(users.find((u) => u.username === place.townUser)!.town_name).toBe(town!.name)
    expect(users.find((u) => u.username === 'county')!.town_name).toBeNull()
  })

  it('tokens carry their user’s display name and role', async () => {
    const created = await createToken(request, db, 'viewer', 'kiosk')
    const { tokens } = (await (await request('/api/admin/tokens', {}, 'admin')).json()) as {
      tokens: { id: number; username: string; display_name: string; role: string; kind: string }[]
    }
    expect(tokens.find((t) => t.id === created.id)).toMatchObject({
      username: 'viewer',
      display_name: '只读用户',
      role: 'viewer',
      kind: 'kiosk',
    })
  })
})

describe('get /api/admin/audit by date', () => {
  it('filters by a range of whole days in China time or by instants, and lists the facets', async () => {
    const user = await createUser(request, 'viewer')
    const [now] = await db.rows<{ today: string; tomorrow: string; before: string }>(sql`
      SELECT to_char(now() AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD') AS today,
             to_char(now() AT TIME ZONE 'UTC' + interval '32 hours', 'YYYY-MM-DD') AS tomorrow,
             to_char(now() AT TIME ZONE 'UTC' - interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS before`)
    const total = async (query: string) => {
      const response = await request(`/api/admin/audit?entity=users&entity_id=${user.id}${query}`, {}, 'admin')
      expect(response.status, query).toBe(200)
      return ((await response.json()) as { total: number }).total
    }
    expect(await total(`&from=${now!.today}&to=${now!.today}`)).toBe(1)
    expect(await total(`&to=${now!.today}`)).toBe(1)
    expect(await total(`&from=${now!.tomorrow}`)).toBe(0)
    expect(await total(`&from=${encodeURIComponent(now!.before)}`)).toBe(1)
    expect(await total(`&to=${encodeURIComponent(now!.before)}`)).toBe(0)
    const backwards = await request(`/api/admin/audit?from=${now!.tomorrow}&to=${now!.today}`, {}, 'admin')
    expect([backwards.status, ((await backwards.json()) as Refusal).error]).toEqual([
      400,
      'query: from must not be after to',
    ])
    expect((await request('/api/admin/audit?from=yesterday', {}, 'admin')).status).toBe(400)

    const facets = (await (await request('/api/admin/audit/facets', {}, 'admin')).json()) as {
      entities: string[]
      actions: string[]
    }
    expect(facets.entities).toContain('users')
    expect(facets.actions).toContain('create')
    expect(facets.entities).toEqual([...facets.entities].sort())
  })
})
