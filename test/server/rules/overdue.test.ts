import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testDatabase } from '../../support/test-db.ts'
import { getJson, madeRows, type MadeRows } from './made-rows.ts'

const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10)

type HazardAnswer = { hazard: { overdue: boolean; days_overdue: number } }
type Overdue = { id: number; overdue: boolean; days_overdue: number }
type Feature = { properties: { overdue: boolean } }
type Items = { numberMatched: number }
type GridStats = { hazards: { overdue: number } }
type WallLists = { towns: { code: string; overdue: number }[] }

let made: MadeRows
let hazardId: number
/** A deadline no demo hazard has, so from that day to the next only the hand-made hazard changes. */
let deadline: string

beforeAll(async () => {
  const db = await testDatabase()
  made = await madeRows(db)
  const taken = new Set(
    (
      await db.rows<{ day: string }>(sql`SELECT DISTINCT deadline::text AS day FROM hazards WHERE deadline IS NOT NULL`)
    ).map((row) => row.day),
  )
  deadline = '2026-10-16'
  while (taken.has(deadline)) deadline = addDays(deadline, 1)
  hazardId = await made.hazard({ level: 'general', status: 'rectifying', deadline })
})
afterAll(() => made.remove())

/** Every answer that says whether the hand-made hazard is overdue, on `day`. */
async function answersOn(day: string) {
  made.at(day)
  const one = await getJson<HazardAnswer>(made, `/api/hazards/${hazardId}`)
  const worklist = await getJson<{ hazards: Overdue[] }>(made, `/api/grids/${made.gridCode}/worklist`)
  const record = await getJson<{ hazards: Overdue[] }>(made, `/api/enterprises/${made.id}`)
  const feature = await getJson<Feature>(made, `/ogc/collections/hazards/items/${hazardId}`)
  const filtered = await getJson<Items>(made, `/ogc/collections/hazards/items?enterprise_id=${made.id}&overdue=true`)
  const stats = await getJson<GridStats>(made, `/api/stats/grids/${made.gridCode}`)
  const wall = await getJson<WallLists>(made, '/api/wall/lists')
  // The worklist lists open hazards only: null when the hazard is not in it.
  const pick = (list: Overdue[]) => list.find((h) => h.id === hazardId) ?? { overdue: null, days_overdue: null }
  return {
    flags: [
      one.hazard.overdue,
      pick(worklist.hazards).overdue,
      pick(record.hazards).overdue,
      feature.properties.overdue,
      filtered.numberMatched === 1,
    ],
    days: [one.hazard.days_overdue, pick(worklist.hazards).days_overdue, pick(record.hazards).days_overdue],
    gridOverdue: stats.hazards.overdue,
    townOverdue: wall.towns.find((t) => t.code === made.townCode)!.overdue,
  }
}

describe('overdue (server/rules/overdue.ts)', () => {
  it('a hazard due today is overdue nowhere today and everywhere tomorrow', async () => {
    const dueDay = await answersOn(deadline)
    const nextDay = await answersOn(addDays(deadline, 1))
    expect(dueDay.flags).toEqual([false, false, false, false, false])
    expect(dueDay.days).toEqual([0, 0, 0])
    expect(nextDay.flags).toEqual([true, true, true, true, true])
    expect(nextDay.days).toEqual([1, 1, 1])
    // No other hazard has this deadline: the counts move by exactly this one.
    expect(nextDay.gridOverdue).toBe(dueDay.gridOverdue + 1)
    expect(nextDay.townOverdue).toBe(dueDay.townOverdue + 1)
  })

  it('a closed hazard past its deadline is not overdue (and leaves the worklist)', async () => {
    const db = await testDatabase()
    await db.rows(sql`UPDATE hazards SET status = 'closed', closed_on = ${deadline}::date WHERE id = ${hazardId}::int`)
    try {
      const answers = await answersOn(addDays(deadline, 30))
      expect(answers.flags).toEqual([false, null, false, false, false])
      expect(answers.days).toEqual([0, null, 0])
    } finally {
      await db.rows(sql`UPDATE hazards SET status = 'rectifying', closed_on = NULL WHERE id = ${hazardId}::int`)
    }
  })
})
