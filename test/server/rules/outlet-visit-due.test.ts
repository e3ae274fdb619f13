import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { inSeason } from '../../../lib/fireworks-season.ts'
import {
  outletVisitStatus,
  readOutletVisitRules,
  type OutletFacts,
  type OutletVisitRules,
} from '../../../server/rules/outlet-visit-due.ts'
import { testDatabase } from '../../support/test-db.ts'
import { madeOutlets, type MadeOutlets } from './made-outlets.ts'

// db/defaults.ts: fireworks_season 12-15 … 03-05, fireworks_outlet_visit_days { season: 7, off_season: 90 }.
const addDays = (day: string, n: number) => new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10)
const season2627: [string, string] = ['2026-12-15', '2027-03-05']

type WorklistOutlet = {
  id: number
  visit_frequency_days: number | null
  due_in_days: number | null
  visit_due: string | null
  due: boolean
  actions: string[]
}
type Worklist = {
  outlet_visits: { in_season: boolean; fireworks_outlet_visit_days: { season: number; off_season: number } }
  outlets: WorklistOutlet[]
}
type History = {
  visit: {
    in_season: boolean
    last_visit_on: string | null
    frequency_days: number | null
    due_on: string | null
    due_in_days: number | null
    state: string | null
  }
}

let db: Database
let made: MadeOutlets
let rules: OutletVisitRules
let fixed: number
let temporary: number
const facts: Record<number, OutletFacts> = {}

beforeAll(async () => {
  db = await testDatabase()
  made = await madeOutlets(db)
  rules = await readOutletVisitRules(db)
  fixed = await made.outlet({ kind: 'fixed', licence: ['2026-01-01', '2027-12-31'] })
  temporary = await made.outlet({ kind: 'temporary', licence: season2627 })
  facts[fixed] = { kind: 'fixed', status: 'active', licence_valid_from: '2026-01-01', licence_valid_to: '2027-12-31' }
  facts[temporary] = {
    kind: 'temporary',
    status: 'active',
    licence_valid_from: season2627[0],
    licence_valid_to: season2627[1],
  }
})
afterAll(() => made.remove())

