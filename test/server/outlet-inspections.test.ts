import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { json, testApp, type Request } from '../support/test-app.ts'
import { userId } from './auth/fixtures.ts'

let request: Request
let db: Database
/** An active outlet in a grid (G) of town T, and one of another town. */
let fx: { own: number; gridCode: string; townCode: string; foreign: number; otherGridOfTown: string | null }
const made: number[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  const [own] = await db.rows<{ id: number; grid_code: string; town_code: string }>(sql`
    SELECT id, grid_code, town_code FROM fireworks_outlets WHERE status = 'active' AND grid_code IS NOT NULL
    ORDER BY id LIMIT 1`)
  const [foreign] = await db.rows<{ id: number }>(sql`
    SELECT id FROM fireworks_outlets WHERE status = 'active' AND town_code <> ${own!.town_code} ORDER BY id LIMIT 1`)
  const [other] = await db.rows<{ code: string }>(sql`
    SELECT code FROM grids WHERE town_code = ${own!.town_code} AND code <> ${own!.grid_code} ORDER BY code LIMIT 1`)
  fx = {
    own: own!.id,
    gridCode: own!.grid_code,
    townCode: own!.town_code,
    foreign: foreign!.id,
    otherGridOfTown: other?.code ?? null,
  }
})
afterAll(async () => {
  for (const id of made) {
    await db.rows(sql`DELETE FROM audit_log WHERE entity = 'outlet_inspections' AND entity_id = ${String(id)}`)
    await db.rows(sql`DELETE FROM outlet_inspections WHERE id = ${id}::int`)
  }
})

const path = (id: number | string) => `/api/fireworks/outlets/${id}/inspections`
const officer = () => `grid-${fx.gridCode}`
let keys = 0
const valid = (extra: Record<string, unknown> = {}) => ({
  kind: 'holiday',
  inspected_on: '2026-10-14',
  inspectors: ['王强', '李娜'],
  findings: '库存符合许可限量',
  client_request_id: `outlet-visit-test-${++keys}-${Date.now()}`,
  ...extra,
})

async function post(id: number | string, body: unknown, as = officer()) {
  const response = await request(path(id), json('POST', body), as)
  const answer = (await response.json()) as {
    inspection?: { id: number } & Record<string, unknown>
    replayed?: boolean
    code?: string
    details?: { issues?: { path: string }[] }
  }
  if (answer.inspection && !made.includes(answer.inspection.id)) made.push(answer.inspection.id)
  return { status: response.status, ...answer }
}

