import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { Request } from '../../support/test-app.ts'
import type { AreaMetrics } from '../../../server/stats/area-metrics.ts'
import type { GridStats } from '../../../server/stats/grid-stats.ts'
import type { TownStats } from '../../../server/stats/town-stats.ts'
import { testDemo } from '../../support/fixture.ts'
import { testApp } from '../../support/test-app.ts'
import { countBy, enterpriseRows, hazardRows, type EnterpriseRow, type HazardRow } from './rows.ts'

type TownsBody = { as_of: string; towns: TownStats[] }
type Region = { code: string; name: string; kind: string; households: number | null }

const today = testDemo.asOf
// db/defaults.ts fireworks_outlets_per_1000_households_max.
const outletsPer1000 = 2

let request: Request
let db: Database
let towns: TownStats[]
let grids: GridStats[]
let regions: Region[]
let enterprises: EnterpriseRow[]
let hazards: HazardRow[]

const getJson = async <T>(path: string) => {
  const response = await request(path)
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

/** The additive counts of AreaMetrics (everything but rates, shares and the highest level). */
function additive(metrics: AreaMetrics) {
  return {
    enterprises: [
      metrics.enterprises.total,
      metrics.enterprises.above_size,
      metrics.enterprises.by_sector,
      metrics.enterprises.by_risk_level,
    ],
    dust: metrics.dust,
    confined_spaces: metrics.confined_spaces.spaces,
    ammonia: metrics.ammonia,
    hazchem: metrics.hazchem,
    fireworks: metrics.fireworks,
    hazards: [
      metrics.hazards.open,
      metrics.hazards.overdue,
      metrics.hazards.major_open,
      metrics.hazards.listed,
      metrics.hazards.found_this_year,
      metrics.hazards.closed_this_year,
      metrics.hazards.major_found_this_year,
    ],
    inspections: [
      metrics.inspections.done_this_year,
      metrics.inspections.enterprises_inspected_this_year,
      metrics.inspections.visited_on_time,
      metrics.inspections.due_for_visit,
      metrics.inspections.by_visit_state,
    ],
  }
}

/** Adds the numbers of several metrics, recursively. */
function sum<T>(values: T[]): T {
  const add = (a: unknown, b: unknown): unknown => {
    if (typeof a === 'number' && typeof b === 'number') return a + b
    if (Array.isArray(a) && Array.isArray(b)) return a.map((x, i) => add(x, b[i]))
    if (a && b && typeof a === 'object') {
      return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, add(v, (b as Record<string, unknown>)[k])]))
    }
    throw new Error(`cannot add ${String(a)} and ${String(b)}`)
  }
  return values.reduce((a, b) => add(a, b) as T)
}

beforeAll(async () => {
  ;({ request, db } = await testApp())
  const body = await getJson<TownsBody>('/api/stats/towns')
  expect(body.as_of).toBe(today)
  towns = body.towns
  grids = (await getJson<{ grids: GridStats[] }>('/api/stats/grids')).grids
  regions = await db.rows<Region>(
    sql`SELECT code, name, kind, households FROM regions WHERE kind <> 'county' ORDER BY code`,
  )
  enterprises = await enterpriseRows(db)
  hazards = await hazardRows(db)
})

describe('get /api/stats/towns', () => {
  it('lists the 19 towns and special units with their grid counts', async () => {
    expect(towns.map((t) => [t.code, t.name, t.kind, t.households])).toEqual(
      regions.map((r) => [r.code, r.name, r.kind, r.households]),
    )
    expect(towns).toHaveLength(19)
    const gridCounts = countBy(
      await db.rows<{ town_code: string }>(sql`SELECT town_code FROM grids`),
      (g) => g.town_code,
    )
    for (const town of towns) expect(town.grid_count).toBe(gridCounts.get(town.code) ?? 0)
  })

  it('rolls up the sum of its grids plus the rows outside every grid', async () => {
    const ungriddedTowns = new Set(
      (
        await db.rows<{ town_code: string }>(sql`
          SELECT town_code FROM enterprises WHERE grid_code IS NULL
          UNION SELECT town_code FROM hazards WHERE grid_code IS NULL
          UNION SELECT town_code FROM inspections WHERE grid_code IS NULL
          UNION SELECT town_code FROM confined_spaces WHERE grid_code IS NULL
          UNION SELECT town_code FROM fireworks_outlets WHERE grid_code IS NULL`)
      ).map((row) => row.town_code),
    )
    let exact = 0
    for (const town of towns) {
      const rolled = sum(grids.filter((g) => g.town_code === town.code).map(additive))
      if (!ungriddedTowns.has(town.code)) {
        expect(additive(town)).toEqual(rolled)
        exact += 1
      }
      const outside = enterprises.filter(
        (e) => e.status !== 'closed' && e.grid_code === null && e.town_code === town.code,
      )
      expect(town.enterprises.total).toBe((rolled.enterprises[0] as number) + outside.length)
      const outsideOpen = hazards.filter(
        (h) => h.grid_code === null && h.town_code === town.code && h.status !== 'closed',
      )
      expect(town.hazards.open).toBe((rolled.hazards[0] as number) + outsideOpen.length)
    }
    expect(exact).toBeGreaterThan(0)
    const countyTotal = enterprises.filter((e) => e.status !== 'closed' && e.town_code !== null).length
    expect(towns.reduce((total, t) => total + t.enterprises.total, 0)).toBe(countyTotal)
  })

  it('rates and shares follow from the rolled-up counts', () => {
    for (const town of towns) {
      const { total } = town.enterprises
      expect(town.inspections.visited_on_time_share).toBe(total === 0 ? null : town.inspections.visited_on_time / total)
      const { on_time: onTime, due, overdue } = town.inspections.by_visit_state
      expect(town.inspections.visited_on_time).toBe(onTime + due)
      expect(town.inspections.due_for_visit).toBe(due + overdue)
      expect(onTime + due + overdue).toBe(total)
    }
  })

  it('checks active outlets against the cap per 1,000 households', () => {
    for (const town of towns) {
      const households = regions.find((r) => r.code === town.code)!.households
      const cap = households === null ? null : Math.floor((outletsPer1000 * households) / 1000)
      expect(town.outlet_cap).toEqual({
        per_1000_households: outletsPer1000,
        cap,
        active: town.fireworks.outlets_active,
        over_cap: cap === null ? null : town.fireworks.outlets_active > cap,
      })
    }
    expect(towns.reduce((total, t) => total + t.fireworks.outlets_total, 0)).toBeGreaterThan(50)
  })

  it('filters by town, sector and risk level', async () => {
    const code = regions[0]!.code
    const body = await getJson<TownsBody>(`/api/stats/towns?town_code=${code}&sector=hazchem&risk_level=major,high`)
    expect(body.towns.map((t) => t.code)).toEqual([code])
    expect(body.towns[0]!.enterprises.total).toBe(
      enterprises.filter(
        (e) =>
          e.status !== 'closed' &&
          e.town_code === code &&
          e.sector === 'hazchem' &&
          ['major', 'high'].includes(e.risk_level),
      ).length,
    )
  })

  it('returns 400 for bad filters', async () => {
    for (const path of [
      '/api/stats/towns?risk_level=orange',
      '/api/stats/towns?town=320924100',
      '/api/stats/towns?town_code=320924999',
    ]) {
      const response = await request(path)
      expect(response.status, path).toBe(400)
      expect(((await response.json()) as { details?: unknown }).details).toBeDefined()
    }
  })
})