async function get<T>(path: string, as = 'county'): Promise<T> {
  const response = await made.request(path, {}, as)
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/**
 * What the worklist, the outlet's visit history and the TS twin say about `outlet` on `today`
 * with its only visit on `lastOn`; the three must agree.
 */
async function stateOn(outlet: number, today: string, lastOn: string | null) {
  made.at(today)
  await made.visit(outlet, lastOn)
  const worklist = await get<Worklist>(`/api/grids/${made.gridCode}/worklist`)
  const row = worklist.outlets.find((o) => o.id === outlet)!
  const history = await get<History>(`/api/fireworks/outlets/${outlet}/inspections`)
  const twin = outletVisitStatus(facts[outlet]!, lastOn, today, rules)
  expect(history.visit).toEqual({
    in_season: worklist.outlet_visits.in_season,
    last_visit_on: lastOn,
    frequency_days: row.visit_frequency_days,
    due_on: twin.dueOn,
    due_in_days: row.due_in_days,
    state: row.visit_due,
  })
  expect([twin.frequencyDays, twin.dueInDays, twin.state]).toEqual([
    row.visit_frequency_days,
    row.due_in_days,
    row.visit_due,
  ])
  return { state: row.visit_due, due_in_days: row.due_in_days, due: row.due, in_season: history.visit.in_season }
}

describe('outlet visit due (server/rules/outlet-visit-due.ts)', () => {
  it('in the season a visit exactly 7 days ago is due, 8 days ago overdue, for fixed and licensed temporary outlets', async () => {
    const today = '2027-01-20'
    for (const outlet of [fixed, temporary]) {
      expect(await stateOn(outlet, today, addDays(today, -6))).toEqual({
        state: 'on_time',
        due_in_days: 1,
        due: false,
        in_season: true,
      })
      expect(await stateOn(outlet, today, addDays(today, -7))).toEqual({
        state: 'due',
        due_in_days: 0,
        due: true,
        in_season: true,
      })
      expect(await stateOn(outlet, today, addDays(today, -8))).toEqual({
        state: 'overdue',
        due_in_days: -1,
        due: true,
        in_season: true,
      })
      expect(await stateOn(outlet, today, null)).toEqual({
        state: 'overdue',
        due_in_days: null,
        due: true,
        in_season: true,
      })
    }
  })

  it('outside the season a fixed outlet is due 90 days after its visit and a temporary one owes none', async () => {
    const today = '2026-10-15'
    expect(await stateOn(fixed, today, addDays(today, -89))).toMatchObject({ state: 'on_time', due_in_days: 1 })
    expect(await stateOn(fixed, today, addDays(today, -90))).toMatchObject({ state: 'due', due_in_days: 0 })
    expect(await stateOn(fixed, today, addDays(today, -91))).toMatchObject({ state: 'overdue', due_in_days: -1 })
    expect(await stateOn(temporary, today, null)).toEqual({
      state: null,
      due_in_days: null,
      due: false,
      in_season: false,
    })
  })

  it('the season starts on 12-15 and ends on 03-05, both days in it, across the new year', async () => {
    const lastOn = '2026-12-05'
    // 12-14: not yet the season; the fixed outlet's visit 9 days ago is well within 90 days.
    expect(await stateOn(fixed, '2026-12-14', lastOn)).toMatchObject({ in_season: false, state: 'on_time' })
    expect(await stateOn(temporary, '2026-12-14', null)).toMatchObject({ in_season: false, state: null })
    // 12-15: weekly now, so 10 days since the visit is 3 days late; the temporary outlet owes its first.
    expect(await stateOn(fixed, '2026-12-15', lastOn)).toMatchObject({ in_season: true, due_in_days: -3 })
    expect(await stateOn(temporary, '2026-12-15', null)).toMatchObject({ in_season: true, state: 'overdue' })
    for (const day of ['2026-12-31', '2027-01-01', '2027-03-05']) {
      expect(await stateOn(fixed, day, addDays(day, -7))).toMatchObject({ in_season: true, state: 'due' })
      expect(await stateOn(temporary, day, addDays(day, -8))).toMatchObject({ in_season: true, state: 'overdue' })
    }
    // 03-06: the season is over: a fixed outlet is back to 90 days, a temporary one owes nothing.
    expect(await stateOn(fixed, '2027-03-06', '2027-02-25')).toMatchObject({ in_season: false, due_in_days: 81 })
    expect(await stateOn(temporary, '2027-03-06', '2027-02-25')).toMatchObject({ in_season: false, state: null })
  })

  it('a temporary outlet owes visits in the season only while its licence covers the day', async () => {
    const lateLicence = await made.outlet({ kind: 'temporary', licence: ['2027-01-10', '2027-02-28'] })
    facts[lateLicence] = {
      kind: 'temporary',
      status: 'active',
      licence_valid_from: '2027-01-10',
      licence_valid_to: '2027-02-28',
    }
    expect(await stateOn(lateLicence, '2027-01-09', null)).toMatchObject({ in_season: true, state: null })
    expect(await stateOn(lateLicence, '2027-01-10', null)).toMatchObject({ state: 'overdue' })
    expect(await stateOn(lateLicence, '2027-02-28', '2027-02-21')).toMatchObject({ state: 'due' })
    expect(await stateOn(lateLicence, '2027-03-01', '2027-02-28')).toMatchObject({ in_season: true, state: null })
  })

  it('lists active outlets only: a suspended, closed or planned outlet owes no visit and is not on the worklist', async () => {
    const others = [
      await made.outlet({ kind: 'fixed', status: 'suspended' }),
      await made.outlet({ kind: 'fixed', status: 'closed' }),
      await made.outlet({ kind: 'fixed', status: 'planned' }),
    ]
    made.at('2027-01-20')
    const worklist = await get<Worklist>(`/api/grids/${made.gridCode}/worklist`)
    expect(worklist.outlets.map((o) => o.id)).toEqual(expect.arrayContaining([fixed, temporary]))
    expect(worklist.outlets.filter((o) => others.includes(o.id))).toEqual([])
    const history = await get<History>(`/api/fireworks/outlets/${others[0]}/inspections`)
    expect(history.visit).toMatchObject({ frequency_days: null, state: null })
  })

  it('orders the worklist: owing a visit first (never visited, then fewest days left), then owing none', async () => {
    made.at('2026-10-15')
    await made.visit(fixed, null)
    const { outlets } = await get<Worklist>(`/api/grids/${made.gridCode}/worklist`)
    const owing = outlets.filter((o) => o.visit_frequency_days !== null)
    const none = outlets.filter((o) => o.visit_frequency_days === null)
    expect(owing.length).toBeGreaterThan(0)
    expect(none.map((o) => o.id)).toContain(temporary)
    expect(outlets).toEqual([...owing, ...none])
    const neverFirst = owing.findIndex((o) => o.due_in_days !== null)
    expect(owing.slice(0, neverFirst === -1 ? owing.length : neverFirst).map((o) => o.id)).toContain(fixed)
    const daysLeft = owing.filter((o) => o.due_in_days !== null).map((o) => o.due_in_days!)
    expect(daysLeft).toEqual([...daysLeft].sort((a, b) => a - b))
  })

  it('reads the settings on every request: a shorter season interval turns the same visit due', async () => {
    await db.rows(sql`UPDATE settings SET value = '{"season": 3, "off_season": 90}'::jsonb
      WHERE key = 'fireworks_outlet_visit_days'`)
    try {
      rules = await readOutletVisitRules(db)
      expect(await stateOn(fixed, '2027-01-20', '2027-01-17')).toMatchObject({ state: 'due', due_in_days: 0 })
      const worklist = await get<Worklist>(`/api/grids/${made.gridCode}/worklist`)
      expect(worklist.outlet_visits.fireworks_outlet_visit_days).toEqual({ season: 3, off_season: 90 })
    } finally {
      await db.rows(sql`UPDATE settings SET value = '{"season": 7, "off_season": 90}'::jsonb
        WHERE key = 'fireworks_outlet_visit_days'`)
      rules = await readOutletVisitRules(db)
    }
  })
})

describe('inSeason', () => {
  const winter = { start: '12-15', end: '03-05' }
  const summer = { start: '06-01', end: '08-31' }
  it('takes both ends in, across the new year when the start is after the end', () => {
    expect(
      ['2026-12-14', '2026-12-15', '2027-01-01', '2027-03-05', '2027-03-06'].map((d) => inSeason(d, winter)),
    ).toEqual([false, true, true, true, false])
    expect(
      ['2026-05-31', '2026-06-01', '2026-08-31', '2026-09-01', '2026-12-20'].map((d) => inSeason(d, summer)),
    ).toEqual([false, true, true, false, false])
  })
})
