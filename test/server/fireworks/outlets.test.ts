import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { createToken } from '../auth/fixtures.ts'
import { offset, origin } from './layout.ts'

let request: Request
let db: Database
const created: number[] = []

// 8 km east of the hand-made layout, still at sea: nothing of the demo or the layout is near.
const here = offset(origin, 90, 8000)
const licence = (n: number) => `(苏)LS〔2026〕98${String(n).padStart(4, '0')}`

beforeAll(async () => {
  ;({ request, db } = await testApp())
})
afterAll(async () => {
  if (created.length > 0) {
    await db.rows(
      sql`DELETE FROM fireworks_outlets WHERE id IN (${sql.join(
        created.map((id) => sql`${id}::int`),
        sql`, `,
      )})`,
    )
  }
})

type Outlet = {
  id: number
  name: string
  status: string
  licence_no: string | null
  version: number
  violation_count: number
  town_code: string | null
  lon: number
  lat: number
}
type Collection = { type: string; features: { id: number; geometry: { coordinates: number[] }; properties: Outlet }[] }

async function post(body: Record<string, unknown>, as = 'planner') {
  const response = await request('/api/fireworks/outlets', json('POST', body), as)
  const answer = (await response.json()) as Outlet & { code?: string; details?: unknown }
  if (response.status === 201) created.push(answer.id)
  return { status: response.status, body: answer }
}

const patch = (id: number, body: Record<string, unknown>, as = 'planner') =>
  request(`/api/fireworks/outlets/${id}`, json('PATCH', body), as)

const outletsAs = async (as: string) => {
  const response = await request('/api/fireworks/outlets', {}, as)
  expect(response.status).toBe(200)
  return (await response.json()) as Collection
}

