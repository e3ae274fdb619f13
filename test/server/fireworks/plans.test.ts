import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { planLimits } from '../../../lib/limits.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { createToken } from '../auth/fixtures.ts'
import { insertLayout, offset, positions, removeLayout, type Layout } from './layout.ts'

let request: Request
let db: Database
let layout: Layout

beforeAll(async () => {
  ;({ request, db } = await testApp())
  layout = await insertLayout(db)
})
afterAll(async () => {
  await db.rows(sql`DELETE FROM fireworks_plans WHERE name LIKE 'test %'`)
  await removeLayout(db, layout)
})

type PlanViolation = {
  outlet_id: number | null
  ref: string | null
  rule: string
  value: number | null
  other_id: number | null
  other_ref: string | null
  other_name: string | null
  subject: { outlet_id: number | null; ref: string | null; name: string }
}
type Evaluation = {
  violations: PlanViolation[]
  counts: Record<string, number>
  towns: { code: string; outlets_now: number; outlets_planned: number }[]
  comparison: {
    towns: { code: string; cap: number | null; current: number; planned: number; delta: number }[]
    fixed: PlanViolation[]
    introduced: PlanViolation[]
    unchanged: number
  }
}

const id = (name: string) => layout.outlets.get(name)!
const round = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6)
const named = new Map<number, string>()
const who = (v: PlanViolation) => v.ref ?? named.get(v.outlet_id!) ?? v.outlet_id
const other = (v: PlanViolation) => v.other_ref ?? (v.other_id === null ? null : (named.get(v.other_id) ?? v.other_id))
const rows = (list: PlanViolation[]) => list.map((v) => [who(v), v.rule, other(v), round(v.value)])

async function evaluate(changes: unknown[], as = 'planner') {
  const response = await request('/api/fireworks/evaluate', json('POST', { changes }), as)
  return { status: response.status, body: (await response.json()) as Evaluation & { code?: string } }
}

const add = (ref: string, at: [number, number]) => ({
  kind: 'add',
  ref,
  name: `added ${ref}`,
  outlet_kind: 'temporary',
  lon: at[0],
  lat: at[1],
  floor_area_m2: 20,
})

