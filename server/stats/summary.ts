import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { standardizationTargetScope } from '../rules/standardization-scope.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { StatsRules } from '../rules/stats-settings.ts'

/**
 * One KPI of the county's annual plan (DOMAIN §8) against that year's annual_targets row.
 * `target` is null when the year has no such row; `met` is null when target or actual is null.
 */
export type Kpi = {
  key: string
  /** The annual_targets key the KPI is measured against (town variants share the county's key). */
  target_key: string | null
  /** 'count' of rows, or 'percent' in [0, 100]. */
  unit: 'count' | 'percent'
  /** at_least: actual ≥ target; at_most: actual ≤ target; below: actual < target, or both 0. */
  comparison: 'at_least' | 'at_most' | 'below'
  actual: number | null
  /** From annual_targets; for accident_count / accident_deaths (双下降), the same period a year before. */
  target: number | null
  met: boolean | null
  /** For "each town" KPIs: how many towns meet the target, of how many. */
  towns?: { meeting: number; of: number }
  /** For percent KPIs: the counts the percentage is made of (e.g. dust enterprises verified of all over the threshold). */
  parts?: { part: number; whole: number }
}

export type Summary = {
  year: number
  as_of: string
  /** The dates counted: 1 January of `year` to 31 December or today, whichever is earlier. */
  period: { from: string; to: string }
  kpis: Kpi[]
  /** 双下降 (DOMAIN §7): this period against the same period of the year before. */
  accidents: {
    count: number
    deaths: number
    previous: { from: string; to: string; count: number; deaths: number }
    double_decline: boolean
  }
}

export type SummaryQuery = { year: number; today: string; scope: Scope; rules: StatsRules }

/** The same calendar day a year earlier; 29 February becomes 28 February. */
function yearBefore(day: string): string {
  const previous = `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`
  return previous.endsWith('-02-29') ? previous.replace('-02-29', '-02-28') : previous
}

const percent = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole)

function judge(comparison: Kpi['comparison'], actual: number | null, target: number | null): boolean | null {
  if (actual === null || target === null) return null
  if (comparison === 'at_least') return actual >= target
  if (comparison === 'at_most') return actual <= target
  return actual < target || (actual === 0 && target === 0)
}

type Counts = {
  county_comprehensive: number
  county_special: number
  county_unannounced: number
  level2_new: number
  level3_new: number
  micro_new: number
  above_size: number
  above_size_standardized: number
  confined_space_demo: number
  dust_over: number
  dust_over_verified: number
  county_drills: number
  culture_province_new: number
  culture_city_new: number
  enforcement_done: number
  enforcement_all: number
  larger_accidents: number
  accidents: number
  deaths: number
  previous_accidents: number
  previous_deaths: number
  hazards_found: number
  hazards_closed: number
  major_found: number
  major_closed: number
}

function accidentKpis(c: Counts): Kpi[] {
  const fell = (key: string, actual: number, previous: number): Kpi => ({
    key,
    target_key: null,
    unit: 'count',
    comparison: 'below',
    actual,
    target: previous,
    met: judge('below', actual, previous),
  })
  return [
    fell('accident_count', c.accidents, c.previous_accidents),
    fell('accident_deaths', c.deaths, c.previous_deaths),
  ]
}

type TownRow = { town_code: string; rounds: number; min_per_round: number | null; drills: number }

/** The hazards found from 1 January of `year` to `to` (in that year), in scope. */
export type FoundHazards = (period: { scope: Scope; year: number; to: string }) => SQL

/**
 * From the statistics facts (db/schema.ts yearFacts): the year's row less the hazards found after
 * `to` in that year (none unless dates were entered ahead; read by index).
 */
const foundHazardsFromFacts: FoundHazards = ({ scope, year, to }) => sql`(
  SELECT coalesce(sum(found), 0)::int AS found, coalesce(sum(closed), 0)::int AS closed,
    coalesce(sum(major_found), 0)::int AS major_found, coalesce(sum(major_closed), 0)::int AS major_closed
  FROM (
    SELECT f.hazards_found AS found, f.hazards_found_closed AS closed, f.major_found,
      f.major_found_closed AS major_closed
    FROM year_facts f WHERE f.year = ${year}::int AND ${scopeCondition(scope, 'f')}
    UNION ALL
    SELECT -1, -(h.status = 'closed')::int, -(h.level = 'major')::int, -(h.level = 'major' AND h.status = 'closed')::int
    FROM hazards h
    WHERE h.found_on > ${to}::date AND h.found_on <= ${`${year}-12-31`}::date AND ${scopeCondition(scope, 'h')}
  ) counts)`

