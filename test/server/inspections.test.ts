import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { json, testApp, type Request } from '../support/test-app.ts'
import { accessFixture, userId } from './auth/fixtures.ts'
import { hazardMaker } from './hazards/support.ts'

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>
let maker: ReturnType<typeof hazardMaker>

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
  maker = hazardMaker(request, db)
})
afterAll(() => maker.cleanUp())

const post = (body: Record<string, unknown>, as = fx.gridUser) => request('/api/inspections', json('POST', body), as)
const valid = () => ({
  enterprise_id: fx.ownEnterprise,
  kind: 'unannounced',
  inspected_on: '2026-10-15',
  inspectors: ['王强', '李娜'],
  findings: '发现隐患2处',
})

describe('post /api/inspections', () => {
  it('records the inspection and its hazards where the enterprise is, audited row by row', async () => {
    const { inspection, hazards } = await maker.inspect(
      fx.ownEnterprise,
      [
        { level: 'general', description: '灭火器过期' },
        { level: 'major', description: '粉尘除尘系统未接地', deadline: '2026-11-15' },
      ],
      fx.gridUser,
    )
    const officer = await userId(db, fx.gridUser)
    expect(inspection).toMatchObject({
      enterprise_id: fx.ownEnterprise,
      kind: 'routine',
      status: 'done',
      inspected_on: '2026-10-14',
      inspectors: ['测试员'],
      town_code: fx.townCode,
      grid_code: fx.gridCode,
      version: 1,
    })
    expect(hazards.map((h) => [h.level, h.status, h.deadline, h.found_on, h.reported_by_user_id, h.grid_code])).toEqual(
      [
        ['general', 'reported', null, '2026-10-14', officer, fx.gridCode],
        ['major', 'assigned', '2026-11-15', '2026-10-14', officer, fx.gridCode],
      ],
    )
    const [same] = await db.rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE h.inspection_id = ${inspection.id}::int AND ST_Equals(h.geom, e.geom)`)
    expect(same!.n).toBe(2)
    const audit = await db.rows<{
      entity: string
      entity_id: string
      action: string
      user_id: number
      before: unknown
      after: unknown
    }>(sql`
      SELECT entity, entity_id, action, user_id, before, after FROM audit_log
      WHERE (entity = 'inspections' AND entity_id = ${String(inspection.id)})
         OR (entity = 'hazards' AND entity_id IN (${String(hazards[0]!.id)}, ${String(hazards[1]!.id)}))
      ORDER BY id`)
    expect(audit).toEqual([
      {
        entity: 'inspections',
        entity_id: String(inspection.id),
        action: 'create',
        user_id: officer,
        before: null,
        after: inspection,
      },
      {
        entity: 'hazards',
        entity_id: String(hazards[0]!.id),
        action: 'create',
        user_id: officer,
        before: null,
        after: { ...hazards[0], photos: undefined },
      },
      {
        entity: 'hazards',
        entity_id: String(hazards[1]!.id),
        action: 'create',
        user_id: officer,
        before: null,
        after: { ...hazards[1], photos: undefined },
      },
    ])
  })

  it('shows up in the enterprise record and the grid statistics', async () => {
    const before = (await (await request(`/api/stats/grids/${fx.gridCode}`, {}, fx.gridUser)).json()) as {
      inspections: { done_this_year: number }
      hazards: { open: number }
    }
    const { inspection } = await maker.inspect(
      fx.ownEnterprise,
      [{ level: 'general', description: '电线乱拉' }],
      fx.gridUser,
    )
    const after = (await (await request(`/api/stats/grids/${fx.gridCode}`, {}, fx.gridUser)).json()) as typeof before
    expect(after.inspections.done_this_year).toBe(before.inspections.done_this_year + 1)
    expect(after.hazards.open).toBe(before.hazards.open + 1)
    const record = (await (await request(`/api/enterprises/${fx.ownEnterprise}`, {}, fx.gridUser)).json()) as {
      enterprise: { id: number; grid_code: string }
      inspections: { id: number }[]
      hazards: { inspection_id: number | null; overdue: boolean }[]
    }
    expect(record.enterprise).toMatchObject({ id: fx.ownEnterprise, grid_code: fx.gridCode })
    expect(record.inspections.map((i) => i.id)).toContain(inspection.id)
    expect(record.hazards.filter((h) => h.inspection_id === inspection.id)).toHaveLength(1)
  })

  it('explains bad input with 4xx: unknown kind, future date, deadline before the visit, no inspectors', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { ...valid(), kind: 'casual' },
        400,
        'kind: Invalid option: expected one of "routine"|"monthly"|"holiday"|"special"|"unannounced"|"double_random"',
      ],
      [
        { ...valid(), inspected_on: '2026-10-16' },
        422,
        'inspected_on 2026-10-16 is in the future (today is 2026-10-15)',
      ],
      [{ ...valid(), inspected_on: '2026-13-01' }, 400, 'inspected_on: Invalid ISO date'],
      [{ ...valid(), inspectors: [] }, 400, 'inspectors: Too small: expected array to have >=1 items'],
      [
        { ...valid(), hazards: [{ level: 'general', description: 'x', deadline: '2026-10-01' }] },
        422,
        'hazards.0.deadline 2026-10-01 is before the inspection (2026-10-15)',
      ],
      [{ ...valid(), enterprise_id: 99_999_999 }, 404, 'No enterprise 99999999'],
      [{ ...valid(), extra: 1 }, 400, 'body: Unrecognized key: "extra"'],
    ]
    for (const [body, status, error] of cases) {
      const response = await post(body)
      expect([response.status, ((await response.json()) as { error: string }).error]).toEqual([status, error])
    }
    const notJson = await request(
      '/api/inspections',
      { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
      fx.gridUser,
    )
    expect([notJson.status, ((await notJson.json()) as { error: string }).error]).toEqual([
      400,
      'The body must be JSON',
    ])
  })
})

describe('post /api/inspections with a client_request_id', () => {
  const saved: number[] = []
  afterAll(async () => {
    for (const id of saved) {
      await db.rows(sql`DELETE FROM hazards WHERE inspection_id = ${id}::int`)
      await db.rows(sql`DELETE FROM inspections WHERE id = ${id}::int`)
    }
  })
  const withKey = (key: string, extra: Record<string, unknown> = {}) => ({
    ...valid(),
    client_request_id: key,
    hazards: [{ level: 'general', description: '安全出口堵塞', category: '消防' }],
    ...extra,
  })
  const count = async () =>
    (
      await db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM inspections WHERE enterprise_id = ${fx.ownEnterprise}::int`,
      )
    )[0]!.n

  it('replays the same body, and answers 409 request_id_reused to a different one, saving nothing', async () => {
    const key = `reuse-${Date.now()}`
    const first = await post(withKey(key))
    expect(first.status).toBe(201)
    const firstBody = (await first.json()) as { inspection: { id: number } }
    saved.push(firstBody.inspection.id)
    const before = await count()
    const again = await post(withKey(key))
    expect([again.status, await again.json()]).toEqual([200, { ...firstBody, replayed: true }])
    for (const different of [
      { findings: '发现隐患3处' },
      { inspectors: ['王强'] },
      { hazards: [{ level: 'major', description: '安全出口堵塞', category: '消防' }] },
      { hazards: [] },
    ]) {
      const reused = await post(withKey(key, different))
      expect([reused.status, await reused.json()], JSON.stringify(different)).toEqual([
        409,
        {
          error: `client_request_id ${key} was used for a different inspection (${firstBody.inspection.id}); make a new one per save`,
          code: 'request_id_reused',
          details: { inspection_id: firstBody.inspection.id },
        },
      ])
    }
    expect(await count()).toBe(before)
  })
})