describe('post /api/fireworks/evaluate on the hand-made layout', () => {
  beforeAll(() => {
    for (const [name, outlet] of layout.outlets) named.set(outlet, name)
  })

  it('an added outlet 49.5 m from a real one breaks spacing both ways; 50.5 m does not', async () => {
    const near = await evaluate([add('near', offset(positions.a, 0, 49.5))])
    expect(near.status).toBe(200)
    expect(rows(near.body.comparison.introduced)).toEqual([
      ['A', 'outlet_spacing', 'near', 49.5],
      ['near', 'outlet_spacing', 'A', 49.5],
    ])
    const added = near.body.violations.find((v) => v.ref === 'near')!
    expect(added).toMatchObject({
      outlet_id: null,
      other_id: id('A'),
      subject: { outlet_id: null, ref: 'near', name: 'added near' },
    })
    expect(near.body.comparison.fixed).toEqual([])
    const far = await evaluate([add('far', offset(positions.a, 0, 50.5))])
    expect(far.body.comparison.introduced).toEqual([])
    expect(far.body.comparison.unchanged).toBe(far.body.violations.length)
  })

  it('two added outlets 49.5 m apart name each other by ref', async () => {
    const at = offset(positions.a, 0, 1000)
    const { body } = await evaluate([add('x', at), add('y', offset(at, 90, 49.5))])
    expect(rows(body.comparison.introduced)).toEqual([
      ['x', 'outlet_spacing', 'y', 49.5],
      ['y', 'outlet_spacing', 'x', 49.5],
    ])
  })

  it('moving an outlet out of the zone fixes its violation', async () => {
    const out = offset(offset(positions.zoneCorner, 0, 100), 270, 0.5)
    const { body } = await evaluate([{ kind: 'move', outlet_id: id('D'), lon: out[0], lat: out[1] }])
    expect(body.comparison.fixed.map((v) => [who(v), v.rule, v.other_id, Math.round(v.value! * 1e3) / 1e3])).toEqual([
      ['D', 'no_fireworks_zone', layout.zoneId, 0.5],
    ])
    expect(body.comparison.introduced).toEqual([])
  })

  it('closing one of a too-close pair fixes both rows', async () => {
    const { body } = await evaluate([{ kind: 'close', outlet_id: id('A') }])
    expect(rows(body.comparison.fixed)).toEqual([
      ['A', 'outlet_spacing', 'B', 49.5],
      ['B', 'outlet_spacing', 'A', 49.5],
    ])
    expect(body.comparison.introduced).toEqual([])
    expect(body.violations.some((v) => v.outlet_id === id('A') || v.other_id === id('A'))).toBe(false)
  })

  it('counts a town’s outlets in the plan against its cap', async () => {
    const [demo] = await db.rows<{ id: number; town_code: string }>(
      sql`SELECT id, town_code FROM fireworks_outlets WHERE status = 'active' AND town_code IS NOT NULL ORDER BY id LIMIT 1`,
    )
    const { body } = await evaluate([{ kind: 'close', outlet_id: demo!.id }])
    const town = body.comparison.towns.find((t) => t.code === demo!.town_code)!
    expect([town.planned, town.delta]).toEqual([town.current - 1, -1])
    expect(body.towns.find((t) => t.code === demo!.town_code)!.outlets_now).toBe(town.planned)
    expect(body.comparison.towns.filter((t) => t.delta !== 0).map((t) => t.code)).toEqual([demo!.town_code])
  })

  it('refuses bad change lists with a JSON 4xx and a code', async () => {
    const at = offset(positions.a, 0, 3000)
    const cases: [unknown[], number, string][] = [
      [[{ kind: 'close', outlet_id: 2_000_000_000 }], 422, 'unknown_outlet'],
      [
        [
          { kind: 'close', outlet_id: id('A') },
          { kind: 'move', outlet_id: id('A'), lon: at[0], lat: at[1] },
        ],
        400,
        'bad_request',
      ],
      [[{ kind: 'move', outlet_id: id('A'), lon: 200, lat: at[1] }], 400, 'bad_request'],
      [[{ kind: 'move', outlet_id: id('A'), lon: at[0], lat: 91 }], 400, 'bad_request'],
      [[add('r', at), add('r', at)], 400, 'bad_request'],
      [[{ ...add('r', at), supplier_enterprise_id: 2_000_000_000 }], 422, 'unknown_enterprise'],
      [[{ kind: 'demolish', outlet_id: id('A') }], 400, 'bad_request'],
      [Array.from({ length: planLimits.changes + 1 }, (_, i) => add(`r${i}`, at)), 400, 'bad_request'],
    ]
    for (const [changes, status, code] of cases) {
      const answer = await evaluate(changes)
      expect([answer.status, answer.body.code]).toEqual([status, code])
    }
    const [closed] = await db.rows<{ id: number }>(
      sql`SELECT id FROM fireworks_outlets WHERE status = 'closed' LIMIT 1`,
    )
    expect((await evaluate([{ kind: 'close', outlet_id: closed!.id }])).body.code).toBe('unknown_outlet')
  })
})