/** The county's KPIs; `foundHazards` is replaced by the tests' from-scratch oracle. */
export async function countySummary(
  db: Database,
  query: SummaryQuery,
  foundHazards: FoundHazards = foundHazardsFromFacts,
): Promise<Summary> {
  const { year, today, scope, rules } = query
  const from = `${year}-01-01`
  const to = `${year}-12-31` < today ? `${year}-12-31` : today
  const previous = { from: `${year - 1}-01-01`, to: yearBefore(to) }
  const inPeriod = (column: string) => sql`${sql.raw(column)} BETWEEN ${from}::date AND ${to}::date`
  const campaigns = sql`(SELECT ic.*, NULL::text AS grid_code FROM inspection_campaigns ic)`
  const drills = sql`(SELECT d.*, NULL::text AS grid_code FROM drills d)`
  const countyCampaigns = (kinds: string[]) => sql`(
    SELECT count(*) FROM ${campaigns} c
    WHERE c.organiser_level = 'county' AND c.kind IN (${sql.join(
      kinds.map((kind) => sql`${kind}`),
      sql`, `,
    )}) AND ${inPeriod('c.started_on')} AND ${scopeCondition(scope, 'c')})::int`
  // Every enterprise count in one pass over the enterprises (the `en` row below).
  const enterprises = (condition: SQL) => sql`count(*) FILTER (WHERE ${condition})::int`
  const dustOver = sql`e.status <> 'closed' AND e.dust AND e.dust_workers_per_shift > ${rules.dustShiftThreshold}::int`
  const larger = sql`a.level IN ('larger', 'major', 'especially_major')`
  const newlyStandardized = sql`${inPeriod('e.standardization_on')} AND ${standardizationTargetScope('e')}`

  const [counts] = await db.rows<Counts>(sql`
    SELECT
      ${countyCampaigns(['comprehensive'])} AS county_comprehensive,
      ${countyCampaigns(['special'])} AS county_special,
      ${countyCampaigns(['unannounced', 'double_random'])} AS county_unannounced,
      (SELECT count(*) FROM ${drills} d
        WHERE d.level = 'county' AND d.kind = 'comprehensive' AND ${inPeriod('d.held_on')}
          AND ${scopeCondition(scope, 'd')})::int AS county_drills,
      (SELECT count(*) FROM inspections i JOIN inspection_campaigns c ON c.id = i.campaign_id
        WHERE c.kind = 'enforcement' AND c.started_on BETWEEN ${from}::date AND ${`${year}-12-31`}::date
          AND i.status = 'done' AND i.inspected_on <= ${today}::date
          AND ${scopeCondition(scope, 'i')})::int AS enforcement_done,
      (SELECT count(*) FROM inspections i JOIN inspection_campaigns c ON c.id = i.campaign_id
        WHERE c.kind = 'enforcement' AND c.started_on BETWEEN ${from}::date AND ${`${year}-12-31`}::date
          AND ${scopeCondition(scope, 'i')})::int AS enforcement_all,
      (SELECT count(*) FROM accidents a
        WHERE ${larger} AND ${inPeriod('a.occurred_on')} AND ${scopeCondition(scope, 'a')})::int AS larger_accidents,
      (SELECT count(*) FROM accidents a
        WHERE ${inPeriod('a.occurred_on')} AND ${scopeCondition(scope, 'a')})::int AS accidents,
      (SELECT coalesce(sum(a.deaths), 0) FROM accidents a
        WHERE ${inPeriod('a.occurred_on')} AND ${scopeCondition(scope, 'a')})::int AS deaths,
      (SELECT count(*) FROM accidents a
        WHERE a.occurred_on BETWEEN ${previous.from}::date AND ${previous.to}::date
          AND ${scopeCondition(scope, 'a')})::int AS previous_accidents,
      (SELECT coalesce(sum(a.deaths), 0) FROM accidents a
        WHERE a.occurred_on BETWEEN ${previous.from}::date AND ${previous.to}::date
          AND ${scopeCondition(scope, 'a')})::int AS previous_deaths,
      en.level2_new, en.level3_new, en.micro_new, en.above_size, en.above_size_standardized, en.confined_space_demo,
      en.dust_over, en.dust_over_verified, en.culture_province_new, en.culture_city_new,
      h.found AS hazards_found, h.closed AS hazards_closed, h.major_found, h.major_closed
    FROM ${foundHazards({ scope, year, to })} h, (
      SELECT
        ${enterprises(sql`e.standardization_level = 'level2' AND ${newlyStandardized}`)} AS level2_new,
        ${enterprises(sql`e.standardization_level = 'level3' AND ${newlyStandardized}`)} AS level3_new,
        ${enterprises(sql`e.standardization_level = 'micro' AND ${newlyStandardized}`)} AS micro_new,
        ${enterprises(sql`e.status <> 'closed' AND e.above_size`)} AS above_size,
        ${enterprises(sql`e.status <> 'closed' AND e.above_size AND e.standardization_level <> 'none'
          AND (e.standardization_on IS NULL OR e.standardization_on <= ${to}::date)
          AND (e.standardization_expiry IS NULL OR e.standardization_expiry >= ${to}::date)`)} AS above_size_standardized,
        ${enterprises(sql`e.status <> 'closed' AND e.confined_space_demo
          AND (e.confined_space_demo_on IS NULL OR e.confined_space_demo_on <= ${to}::date)`)} AS confined_space_demo,
        ${enterprises(dustOver)} AS dust_over,
        ${enterprises(sql`${dustOver} AND e.dust_verified
          AND (e.dust_verified_on IS NULL OR e.dust_verified_on <= ${to}::date)`)} AS dust_over_verified,
        ${enterprises(sql`e.culture_demo_level = 'province' AND ${inPeriod('e.culture_demo_on')}`)} AS culture_province_new,
        ${enterprises(sql`e.culture_demo_level = 'city' AND ${inPeriod('e.culture_demo_on')}`)} AS culture_city_new
      FROM enterprises e WHERE ${scopeCondition(scope, 'e')}
    ) en`)

  // 挂牌督办 rounds (DOMAIN §5): a round is a distinct listing_round of one listing unit's level.
  const listedMajor = sql`h.level = 'major' AND h.listing_round IS NOT NULL AND ${inPeriod('h.listed_on')}`
  const [county] = await db.rows<{ rounds: number; min_per_round: number | null }>(sql`
    SELECT count(*)::int AS rounds, min(n)::int AS min_per_round FROM (
      SELECT h.listing_round, count(*) AS n FROM hazards h
      WHERE h.listed_by_level = 'county' AND ${listedMajor} AND ${scopeCondition(scope, 'h')}
      GROUP BY h.listing_round
    ) r`)
  // Every town / zone / farm in scope, including those with no listing and no drill.
  const towns = await db.rows<TownRow>(sql`
    SELECT t.town_code, coalesce(l.rounds, 0)::int AS rounds, l.min_per_round::int AS min_per_round,
      coalesce(d.drills, 0)::int AS drills
    FROM (SELECT code AS town_code, NULL::text AS grid_code FROM regions WHERE kind <> 'county') t
    LEFT JOIN (
      SELECT town_code, count(*) AS rounds, min(n) AS min_per_round FROM (
        SELECT h.town_code, h.listing_round, count(*) AS n FROM hazards h
        WHERE h.listed_by_level = 'town' AND ${listedMajor} AND ${scopeCondition(scope, 'h')}
        GROUP BY h.town_code, h.listing_round
      ) r GROUP BY town_code
    ) l ON l.town_code = t.town_code
    LEFT JOIN (
      SELECT d.town_code, count(*) AS drills FROM ${drills} d
      WHERE d.level = 'town' AND ${inPeriod('d.held_on')} AND ${scopeCondition(scope, 'd')}
      GROUP BY d.town_code
    ) d ON d.town_code = t.town_code
    WHERE ${scopeCondition(scope, 't')} OR l.town_code IS NOT NULL OR d.town_code IS NOT NULL
    ORDER BY t.town_code`)
  const targets = new Map(
    (
      await db.rows<{ key: string; target: number }>(
        sql`SELECT key, target::float8 AS target FROM annual_targets WHERE year = ${year}::int`,
      )
    ).map((row) => [row.key, row.target]),
  )

  const c = counts!
  const kpi = (
    key: string,
    actual: number | null,
    options: {
      targetKey?: string | null
      unit?: Kpi['unit']
      comparison?: Kpi['comparison']
      parts?: Kpi['parts']
    } = {},
  ): Kpi => {
    const targetKey = options.targetKey === undefined ? key : options.targetKey
    const comparison = options.comparison ?? 'at_least'
    const target = targetKey === null ? null : (targets.get(targetKey) ?? null)
    return {
      key,
      target_key: targetKey,
      unit: options.unit ?? 'count',
      comparison,
      actual,
      target,
      met: judge(comparison, actual, target),
      ...(options.parts ? { parts: options.parts } : {}),
    }
  }
  const eachTown = (key: string, targetKey: string, values: (number | null)[]): Kpi => {
    const base = kpi(key, values.length === 0 ? null : Math.min(...values.map((v) => v ?? 0)), { targetKey })
    const target = base.target
    const meeting = target === null ? 0 : values.filter((v) => v !== null && v >= target).length
    return { ...base, towns: { meeting, of: values.length } }
  }
  const townRounds = towns.map((t) => t.rounds)
  const townRoundSizes = towns.flatMap((t) => (t.min_per_round === null ? [] : [t.min_per_round]))

  const kpis: Kpi[] = [
    kpi('county_comprehensive_inspections', c.county_comprehensive),
    kpi('special_inspections', c.county_special),
    kpi('unannounced_inspections', c.county_unannounced),
    kpi('listing_rounds', county?.rounds ?? 0),
    kpi('listed_hazards_per_round', county?.min_per_round ?? null),
    eachTown('town_listing_rounds', 'listing_rounds', townRounds),
    kpi('town_listed_hazards_per_round', townRoundSizes.length === 0 ? null : Math.min(...townRoundSizes), {
      targetKey: 'listed_hazards_per_round',
    }),
    kpi('standardization_level2_new', c.level2_new),
    kpi('standardization_level3_new', c.level3_new),
    kpi('standardization_micro_new', c.micro_new),
    kpi('above_size_standardized_pct', percent(c.above_size_standardized, c.above_size), {
      unit: 'percent',
      parts: { part: c.above_size_standardized, whole: c.above_size },
    }),
    kpi('confined_space_demo_enterprises', c.confined_space_demo),
    kpi('dust_over_threshold_verified_pct', percent(c.dust_over_verified, c.dust_over), {
      unit: 'percent',
      parts: { part: c.dust_over_verified, whole: c.dust_over },
    }),
    kpi('county_drills', c.county_drills),
    eachTown(
      'town_drills_each',
      'town_drills_each',
      towns.map((t) => t.drills),
    ),
    kpi('culture_demo_province_new', c.culture_province_new),
    kpi('culture_demo_city_new', c.culture_city_new),
    kpi('enforcement_plan_completion_pct', percent(c.enforcement_done, c.enforcement_all), {
      unit: 'percent',
      parts: { part: c.enforcement_done, whole: c.enforcement_all },
    }),
    kpi('larger_accidents_max', c.larger_accidents, { comparison: 'at_most' }),
    // 双下降: the "target" is the same period of the year before.
    ...accidentKpis(c),
    kpi('hazard_closure_rate_pct', percent(c.hazards_closed, c.hazards_found), {
      targetKey: null,
      unit: 'percent',
      parts: { part: c.hazards_closed, whole: c.hazards_found },
    }),
    kpi('major_hazard_closure_rate_pct', percent(c.major_closed, c.major_found), {
      targetKey: null,
      unit: 'percent',
      parts: { part: c.major_closed, whole: c.major_found },
    }),
  ]
  return {
    year,
    as_of: today,
    period: { from, to },
    kpis,
    accidents: {
      count: c.accidents,
      deaths: c.deaths,
      previous: { ...previous, count: c.previous_accidents, deaths: c.previous_deaths },
      double_decline: kpis.filter((k) => k.key.startsWith('accident_')).every((k) => k.met),
    },
  }
}
