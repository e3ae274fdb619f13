import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { targetsForYear } from '../../../db/defaults.ts'
import type { Request } from '../../support/test-app.ts'
import type { Kpi, Summary } from '../../../server/stats/summary.ts'
import { testDemo, testYear } from '../../support/fixture.ts'
import { testApp } from '../../support/test-app.ts'

const today = testDemo.asOf
const from = `${testYear}-01-01`
// db/defaults.ts dust_shift_threshold.
const dustThreshold = 30

let request: Request
let db: Database
let summary: Summary

const inYear = (day: string | null) => day !== null && day >= from && day <= today
const percent = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole)
const kpiOf = (s: Summary, key: string) => {
  const kpi = s.kpis.find((k) => k.key === key)
  if (!kpi) throw new Error(`no KPI ${key}`)
  return kpi
}

async function getSummary(query = ''): Promise<Summary> {
  const response = await request(`/api/stats/summary${query}`)
  expect(response.status).toBe(200)
  return (await response.json()) as Summary
}

/** The actual values, recounted in JavaScript over plain rows. */
async function expectedActuals(): Promise<Record<string, number | null>> {
  const campaigns = await db.rows<{ id: number; kind: string; organiser_level: string; started_on: string }>(
    sql`SELECT id, kind, organiser_level, started_on::text AS started_on FROM inspection_campaigns`,
  )
  const county = campaigns.filter((c) => c.organiser_level === 'county' && inYear(c.started_on))
  const enterprises = await db.rows<{
    status: string
    sector: string
    fireworks_wholesale: boolean
    above_size: boolean
    standardization_level: string
    standardization_on: string | null
    standardization_expiry: string | null
    confined_space_demo: boolean
    confined_space_demo_on: string | null
    dust: boolean
    dust_workers_per_shift: number | null
    dust_verified: boolean
    dust_verified_on: string | null
    culture_demo_level: string | null
    culture_demo_on: string | null
  }>(sql`
    SELECT status, sector, fireworks_wholesale, above_size, standardization_level, standardization_on::text AS standardization_on,
      standardization_expiry::text AS standardization_expiry, confined_space_demo,
      confined_space_demo_on::text AS confined_space_demo_on, dust, dust_workers_per_shift, dust_verified,
      dust_verified_on::text AS dust_verified_on, culture_demo_level, culture_demo_on::text AS culture_demo_on
    FROM enterprises`)
  const live = enterprises.filter((e) => e.status !== 'closed')
  const aboveSize = live.filter((e) => e.above_size)
  const standardized = aboveSize.filter(
    (e) =>
      e.standardization_level !== 'none' &&
      (e.standardization_on === null || e.standardization_on <= today) &&
      (e.standardization_expiry === null || e.standardization_expiry >= today),
  )
  const dustOver = live.filter((e) => e.dust && (e.dust_workers_per_shift ?? 0) > dustThreshold)
  const verified = dustOver.filter(
    (e) => e.dust_verified && (e.dust_verified_on === null || e.dust_verified_on <= today),
  )
  const drills = await db.rows<{ level: string; kind: string; town_code: string | null; held_on: string }>(
    sql`SELECT level, kind, town_code, held_on::text AS held_on FROM drills`,
  )
  const towns = (await db.rows<{ code: string }>(sql`SELECT code FROM regions WHERE kind <> 'county'`)).map(
    (r) => r.code,
  )
  const townDrills = towns.map(
    (code) => drills.filter((d) => d.level === 'town' && d.town_code === code && inYear(d.held_on)).length,
  )
  const enforcement = new Set(
    campaigns.filter((c) => c.kind === 'enforcement' && c.started_on.startsWith(`${testYear}-`)).map((c) => c.id),
  )
  const planned = (
    await db.rows<{ campaign_id: number | null; status: string; inspected_on: string }>(
      sql`SELECT campaign_id, status, inspected_on::text AS inspected_on FROM inspections`,
    )
  ).filter((i) => i.campaign_id !== null && enforcement.has(i.campaign_id))
  const accidents = await db.rows<{ level: string; occurred_on: string }>(
    sql`SELECT level, occurred_on::text AS occurred_on FROM accidents`,
  )
  const hazards = await db.rows<{
    level: string
    status: string
    found_on: string
    town_code: string | null
    listed_by_level: string | null
    listing_round: string | null
    listed_on: string | null
  }>(sql`
    SELECT level, status, found_on::text AS found_on, town_code, listed_by_level, listing_round, listed_on::text AS listed_on
    FROM hazards`)
  const found = hazards.filter((h) => inYear(h.found_on))
  const foundMajor = found.filter((h) => h.level === 'major')
  const listed = hazards.filter((h) => h.level === 'major' && h.listing_round !== null && inYear(h.listed_on))
  const roundSizes = (list: typeof listed) => {
    const sizes = new Map<string, number>()
    for (const h of list) sizes.set(h.listing_round!, (sizes.get(h.listing_round!) ?? 0) + 1)
    return [...sizes.values()]
  }
  const countyRounds = roundSizes(listed.filter((h) => h.listed_by_level === 'county'))
  const townRounds = towns.map((code) =>
    roundSizes(listed.filter((h) => h.listed_by_level === 'town' && h.town_code === code)),
  )
  const townRoundSizes = townRounds.flat()
  // Plan §4: the new-standardisation targets are for hazchem, fireworks wholesale and the 工贸 sectors.
  const trades = 'metallurgy nonferrous building_materials machinery light_industry textile tobacco commerce'.split(' ')
  const inPlan = (e: (typeof enterprises)[number]) =>
    e.sector === 'hazchem' || e.fireworks_wholesale || trades.includes(e.sector)
  const newly = (level: string) =>
    enterprises.filter((e) => e.standardization_level === level && inYear(e.standardization_on) && inPlan(e)).length
  return {
    county_comprehensive_inspections: county.filter((c) => c.kind === 'comprehensive').length,
    special_inspections: county.filter((c) => c.kind === 'special').length,
    unannounced_inspections: county.filter((c) => c.kind === 'unannounced' || c.kind === 'double_random').length,
    listing_rounds: countyRounds.length,
    listed_hazards_per_round: countyRounds.length === 0 ? null : Math.min(...countyRounds),
    town_listing_rounds: Math.min(...townRounds.map((r) => r.length)),
    town_listed_hazards_per_round: townRoundSizes.length === 0 ? null : Math.min(...townRoundSizes),
    standardization_level2_new: newly('level2'),
    standardization_level3_new: newly('level3'),
    standardization_micro_new: newly('micro'),
    above_size_standardized_pct: percent(standardized.length, aboveSize.length),
    confined_space_demo_enterprises: live.filter(
      (e) => e.confined_space_demo && (e.confined_space_demo_on === null || e.confined_space_demo_on <= today),
    ).length,
    dust_over_threshold_verified_pct: percent(verified.length, dustOver.length),
    county_drills: drills.filter((d) => d.level === 'county' && d.kind === 'comprehensive' && inYear(d.held_on)).length,
    town_drills_each: Math.min(...townDrills),
    culture_demo_province_new: enterprises.filter(
      (e) => e.culture_demo_level === 'province' && inYear(e.culture_demo_on),
    ).length,
    culture_demo_city_new: enterprises.filter((e) => e.culture_demo_level === 'city' && inYear(e.culture_demo_on))
      .length,
    enforcement_plan_completion_pct: percent(
      planned.filter((i) => i.status === 'done' && i.inspected_on <= today).length,
      planned.length,
    ),
    larger_accidents_max: accidents.filter((a) => a.level !== 'general' && inYear(a.occurred_on)).length,
    accident_count: accidents.filter((a) => inYear(a.occurred_on)).length,
    hazard_closure_rate_pct: percent(found.filter((h) => h.status === 'closed').length, found.length),
    major_hazard_closure_rate_pct: percent(foundMajor.filter((h) => h.status === 'closed').length, foundMajor.length),
  }
}