describe('/api/fireworks/plans', () => {
  type Plan = {
    id: number
    name: string
    year: number
    status: string
    version: number
    changes: unknown[]
    change_counts: { close: number; move: number; add: number }
    stale: boolean
    created_by_name: string
    code?: string
  }
  const call = async (path: string, init: RequestInit = {}, as = 'planner') => {
    const response = await request(`/api/fireworks${path}`, init, as)
    return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Plan }
  }

  it('saves a plan, lists it, replaces its changes with the version read, and evaluates it as stored', async () => {
    const created = await call('/plans', json('POST', { name: 'test 2027 A', year: 2027, note: '第一稿' }))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'test 2027 A',
      year: 2027,
      status: 'draft',
      version: 1,
      changes: [],
      stale: false,
    })
    expect(created.body.created_by_name).toEqual(expect.any(String))
    expect((await call('/plans', json('POST', { name: 'test 2027 A', year: 2027 }))).body.code).toBe('plan_name_taken')
    const other = await call('/plans', json('POST', { name: 'test 2027 B', year: 2027 }))
    const rename = await call(`/plans/${other.body.id}`, json('PUT', { version: 1, name: 'test 2027 A', changes: [] }))
    expect([rename.status, rename.body.code]).toEqual([409, 'plan_name_taken'])
    const changes = [{ kind: 'close', outlet_id: id('A') }, add('n1', offset(positions.a, 0, 49.5))]
    const put = await call(`/plans/${created.body.id}`, json('PUT', { version: 1, changes }))
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ version: 2, change_counts: { close: 1, move: 0, add: 1 } })
    expect(put.body.changes).toEqual([changes[0], { ...changes[1], dedicated_shop: true, shares_residence: false }])
    const stale = await call(`/plans/${created.body.id}`, json('PUT', { version: 1, changes: [] }))
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version'])
    const listed = (await call('/plans?year=2027', {}, 'viewer')).body as unknown as { plans: Plan[] }
    expect(listed.plans.map((p) => [p.name, p.version, p.change_counts.close])).toContainEqual(['test 2027 A', 2, 1])
    expect(
      ((await call('/plans?year=2026')).body as unknown as { plans: Plan[] }).plans.map((p) => p.name),
    ).not.toContain('test 2027 A')
    const stored = (await call(`/plans/${created.body.id}/evaluation`)).body as unknown as Evaluation
    const unsaved = (await evaluate(changes)).body
    expect(stored).toEqual(unsaved)
    expect(rows(stored.comparison.fixed)).toEqual([
      ['A', 'outlet_spacing', 'B', 49.5],
      ['B', 'outlet_spacing', 'A', 49.5],
    ])
  })

  it('marks a plan stale when an outlet changes after it was started, and deletes a draft with its version', async () => {
    const created = await call('/plans', json('POST', { name: 'test stale', year: 2027 }))
    const [row] = await db.rows<{ version: number }>(sql`SELECT version FROM fireworks_outlets WHERE id = ${id('E')}`)
    const patched = await request(
      `/api/fireworks/outlets/${id('E')}`,
      json('PATCH', { version: row!.version, phone: '13800000000' }),
      'planner',
    )
    expect(patched.status).toBe(200)
    const listed = (await call('/plans?year=2027')).body as unknown as { plans: Plan[] }
    expect(listed.plans.find((p) => p.id === created.body.id)!.stale).toBe(true)
    expect((await call(`/plans/${created.body.id}?version=2`, { method: 'DELETE' })).status).toBe(409)
    expect((await call(`/plans/${created.body.id}?version=1`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(`/plans/${created.body.id}`)).status).toBe(404)
  })

  it('is read by county-wide roles only, written by planner, county and admin, never through a kiosk token', async () => {
    const [grid] = await db.rows<{ code: string; town_code: string }>(
      sql`SELECT code, town_code FROM grids ORDER BY code LIMIT 1`,
    )
    for (const as of [`town-${grid!.town_code}`, `grid-${grid!.code}`]) {
      expect((await call('/plans', {}, as)).status).toBe(403)
      expect((await call('/evaluate', json('POST', { changes: [] }), as)).status).toBe(403)
    }
    expect((await call('/plans', {}, 'viewer')).status).toBe(200)
    expect((await call('/plans', json('POST', { name: 'test viewer', year: 2027 }), 'viewer')).status).toBe(403)
    const kiosk = await createToken(request, db, 'county', 'kiosk')
    const response = await request('/api/fireworks/plans', json('POST', { name: 'test kiosk', year: 2027 }), {
      token: kiosk.token,
    })
    expect(response.status).toBe(403)
    const created = await call('/plans', json('POST', { name: 'test county', year: 2027 }), 'county')
    expect(created.status).toBe(201)
  })
})
