import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { insertLayout, offset, positions, removeLayout, type Layout } from './layout.ts'

let request: Request
let db: Database
let layout: Layout
const added: number[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  layout = await insertLayout(db)
})
afterAll(async () => {
  await db.rows(sql`DELETE FROM fireworks_plans WHERE name LIKE 'test adopt %'`)
  for (const id of added) await db.rows(sql`DELETE FROM fireworks_outlets WHERE id = ${id}::int`)
  await removeLayout(db, layout)
})

type Plan = {
  id: number
  status: string
  version: number
  adopted_at: string | null
  stale: boolean
  added?: { ref: string; outlet_id: number }[]
  code?: string
  details?: { outlet_ids: number[] }
}
const id = (name: string) => layout.outlets.get(name)!

async function call(path: string, init: RequestInit = {}, as = 'planner') {
  const response = await request(`/api/fireworks${path}`, init, as)
  return { status: response.status, body: (await response.json()) as Plan }
}

async function startPlan(name: string, changes: unknown[]) {
  const created = await call('/plans', json('POST', { name, year: 2027 }))
  expect(created.status).toBe(201)
  const put = await call(`/plans/${created.body.id}`, json('PUT', { version: 1, changes }))
  expect(put.status).toBe(200)
  return put.body
}

const outlet = async (outletId: number) =>
  (
    await db.rows<{ status: string; licence_no: string | null; lon: number; lat: number; version: number }>(sql`
      SELECT status, licence_no, ST_X(geom) AS lon, ST_Y(geom) AS lat, version FROM fireworks_outlets WHERE id = ${outletId}::int`)
  )[0]!

describe('post /api/fireworks/plans/{id}/adopt', () => {
  it('applies closes, moves and adds in one audited transaction; an adopted plan no longer changes', async () => {
    const out = offset(offset(positions.zoneCorner, 0, 100), 270, 0.5)
    const newSite = offset(positions.a, 90, 5000)
    const plan = await startPlan('test adopt applied', [
      { kind: 'close', outlet_id: id('A') },
      { kind: 'move', outlet_id: id('D'), lon: out[0], lat: out[1] },
      {
        kind: 'add',
        ref: 'new-1',
        name: 'added by plan',
        outlet_kind: 'fixed',
        lon: newSite[0],
        lat: newSite[1],
        floor_area_m2: 25,
      },
    ])
    const dBefore = await outlet(id('D'))
    const adopted = await call(`/plans/${plan.id}/adopt`, json('POST', { version: plan.version }))
    expect(adopted.status).toBe(200)
    expect(adopted.body).toMatchObject({ id: plan.id, status: 'adopted', version: plan.version + 1, stale: false })
    expect(adopted.body.adopted_at).toEqual(expect.any(String))
    const [made] = adopted.body.added!
    added.push(made!.outlet_id)
    expect(made!.ref).toBe('new-1')
    expect(await outlet(id('A'))).toMatchObject({ status: 'closed' })
    expect(await outlet(id('D'))).toMatchObject({
      status: 'active',
      lon: out[0],
      lat: out[1],
      version: dBefore.version + 1,
    })
    expect(await outlet(made!.outlet_id)).toMatchObject({
      status: 'planned',
      licence_no: null,
      lon: newSite[0],
      lat: newSite[1],
    })

    const violations = (await (await request('/api/fireworks/violations', {}, 'planner')).json()) as {
      violations: { outlet_id: number; rule: string }[]
    }
    const mine = new Set([...layout.outlets.values(), made!.outlet_id])
    const rules = violations.violations.filter((v) => mine.has(v.outlet_id)).map((v) => v.rule)
    expect(rules).not.toContain('outlet_spacing')
    expect(rules).not.toContain('no_fireworks_zone')

    const audits = await db.rows<{ action: string; entity: string; entity_id: string }>(sql`
      SELECT action, entity, entity_id FROM audit_log
      WHERE (entity = 'fireworks_plans' AND entity_id = ${String(plan.id)}) OR (entity = 'fireworks_outlets'
        AND entity_id IN (${String(id('A'))}, ${String(id('D'))}, ${String(made!.outlet_id)}))
      ORDER BY id`)
    expect(audits.map((a) => [a.action, a.entity, a.entity_id])).toEqual([
      ['create', 'fireworks_plans', String(plan.id)],
      ['update', 'fireworks_plans', String(plan.id)],
      ['close', 'fireworks_outlets', String(id('A'))],
      ['move', 'fireworks_outlets', String(id('D'))],
      ['create', 'fireworks_outlets', String(made!.outlet_id)],
      ['adopt', 'fireworks_plans', String(plan.id)],
    ])

    const version = adopted.body.version
    const again = await call(`/plans/${plan.id}/adopt`, json('POST', { version }))
    expect([again.status, again.body.code]).toEqual([409, 'plan_adopted'])
    const edit = await call(`/plans/${plan.id}`, json('PUT', { version, changes: [] }))
    expect([edit.status, edit.body.code]).toEqual([409, 'plan_adopted'])
    const remove = await call(`/plans/${plan.id}?version=${version}`, { method: 'DELETE' })
    expect([remove.status, remove.body.code]).toEqual([409, 'plan_adopted'])
  })

  it('refuses with 409 layout_changed, naming the outlets, when the outlets changed since the plan was started', async () => {
    const plan = await startPlan('test adopt refused', [{ kind: 'close', outlet_id: id('B') }])
    const e = await outlet(id('E'))
    const patched = await request(
      `/api/fireworks/outlets/${id('E')}`,
      json('PATCH', { version: e.version, phone: '13900000000' }),
      'planner',
    )
    expect(patched.status).toBe(200)
    const site = offset(positions.a, 90, 6000)
    const created = await request(
      '/api/fireworks/outlets',
      json('POST', { name: 'since', kind: 'fixed', lon: site[0], lat: site[1], floor_area_m2: 20 }),
      'planner',
    )
    const since = ((await created.json()) as { id: number }).id
    added.push(since)
    const listed = (await call('/plans?year=2027')).body as unknown as { plans: Plan[] }
    expect(listed.plans.find((p) => p.id === plan.id)!.stale).toBe(true)
    const refused = await call(`/plans/${plan.id}/adopt`, json('POST', { version: plan.version }))
    expect([refused.status, refused.body.code, refused.body.details]).toEqual([
      409,
      'layout_changed',
      { outlet_ids: [id('E'), since] },
    ])
    expect((await outlet(id('B'))).status).toBe('active')
    expect((await call(`/plans/${plan.id}`)).body).toMatchObject({ status: 'draft', version: plan.version })
    const stale = await call(`/plans/${plan.id}/adopt`, json('POST', { version: plan.version - 1 }))
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version'])
    const grid = await db.rows<{ code: string }>(sql`SELECT code FROM grids ORDER BY code LIMIT 1`)
    expect(
      (await call(`/plans/${plan.id}/adopt`, json('POST', { version: plan.version }), `grid-${grid[0]!.code}`)).status,
    ).toBe(403)
  })
})