beforeAll(async () => {
  ;({ request, db } = await testApp())
  summary = await getSummary(`?year=${testYear}`)
})

describe('get /api/stats/summary', () => {
  it('reports the year up to the reference date', () => {
    expect(summary.year).toBe(testYear)
    expect(summary.as_of).toBe(today)
    expect(summary.period).toEqual({ from, to: today })
  })

  it('defaults to the year of the reference date', async () => {
    expect(await getSummary()).toEqual(summary)
  })

  it('measures every KPI against the targets of db/defaults.ts', () => {
    const targets = new Map(targetsForYear(testYear).map((t) => [t.key, t.target]))
    for (const kpi of summary.kpis.filter((k) => k.target_key !== null)) {
      expect(kpi.target, kpi.key).toBe(targets.get(kpi.target_key!))
    }
    const measured = new Set(summary.kpis.map((k) => k.target_key))
    expect([...targets.keys()].filter((key) => !measured.has(key))).toEqual([])
  })

  it('computes each actual as a recount over the rows does', async () => {
    const expected = await expectedActuals()
    const actual = Object.fromEntries(summary.kpis.filter((k) => k.key in expected).map((k) => [k.key, k.actual]))
    expect(actual).toEqual(expected)
    expect(expected.county_comprehensive_inspections).toBeGreaterThan(0)
    expect(expected.special_inspections).toBeGreaterThan(0)
  })

  it('gives every percent KPI the counts it is made of', async () => {
    const percents = summary.kpis.filter((k) => k.unit === 'percent')
    expect(percents.map((k) => k.key)).toEqual([
      'above_size_standardized_pct',
      'dust_over_threshold_verified_pct',
      'enforcement_plan_completion_pct',
      'hazard_closure_rate_pct',
      'major_hazard_closure_rate_pct',
    ])
    for (const kpi of percents) expect(kpi.actual, kpi.key).toBe(percent(kpi.parts!.part, kpi.parts!.whole))
    const [dust] = await db.rows<{ over: number; verified: number }>(sql`
      SELECT count(*)::int AS over, count(*) FILTER (WHERE dust_verified AND (dust_verified_on IS NULL OR dust_verified_on <= ${today}::date))::int AS verified
      FROM enterprises WHERE status <> 'closed' AND dust AND dust_workers_per_shift > ${dustThreshold}::int`)
    expect(kpiOf(summary, 'dust_over_threshold_verified_pct').parts).toEqual({
      part: dust!.verified,
      whole: dust!.over,
    })
    expect(dust!.over).toBeGreaterThan(0)
    const [hazards] = await db.rows<{ found: number; closed: number }>(sql`
      SELECT count(*)::int AS found, count(*) FILTER (WHERE status = 'closed')::int AS closed
      FROM hazards WHERE found_on BETWEEN ${from}::date AND ${today}::date`)
    expect(kpiOf(summary, 'hazard_closure_rate_pct').parts).toEqual({ part: hazards!.closed, whole: hazards!.found })
  })

  it('judges met from actual and target', () => {
    const judged = (kpi: Kpi) => {
      if (kpi.actual === null || kpi.target === null) return null
      if (kpi.comparison === 'at_least') return kpi.actual >= kpi.target
      if (kpi.comparison === 'at_most') return kpi.actual <= kpi.target
      return kpi.actual < kpi.target || (kpi.actual === 0 && kpi.target === 0)
    }
    for (const kpi of summary.kpis) expect(kpi.met, kpi.key).toBe(judged(kpi))
    expect(kpiOf(summary, 'larger_accidents_max').comparison).toBe('at_most')
  })

  it('compares accidents and deaths with the same period of the year before (双下降)', async () => {
    const rows = await db.rows<{ occurred_on: string; deaths: number }>(
      sql`SELECT occurred_on::text AS occurred_on, deaths FROM accidents`,
    )
    const previousTo = `${testYear - 1}${today.slice(4)}`
    const period = (start: string, end: string) => rows.filter((a) => a.occurred_on >= start && a.occurred_on <= end)
    const now = period(from, today)
    const before = period(`${testYear - 1}-01-01`, previousTo)
    const deaths = (list: typeof rows) => list.reduce((total, a) => total + a.deaths, 0)
    expect(summary.accidents).toEqual({
      count: now.length,
      deaths: deaths(now),
      previous: { from: `${testYear - 1}-01-01`, to: previousTo, count: before.length, deaths: deaths(before) },
      double_decline:
        (now.length < before.length || now.length + before.length === 0) &&
        (deaths(now) < deaths(before) || deaths(now) + deaths(before) === 0),
    })
    expect(kpiOf(summary, 'accident_deaths')).toMatchObject({ actual: deaths(now), target: deaths(before) })
  })

  it('computes actuals but no targets for a year without targets', async () => {
    const earlier = await getSummary(`?year=${testYear - 2}`)
    expect(earlier.period).toEqual({ from: `${testYear - 2}-01-01`, to: `${testYear - 2}-12-31` })
    for (const kpi of earlier.kpis.filter((k) => k.target_key !== null)) {
      expect(kpi.target, kpi.key).toBeNull()
      expect(kpi.met, kpi.key).toBeNull()
    }
    expect(kpiOf(earlier, 'county_comprehensive_inspections').actual).toBe(0)
    expect(kpiOf(earlier, 'town_drills_each').towns).toEqual({ meeting: 0, of: 19 })
  })

  it.each([
    '?year=abc',
    '?year=26',
    '?year=1999',
    `?year=${testYear + 1}`,
    `?year=${testYear}&year=${testYear}`,
    '?yr=2026',
    '?year=',
  ])('get /api/stats/summary%s returns 400', async (query) => {
    const response = await request(`/api/stats/summary${query}`)
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toBeTruthy()
  })
})
