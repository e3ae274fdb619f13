import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { testDemo } from '../support/fixture.ts'
import { testApp } from '../support/test-app.ts'
import type { EnterpriseInspections } from '../../web/api/enterprises.ts'

// The answer as the web reads it (web/api/enterprises.ts, derived from the server's handler).
type InspectionsBody = EnterpriseInspections

describe('get /api/enterprises/{id}/inspections', () => {
  it('lists every inspection newest first with the hazards each found, and the visit status', async () => {
    const { request, db } = await testApp()
    // The enterprise with the most inspections, so the list is long enough to check its order.
    const [picked] = await db.rows<{ id: number; risk_level: 'major' | 'high' | 'general' | 'low' }>(
      sql`SELECT e.id, e.risk_level FROM enterprises e JOIN inspections i ON i.enterprise_id = e.id
          GROUP BY e.id ORDER BY count(*) DESC, e.id LIMIT 1`,
    )
    const expected = await db.rows<{ id: number; inspected_on: string; status: string; hazards: number }>(
      sql`SELECT i.id, i.inspected_on::text AS inspected_on, i.status,
            (SELECT count(*)::int FROM hazards h WHERE h.inspection_id = i.id) AS hazards
          FROM inspections i WHERE i.enterprise_id = ${picked!.id} ORDER BY i.inspected_on DESC, i.id DESC`,
    )
    const [setting] = await db.rows<{ days: number }>(
      sql`SELECT (value ->> ${picked!.risk_level})::int AS days FROM settings WHERE key = 'visit_frequency_days'`,
    )

    const response = await request(`/api/enterprises/${picked!.id}/inspections`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as InspectionsBody
    expect([body.enterprise_id, body.as_of]).toEqual([picked!.id, testDemo.asOf])
    expect(body.inspections.map((row) => [row.id, row.inspected_on, row.status, row.hazards_found])).toEqual(
      expected.map((row) => [row.id, row.inspected_on, row.status, row.hazards]),
    )
    const last = expected.find((row) => row.status === 'done' && row.inspected_on <= testDemo.asOf)!
    const due = new Date(Date.parse(last.inspected_on) + setting!.days * 86_400_000).toISOString().slice(0, 10)
    const dueInDays = Math.round((Date.parse(due) - Date.parse(testDemo.asOf)) / 86_400_000)
    expect(body.visit).toEqual({
      last_visit_on: last.inspected_on,
      frequency_days: setting!.days,
      due_on: due,
      due_in_days: dueInDays,
      state: dueInDays > 0 ? 'on_time' : dueInDays === 0 ? 'due' : 'overdue',
      overdue: due < testDemo.asOf,
    })
  })

  it("returns 404 for an enterprise outside the caller's grids", async () => {
    const { request, db } = await testApp()
    const [row] = await db.rows<{ id: number; other: string }>(
      sql`SELECT e.id, (SELECT g.code FROM grids g WHERE g.code <> e.grid_code ORDER BY g.code LIMIT 1) AS other
          FROM enterprises e WHERE e.grid_code IS NOT NULL ORDER BY e.id LIMIT 1`,
    )
    expect((await request(`/api/enterprises/${row!.id}/inspections`, {}, `grid-${row!.other}`)).status).toBe(404)
    expect((await request(`/api/enterprises/${row!.id}/inspections`, {}, 'anonymous')).status).toBe(401)
  })

  it('returns 404 for an unknown or malformed enterprise id', async () => {
    const { request } = await testApp()
    for (const id of ['99999999', 'abc', '1.5', '-1']) {
      const response = await request(`/api/enterprises/${id}/inspections`)
      expect(response.status, id).toBe(404)
      expect(await response.json()).toEqual({ error: `No enterprise ${id}`, code: 'not_found' })
    }
  })
})
