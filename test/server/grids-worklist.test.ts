import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { testApp, type Request } from '../support/test-app.ts'
import { accessFixture, createToken } from './auth/fixtures.ts'
import type { Worklist as WorklistAnswer } from '../../web/api/grids.ts'

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
})

// The answer as the web reads it (web/api/grids.ts, derived from the server's handler).
type Worklist = WorklistAnswer

describe('get /api/grids/{code}/worklist', () => {
  it('orders enterprises by who is due a visit, with days since the last done inspection', async () => {
    const response = await request(`/api/grids/${fx.gridCode}/worklist`, {}, fx.gridUser)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Worklist
    expect(body.grid).toMatchObject({ code: fx.gridCode, town_code: fx.townCode })
    const frequency = { major: 30, high: 30, general: 90, low: 90 } as Record<string, number>
    const last = new Map(
      (
        await db.rows<{ id: number; last: string | null }>(sql`
          SELECT e.id, max(i.inspected_on) FILTER (WHERE i.status = 'done' AND i.inspected_on <= '2026-10-15')::text AS last
          FROM enterprises e LEFT JOIN inspections i ON i.enterprise_id = e.id
          WHERE e.grid_code = ${fx.gridCode} AND e.status <> 'closed' GROUP BY e.id`)
      ).map((row) => [row.id, row.last]),
    )
    const days = (from: string) => Math.round((Date.parse('2026-10-15') - Date.parse(from)) / 86_400_000)
    const expected = [...last.entries()]
      .map(([id, lastOn]) => {
        const e = body.enterprises.find((x) => x.id === id)!
        const due = lastOn === null ? null : frequency[e.risk_level]! - days(lastOn)
        return { id, lastOn, due }
      })
      .sort((a, b) => (a.due === null ? -1 : b.due === null ? 1 : a.due - b.due || a.id - b.id))
    expect(body.enterprises.map((e) => [e.id, e.last_inspected_on, e.due_in_days])).toEqual(
      expected.map((e) => [e.id, e.lastOn, e.due]),
    )
    for (const e of body.enterprises) expect(e.due).toBe(e.due_in_days === null || e.due_in_days <= 0)
  })

  it('lists the grid’s open hazards, overdue first', async () => {
    const body = (await (await request(`/api/grids/${fx.gridCode}/worklist`, {}, fx.gridUser)).json()) as Worklist
    const open = await db.rows<{ id: number; deadline: string | null }>(sql`
      SELECT id, deadline::text AS deadline FROM hazards WHERE grid_code = ${fx.gridCode} AND status <> 'closed'`)
    const overdue = (h: { deadline: string | null }) => h.deadline !== null && h.deadline < '2026-10-15'
    const expected = [...open].sort(
      (a, b) =>
        Number(overdue(b)) - Number(overdue(a)) ||
        (a.deadline === b.deadline
          ? a.id - b.id
          : a.deadline === null
            ? 1
            : b.deadline === null
              ? -1
              : a.deadline < b.deadline
                ? -1
                : 1),
    )
    expect(body.hazards.map((h) => [h.id, h.overdue])).toEqual(expected.map((h) => [h.id, overdue(h)]))
  })

  it('answers 400 for a malformed code and 404 for an unknown grid', async () => {
    expect((await request('/api/grids/12/worklist', {}, 'county')).status).toBe(400)
    expect((await request('/api/grids/320924100999/worklist', {}, 'county')).status).toBe(404)
  })
})

describe('who may record an inspection (server/rules/inspection-actions.ts)', () => {
  const worklistActions = async (as: Parameters<Request>[2]) => {
    const response = await request(`/api/grids/${fx.gridCode}/worklist`, {}, as)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Worklist
    expect(body.enterprises.length).toBeGreaterThan(0)
    return [...new Set([...body.enterprises, ...body.planned].map((row) => row.actions.join(',')))]
  }
  const recordActions = async (as: Parameters<Request>[2]) => {
    const response = await request(`/api/enterprises/${fx.ownEnterprise}`, {}, as)
    expect(response.status).toBe(200)
    return ((await response.json()) as { enterprise: { actions: string[] } }).enterprise.actions
  }

  it('lists record_inspection for the grid officer, town and county users, on every row', async () => {
    for (const as of [fx.gridUser, fx.townUser, 'county', 'admin']) {
      expect([as, await worklistActions(as), await recordActions(as)]).toEqual([
        as,
        ['record_inspection'],
        ['record_inspection'],
      ])
    }
  })

  it('lists nothing for a viewer or a kiosk token, whose inspection the server refuses', async () => {
    const kiosk = { token: (await createToken(request, db, fx.gridUser, 'kiosk')).token }
    for (const as of ['viewer', kiosk]) {
      expect(await worklistActions(as)).toEqual([''])
      expect(await recordActions(as)).toEqual([])
      const refused = await request(
        '/api/inspections',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
        as,
      )
      expect(refused.status).toBe(403)
    }
  })
})
