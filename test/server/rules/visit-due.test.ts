import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../support/test-db.ts'
import { getJson, madeRows, type MadeRows } from './made-rows.ts'
import type { EnterpriseInspections } from '../../../web/api/enterprises.ts'
import type { Worklist } from '../../../web/api/grids.ts'
import type { GridStats } from '../../../web/api/stats.ts'

// The hand-made enterprise is `general` risk: visit_frequency_days.general = 90 (db/defaults.ts).
const today = '2026-10-15'
const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10)

// The answers as the web reads them (derived from the server's handlers).
type Visit = EnterpriseInspections
let made: MadeRows

beforeAll(async () => {
  made = await madeRows(await testDatabase())
  made.at(today)
})
afterAll(() => made.remove())

/** What the worklist, the enterprise record and the grid's statistics say with the last visit on `lastOn`. */
async function answersAfterVisit(lastOn: string) {
  await made.visit(lastOn)
  const worklist = await getJson<Worklist>(made, `/api/grids/${made.gridCode}/worklist`)
  const record = await getJson<Visit>(made, `/api/enterprises/${made.id}/inspections`)
  const stats = await getJson<GridStats>(made, `/api/stats/grids/${made.gridCode}`)
  const row = worklist.enterprises.find((e) => e.id === made.id)!
  return {
    worklist: { visit_due: row.visit_due, due: row.due, due_in_days: row.due_in_days },
    record: record.visit,
    stats: stats.inspections,
  }
}

describe('visit due (server/rules/visit-due.ts)', () => {
  it('a visit exactly 90 days ago is due today in the worklist, the enterprise record and the statistics', async () => {
    const onTime = await answersAfterVisit(addDays(today, -89))
    const due = await answersAfterVisit(addDays(today, -90))
    const overdue = await answersAfterVisit(addDays(today, -91))

    expect(onTime.worklist).toEqual({ visit_due: 'on_time', due: false, due_in_days: 1 })
    expect(due.worklist).toEqual({ visit_due: 'due', due: true, due_in_days: 0 })
    expect(overdue.worklist).toEqual({ visit_due: 'overdue', due: true, due_in_days: -1 })

    expect(onTime.record).toMatchObject({ due_on: addDays(today, 1), due_in_days: 1, state: 'on_time', overdue: false })
    expect(due.record).toMatchObject({ due_on: today, due_in_days: 0, state: 'due', overdue: false })
    expect(overdue.record).toMatchObject({
      due_on: addDays(today, -1),
      due_in_days: -1,
      state: 'overdue',
      overdue: true,
    })

    // Only the hand-made enterprise changes between the three: one state moves by one.
    const base = onTime.stats.by_visit_state
    expect(due.stats.by_visit_state).toEqual({ ...base, on_time: base.on_time - 1, due: base.due + 1 })
    expect(overdue.stats.by_visit_state).toEqual({ ...base, on_time: base.on_time - 1, overdue: base.overdue + 1 })
    // Due today is not late (visited on time) but is due for a visit, as the worklist flags it.
    expect(due.stats.visited_on_time).toBe(onTime.stats.visited_on_time)
    expect(due.stats.due_for_visit).toBe(onTime.stats.due_for_visit + 1)
    expect(overdue.stats.visited_on_time).toBe(onTime.stats.visited_on_time - 1)
  })

  it('an enterprise never visited is overdue everywhere', async () => {
    await made.visit(addDays(today, 1))
    const record = await getJson<Visit>(made, `/api/enterprises/${made.id}/inspections`)
    const worklist = await getJson<Worklist>(made, `/api/grids/${made.gridCode}/worklist`)
    expect(record.visit).toMatchObject({ due_on: null, due_in_days: null, state: 'overdue', overdue: true })
    expect(worklist.enterprises.find((e) => e.id === made.id)).toMatchObject({
      visit_due: 'overdue',
      due: true,
      due_in_days: null,
    })
  })
})