describe('post /api/fireworks/outlets/{id}/inspections', () => {
  it('records a visit by the grid officer where the outlet is, audited', async () => {
    const body = valid()
    const answer = await post(fx.own, body)
    expect(answer.status).toBe(201)
    const me = await userId(db, officer())
    expect(answer.inspection).toMatchObject({
      outlet_id: fx.own,
      kind: 'holiday',
      inspected_on: '2026-10-14',
      inspectors: ['王强', '李娜'],
      findings: '库存符合许可限量',
      town_code: fx.townCode,
      grid_code: fx.gridCode,
      created_by_user_id: me,
      client_request_id: body.client_request_id,
      version: 1,
    })
    const audit = await db.rows<{ action: string; user_id: number; before: unknown; after: unknown }>(sql`
      SELECT action, user_id, before, after FROM audit_log
      WHERE entity = 'outlet_inspections' AND entity_id = ${String(answer.inspection!.id)}`)
    expect(audit).toEqual([{ action: 'create', user_id: me, before: null, after: answer.inspection }])
  })

  it('answers a retry with the first save, once; the same key with another visit is 409', async () => {
    const body = valid()
    const first = await post(fx.own, body)
    const again = await post(fx.own, body)
    expect(first.status).toBe(201)
    expect(again).toMatchObject({ status: 200, replayed: true, inspection: first.inspection })
    const [{ n }] = (await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM outlet_inspections WHERE client_request_id = ${body.client_request_id}`,
    )) as [{ n: number }]
    expect(n).toBe(1)
    const other = await post(fx.own, { ...body, findings: '另一次检查' })
    expect(other).toMatchObject({ status: 409, code: 'request_id_reused' })
  })

  it('a retry sent twice at once still saves one visit', async () => {
    const body = valid()
    const answers = await Promise.all([post(fx.own, body), post(fx.own, body)])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201])
    expect(answers[0]!.inspection!.id).toBe(answers[1]!.inspection!.id)
  })

  it('a grid officer records only in their grids, a town user only in their town (404 elsewhere)', async () => {
    expect(await post(fx.foreign, valid())).toMatchObject({ status: 404, code: 'not_found' })
    expect(await post(fx.foreign, valid(), `town-${fx.townCode}`)).toMatchObject({ status: 404 })
    expect((await post(fx.own, valid(), `town-${fx.townCode}`)).status).toBe(201)
    if (fx.otherGridOfTown) expect((await post(fx.own, valid(), `grid-${fx.otherGridOfTown}`)).status).toBe(404)
    expect((await post(fx.foreign, valid(), 'county')).status).toBe(201)
    expect((await post(99_999_999, valid(), 'admin')).status).toBe(404)
  })

  it('viewer and planner may not record (403), whatever they send', async () => {
    expect(await post(fx.own, valid(), 'viewer')).toMatchObject({ status: 403, code: 'viewer_read_only' })
    expect(await post(fx.own, valid(), 'planner')).toMatchObject({ status: 403, code: 'forbidden_role' })
    expect(await post(fx.own, { nonsense: true }, 'planner')).toMatchObject({ status: 403, code: 'forbidden_role' })
  })

  it('refuses what POST /api/inspections refuses, naming the field', async () => {
    const refused = async (body: unknown) => {
      const answer = await post(fx.own, body)
      return [answer.status, answer.code, answer.details?.issues?.map((i) => i.path)]
    }
    expect(await refused(valid({ kind: 'monthly' }))).toEqual([400, 'bad_request', ['kind']])
    expect(await refused(valid({ inspectors: [] }))).toEqual([400, 'bad_request', ['inspectors']])
    expect(await refused(valid({ inspectors: Array.from({ length: 21 }, (_, i) => `人${i}`) }))).toEqual([
      400,
      'bad_request',
      ['inspectors'],
    ])
    expect(await refused(valid({ inspectors: ['王'.repeat(51)] }))).toEqual([400, 'bad_request', ['inspectors.0']])
    expect(await refused(valid({ findings: '查'.repeat(5001) }))).toEqual([400, 'bad_request', ['findings']])
    expect(await refused(valid({ inspected_on: '2026-02-30' }))).toEqual([400, 'bad_request', ['inspected_on']])
    expect(await refused(valid({ client_request_id: 'short' }))).toEqual([400, 'bad_request', ['client_request_id']])
    expect(await refused(valid({ hazards: [] }))).toEqual([400, 'bad_request', ['']])
    expect(await post(fx.own, valid({ inspected_on: '2026-10-16' }))).toMatchObject({ status: 422 })
    expect(await post('abc', valid())).toMatchObject({ status: 400, code: 'bad_request' })
  })
})

describe('get /api/fireworks/outlets/{id}/inspections', () => {
  type History = {
    outlet: { id: number; grid_code: string }
    as_of: string
    visit: { last_visit_on: string | null; state: string | null }
    inspections: { id: number; inspected_on: string }[]
    actions: string[]
  }
  const history = async (id: number, as: string) => {
    const response = await request(path(id), {}, as)
    return { status: response.status, body: (await response.json()) as History }
  }

  it('lists the visits newest first with the state and what the caller may do', async () => {
    const older = await post(fx.own, valid({ inspected_on: '2026-09-01' }))
    const { status, body } = await history(fx.own, officer())
    expect(status).toBe(200)
    expect(body.outlet).toMatchObject({ id: fx.own, grid_code: fx.gridCode })
    expect(body.as_of).toBe('2026-10-15')
    const days = body.inspections.map((i) => i.inspected_on)
    expect(days).toEqual([...days].sort().reverse())
    expect(body.inspections.map((i) => i.id)).toContain(older.inspection!.id)
    expect(body.visit.last_visit_on).toBe(days[0])
    expect(body.actions).toEqual(['record_inspection'])
    expect((await history(fx.own, 'viewer')).body.actions).toEqual([])
    expect((await history(fx.own, 'planner')).body.actions).toEqual([])
  })

  it('is 404 outside the scope', async () => {
    expect((await history(fx.foreign, officer())).status).toBe(404)
    expect((await history(fx.foreign, `town-${fx.townCode}`)).status).toBe(404)
  })
})

describe('get /api/grids/{code}/worklist outlets', () => {
  it('lists the grid officer’s outlets with the record action; the viewer gets none', async () => {
    type Worklist = { outlets: { id: number; actions: string[] }[] }
    const worklist = async (as: string) =>
      (await (await request(`/api/grids/${fx.gridCode}/worklist`, {}, as)).json()) as Worklist
    const mine = await worklist(officer())
    expect(mine.outlets.find((o) => o.id === fx.own)?.actions).toEqual(['record_inspection'])
    expect((await worklist('viewer')).outlets.find((o) => o.id === fx.own)?.actions).toEqual([])
  })
})
