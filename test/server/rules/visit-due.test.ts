import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../support/test-db.ts'
import { getJson, madeRows, type MadeRows } from './made-rows.ts'

// The hand-made enterprise is `general` risk: visit_frequency_days.general = 90 (db/defaults.ts).
const today = '2026-10-15'
const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10)

type Worklist = { enterprises: { id: number; due_in_days: number | null; due: boolean; visit_due: string }[] }
type Visit = { visit: { dueOn: string | null; dueInDays: number | null; state: string; overdue: boolean } }
type GridStats = {
  inspections: {
    visitedOnTime: number
    dueForVisit: number
    byVisitState: { on_time: number; due: number; overdue: number }
  }
}

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

    expect(onTime.record).toMatchObject({ dueOn: addDays(today, 1), dueInDays: 1, state: 'on_time', overdue: false })
    expect(due.record).toMatchObject({ dueOn: today, dueInDays: 0, state: 'due', overdue: false })
    expect(overdue.record).toMatchObject({ dueOn: addDays(today, -1), dueInDays: -1, state: 'overdue', overdue: true })

    // Only the hand-made enterprise changes between the three: one state moves by one.
    const base = onTime.stats.byVisitState
    expect(due.stats.byVisitState).toEqual({ ...base, on_time: base.on_time - 1, due: base.due + 1 })
    expect(overdue.stats.byVisitState).toEqual({ ...base, on_time: base.on_time - 1, overdue: base.overdue + 1 })
    // Due today is not late (visited on time) but is due for a visit, as the worklist flags it.
    expect(due.stats.visitedOnTime).toBe(onTime.stats.visitedOnTime)
    expect(due.stats.dueForVisit).toBe(onTime.stats.dueForVisit + 1)
    expect(overdue.stats.visitedOnTime).toBe(onTime.stats.visitedOnTime - 1)
  })

  it('an enterprise never visited is overdue everywhere', async () => {
    await made.visit(addDays(today, 1))
    const record = await getJson<Visit>(made, `/api/enterprises/${made.id}/inspections`)
    const worklist = await getJson<Worklist>(made, `/api/grids/${made.gridCode}/worklist`)
    expect(record.visit).toMatchObject({ dueOn: null, dueInDays: null, state: 'overdue', overdue: true })
    expect(worklist.enterprises.find((e) => e.id === made.id)).toMatchObject({
      visit_due: 'overdue',
      due: true,
      due_in_days: null,
    })
  })
})