describe('get /api/fireworks/outlets', () => {
  it('lists every outlet in scope, any status, with its errors in today’s layout', async () => {
    const all = await outletsAs('county')
    const [{ n }] = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM fireworks_outlets`)) as [
      { n: number },
    ]
    expect(all.type).toBe('FeatureCollection')
    expect(all.features.length).toBe(n)
    expect(new Set(all.features.map((f) => f.properties.status))).toEqual(new Set(['active', 'suspended', 'closed']))
    const violations = (await (await request('/api/fireworks/violations?severity=error', {}, 'county')).json()) as {
      violations: { outlet_id: number }[]
    }
    const errors = new Map<number, number>()
    for (const v of violations.violations) errors.set(v.outlet_id, (errors.get(v.outlet_id) ?? 0) + 1)
    expect(errors.size).toBeGreaterThan(0)
    for (const f of all.features) expect([f.id, f.properties.violation_count]).toEqual([f.id, errors.get(f.id) ?? 0])
    const closed = all.features.filter((f) => f.properties.status === 'closed')
    expect(closed.length).toBeGreaterThan(0)
  })

  it('shows a town user only its town’s outlets', async () => {
    const all = await outletsAs('county')
    const town = all.features.find((f) => f.properties.town_code)!.properties.town_code!
    const mine = await outletsAs(`town-${town}`)
    expect(mine.features.map((f) => f.id)).toEqual(
      all.features.filter((f) => f.properties.town_code === town).map((f) => f.id),
    )
  })
})

describe('post and patch /api/fireworks/outlets', () => {
  it('adds a planned outlet without a licence: it stands in the layout, the licence rules pass it by', async () => {
    const real = await post({
      name: 'real',
      kind: 'fixed',
      lon: here[0],
      lat: here[1],
      floor_area_m2: 20,
      licence_no: licence(1),
    })
    expect(real.status).toBe(201)
    expect(real.body).toMatchObject({
      status: 'active',
      licence_no: licence(1),
      violation_count: 0,
      lon: here[0],
      lat: here[1],
    })
    const near = offset(here, 90, 49.5)
    const planned = await post({ name: 'planned', kind: 'temporary', lon: near[0], lat: near[1], floor_area_m2: 12 })
    expect(planned.status).toBe(201)
    expect(planned.body).toMatchObject({ status: 'planned', licence_no: null, violation_count: 1 })
    const violations = (await (await request('/api/fireworks/violations', {}, 'planner')).json()) as {
      violations: { outlet_id: number; rule: string; other_id: number }[]
    }
    const ours = violations.violations.filter((v) => [real.body.id, planned.body.id].includes(v.outlet_id))
    expect(ours.map((v) => [v.outlet_id, v.rule, v.other_id])).toEqual([
      [real.body.id, 'outlet_spacing', planned.body.id],
      [planned.body.id, 'outlet_spacing', real.body.id],
    ])
  })

  it('moves an outlet with the version read, audited; a stale version is 409 with the row as it is', async () => {
    const start = offset(here, 180, 1000)
    const { body } = await post({
      name: 'mover',
      kind: 'fixed',
      lon: start[0],
      lat: start[1],
      floor_area_m2: 9,
      licence_no: licence(2),
    })
    expect(body.violation_count).toBe(1)
    const to = offset(start, 0, 10)
    const moved = await patch(body.id, { version: body.version, lon: to[0], lat: to[1], floor_area_m2: 15 })
    expect(moved.status).toBe(200)
    expect(await moved.json()).toMatchObject({
      id: body.id,
      version: body.version + 1,
      lon: to[0],
      lat: to[1],
      violation_count: 0,
    })
    const stale = await patch(body.id, { version: body.version, name: 'too late' })
    expect(stale.status).toBe(409)
    expect(await stale.json()).toMatchObject({
      code: 'stale_version',
      details: { current: { id: body.id, version: body.version + 1, floor_area_m2: 15 } },
    })
    const audits = await db.rows<{
      action: string
      before: { lon: number } | null
      after: { lon: number; floor_area_m2: number }
    }>(sql`
      SELECT action, before, after FROM audit_log WHERE entity = 'fireworks_outlets' AND entity_id = ${String(body.id)} ORDER BY id`)
    expect(audits.map((a) => [a.action, a.before?.lon ?? null, a.after.lon, a.after.floor_area_m2])).toEqual([
      ['create', null, start[0], 9],
      ['update', start[0], to[0], 15],
    ])
  })

  it('refuses what would break the ledger with a JSON 4xx and a code', async () => {
    const at = offset(here, 180, 2000)
    const base = { name: 'bad', kind: 'fixed', lon: at[0], lat: at[1], floor_area_m2: 20 }
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, lon: 181 }, 400, 'bad_request'],
      [{ ...base, lat: -90.5 }, 400, 'bad_request'],
      [{ ...base, kind: 'mobile' }, 400, 'bad_request'],
      [{ ...base, floor_area_m2: 0 }, 400, 'bad_request'],
      [{ ...base, colour: 'red' }, 400, 'bad_request'],
      [{ ...base, status: 'active' }, 422, 'licence_required'],
      [{ ...base, licence_no: licence(1) }, 409, 'licence_taken'],
      [{ ...base, licence_no: licence(3), supplier_enterprise_id: 2_000_000_000 }, 422, 'unknown_enterprise'],
      [
        { ...base, licence_no: licence(3), licence_valid_from: '2026-02-01', licence_valid_to: '2026-01-01' },
        400,
        'bad_request',
      ],
    ]
    for (const [body, status, code] of cases) {
      const answer = await post(body)
      expect([answer.status, answer.body.code]).toEqual([status, code])
    }
    const { body } = await post({ ...base, licence_no: licence(4) })
    const halfMove = await patch(body.id, { version: body.version, lon: 120 })
    expect([halfMove.status, ((await halfMove.json()) as { code: string }).code]).toEqual([400, 'bad_request'])
    const unlicensed = await patch(body.id, { version: body.version, licence_no: null })
    expect([unlicensed.status, ((await unlicensed.json()) as { code: string }).code]).toEqual([422, 'licence_required'])
    const closed = await patch(body.id, { version: body.version, status: 'closed', licence_no: null })
    expect(closed.status).toBe(200)
    const noVersion = await patch(body.id, { name: 'x' })
    expect(noVersion.status).toBe(428)
    expect((await patch(2_000_000_000, { version: 1, name: 'x' })).status).toBe(404)
  })

  it('lets planner, county and admin edit; a grid officer, a town user, a viewer and a kiosk token get 403', async () => {
    const at = offset(here, 180, 3000)
    const { body } = await post({
      name: 'roles',
      kind: 'fixed',
      lon: at[0],
      lat: at[1],
      floor_area_m2: 20,
      licence_no: licence(5),
    })
    let version = body.version
    for (const as of ['county', 'admin']) {
      const response = await patch(body.id, { version, name: `edited by ${as}` }, as)
      expect(response.status).toBe(200)
      version = ((await response.json()) as Outlet).version
    }
    const [grid] = await db.rows<{ code: string; town_code: string }>(
      sql`SELECT code, town_code FROM grids ORDER BY code LIMIT 1`,
    )
    const kiosk = await createToken(request, db, 'planner', 'kiosk')
    for (const as of [`grid-${grid!.code}`, `town-${grid!.town_code}`, 'viewer', { token: kiosk.token }] as const) {
      const response = await request(`/api/fireworks/outlets/${body.id}`, json('PATCH', { version, name: 'no' }), as)
      expect(response.status).toBe(403)
      const created = await request('/api/fireworks/outlets', json('POST', { ...body, name: 'no' }), as)
      expect(created.status).toBe(403)
    }
  })

  it('tells each caller whether they may edit (server/rules/fireworks-actions.ts), as the writes decide', async () => {
    const [grid] = await db.rows<{ code: string; town_code: string }>(
      sql`SELECT code, town_code FROM grids ORDER BY code LIMIT 1`,
    )
    const kiosk = await createToken(request, db, 'planner', 'kiosk')
    const callers = [
      ['planner', ['edit_town', 'edit_outlet', 'edit_plan']],
      ['county', ['edit_town', 'edit_outlet', 'edit_plan']],
      ['admin', ['edit_town', 'edit_outlet', 'edit_plan']],
      ['viewer', []],
      [`town-${grid!.town_code}`, []],
      [`grid-${grid!.code}`, []],
      [{ token: kiosk.token }, []],
    ] as const
    for (const [as, actions] of callers) {
      for (const path of ['/api/fireworks/outlets', '/api/fireworks/towns']) {
        const response = await request(path, {}, as)
        expect([path, response.status]).toEqual([path, 200])
        expect(((await response.json()) as { actions: string[] }).actions).toEqual(actions)
      }
    }
  })
})

describe('patch /api/fireworks/towns/{code}', () => {
  type Town = {
    code: string
    households: number | null
    outlet_cap: number | null
    cap: number | null
    cap_source: string | null
    version: number
  }
  const town = async (code: string, as = 'planner') => {
    const body = (await (await request('/api/fireworks/towns', {}, as)).json()) as { towns: Town[] }
    return body.towns.find((t) => t.code === code)!
  }

  it('sets a cap by hand, which the town statistics and the wall count too, and back to households', async () => {
    const [row] = await db.rows<{ code: string; households: number }>(
      sql`SELECT code, households FROM regions WHERE kind <> 'county' AND households IS NOT NULL ORDER BY code LIMIT 1`,
    )
    const before = await town(row!.code)
    expect(before).toMatchObject({
      outlet_cap: null,
      cap_source: 'households',
      cap: Math.floor((2 * row!.households) / 1000),
    })
    // Whatever fails below, the next suites sharing this database see the town as it was.
    onTestFinished(async () => {
      await db.exec(`UPDATE regions SET outlet_cap = NULL WHERE code = '${row!.code}'`)
    })
    const set = await request(
      `/api/fireworks/towns/${row!.code}`,
      json('PATCH', { version: before.version, outlet_cap: 3 }),
    )
    expect(set.status).toBe(200)
    expect(await set.json()).toMatchObject({
      code: row!.code,
      outlet_cap: 3,
      cap: 3,
      cap_source: 'hand',
      version: before.version + 1,
    })
    const stats = (await (await request('/api/stats/towns', {}, 'county')).json()) as {
      towns: { code: string; outlet_cap: { cap: number } }[]
    }
    expect(stats.towns.find((t) => t.code === row!.code)!.outlet_cap.cap).toBe(3)
    const wall = (await (await request('/api/wall/lists', {}, 'county')).json()) as {
      towns: { code: string; outlets: { cap: number } }[]
    }
    expect(wall.towns.find((t) => t.code === row!.code)!.outlets.cap).toBe(3)
    const stale = await request(
      `/api/fireworks/towns/${row!.code}`,
      json('PATCH', { version: before.version, outlet_cap: 4 }),
    )
    expect([stale.status, ((await stale.json()) as { code: string }).code]).toEqual([409, 'stale_version'])
    const back = await request(
      `/api/fireworks/towns/${row!.code}`,
      json('PATCH', { version: before.version + 1, outlet_cap: null, households: row!.households }),
    )
    expect(await back.json()).toMatchObject({ outlet_cap: null, cap: before.cap, cap_source: 'households' })
    const [audit] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'regions' AND entity_id = ${row!.code}`,
    )
    expect(audit!.n).toBe(2)
  })

  it('refuses a grid officer, an unknown town and a negative cap', async () => {
    const [grid] = await db.rows<{ code: string; town_code: string }>(
      sql`SELECT code, town_code FROM grids ORDER BY code LIMIT 1`,
    )
    const path = `/api/fireworks/towns/${grid!.town_code}`
    expect((await request(path, json('PATCH', { version: 1, outlet_cap: 1 }), `grid-${grid!.code}`)).status).toBe(403)
    expect((await request(path, json('PATCH', { version: 1, outlet_cap: -1 }))).status).toBe(400)
    expect((await request(path, json('PATCH', { version: 1 }))).status).toBe(400)
    expect((await request('/api/fireworks/towns/999999999', json('PATCH', { version: 1, outlet_cap: 1 }))).status).toBe(
      404,
    )
  })
})
