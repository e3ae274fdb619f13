import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { riskLevels, sectors } from '../../db/schema.ts'
import { ammoniaMajorHazard, keyHazchemUnit } from '../rules/major-hazard-source.ts'
import { overdueAmongOpenDeadlines } from '../rules/overdue.ts'
import { dueInDaysSql, lastVisitFromFacts, visitStates, visitStateSql, type VisitState } from '../rules/visit-due.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { StatsFilter } from './filters.ts'
import type { StatsRules } from '../rules/stats-settings.ts'

type Sector = (typeof sectors)[number]
type RiskLevel = (typeof riskLevels)[number]

/**
 * What a regulator asks of a grid or a town (DOMAIN §3–§5). Every figure is a count of rows
 * unless its name says otherwise; shares and rates are fractions in [0, 1] (null when the
 * denominator is 0). "This year" is 1 January of today's year up to and including today.
 * Enterprises with status 'closed' are left out of every enterprise-based number.
 */
export type AreaMetrics = {
  enterprises: {
    total: number
    /** 规上 enterprises. */
    above_size: number
    /** Every sector of db/schema.ts `sectors`, 0 when none. */
    by_sector: Record<Sector, number>
    /** Every level of `riskLevels` (major red, high orange, general yellow, low blue). */
    by_risk_level: Record<RiskLevel, number>
    /** The most severe risk level present, null without enterprises. */
    highest_risk_level: RiskLevel | null
  }
  dust: {
    enterprises: number
    /** More than the setting `dust_shift_threshold` exposed workers on one shift: third-party verification required. */
    over_threshold: number
    over_threshold_unverified: number
  }
  confined_spaces: {
    /** Ledger rows located in the area. */
    spaces: number
    /** Enterprises with at least one ledger row in the area. */
    enterprises: number
  }
  ammonia: {
    /** Enterprises with ammonia refrigeration (ammonia_tonnes > 0). */
    enterprises: number
    /** ammonia_tonnes ≥ the setting `ammonia_major_hazard_tonnes`: a major hazard source. */
    major_hazard: number
  }
  hazchem: {
    /**
     * 两重点一重大 (server/rules/major-hazard-source.ts): a key-monitored process or chemical, or a
     * major hazard source (rated, or ammonia at or over the threshold). Hazchem-sector enterprises
     * without any of these are in enterprises.by_sector.hazchem, no longer here.
     */
    enterprises: number
  }
  fireworks: {
    /** Retail outlets with status 'active'; sector and risk filters do not apply to outlets. */
    outlets_active: number
    /** Retail outlets of any status. */
    outlets_total: number
    /** Fireworks wholesale enterprises. */
    wholesale_enterprises: number
  }
  hazards: {
    /** Status other than closed, whenever found. */
    open: number
    /** Open and the deadline is before today (server/rules/overdue.ts). */
    overdue: number
    major_open: number
    /** 挂牌督办 in force: listed and not yet delisted. */
    listed: number
    found_this_year: number
    /** closed_on this year, whenever found. */
    closed_this_year: number
    /** 整改率: share of the hazards found this year that are closed. */
    closure_rate: number | null
    major_found_this_year: number
    major_closure_rate: number | null
  }
  inspections: {
    /** Done inspections this year (inspection trips). */
    done_this_year: number
    enterprises_inspected_this_year: number
    /**
     * Enterprises whose visit is not late: state on_time or due (server/rules/visit-due.ts), i.e. the
     * last done visit is at most the setting `visit_frequency_days[risk]` days before today.
     */
    visited_on_time: number
    /** Enterprises the worklist flags `due`: state due (today is the last day) or overdue. */
    due_for_visit: number
    /** Enterprises by visit state; on_time + due = visited_on_time, due + overdue = due_for_visit. */
    by_visit_state: Record<VisitState, number>
    /** visited_on_time / enterprises.total. */
    visited_on_time_share: number | null
  }
}

/** The column the numbers are grouped by: a grid's or a town's code on every data row. */
export type Grouping = 'grid_code' | 'town_code'

export type MetricsQuery = {
  by: Grouping
  scope: Scope
  filter: StatsFilter
  rules: StatsRules
  /** YYYY-MM-DD: the reference date. */
  today: string
  /** Only this grid or town (its code in the `by` column). */
  only?: string
}

const column = (alias: string, name: string) => sql.raw(`${alias}.${name}`)
const list = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )

/** Scope, town filter and grouping conditions on a data row with town_code and grid_code. */
export function rowConditions(alias: string, query: MetricsQuery): SQL {
  const conditions = [scopeCondition(query.scope, alias), sql`${column(alias, query.by)} IS NOT NULL`]
  if (query.filter.townCodes.length > 0) {
    conditions.push(sql`${column(alias, 'town_code')} IN (${list(query.filter.townCodes)})`)
  }
  if (query.only !== undefined) conditions.push(sql`${column(alias, query.by)} = ${query.only}`)
  return sql.join(conditions, sql` AND `)
}

/**
 * The join to the enterprise a history row belongs to (alias `e`), needed only by the sector and
 * risk-level filters: every row has its enterprise (foreign key).
 */
function filterJoin(alias: string, filter: StatsFilter): SQL {
  if (filter.sectors.length === 0 && filter.riskLevels.length === 0) return sql``
  return sql`JOIN enterprises e ON e.id = ${column(alias, 'enterprise_id')}`
}

/** Sector and risk-level filters on the enterprise a row belongs to. */
export function enterpriseConditions(alias: string, filter: StatsFilter): SQL {
  const conditions = [sql`true`]
  if (filter.sectors.length > 0) conditions.push(sql`${column(alias, 'sector')} IN (${list(filter.sectors)})`)
  if (filter.riskLevels.length > 0) {
    conditions.push(sql`${column(alias, 'risk_level')} IN (${list(filter.riskLevels)})`)
  }
  return sql.join(conditions, sql` AND `)
}

export const yearStart = (today: string) => `${today.slice(0, 4)}-01-01`

export type EnterpriseRow = {
  key: string
  total: number
  above_size: number
  dust: number
  dust_over: number
  dust_over_unverified: number
  ammonia: number
  ammonia_major: number
  hazchem: number
  wholesale: number
} & Record<string, number | string>

/**
 * The enterprise-based counts, one pass over the enterprises; `lastVisit` is the visit rule's
 * last-visit date (server/rules/visit-due.ts) for the enterprise `e` and the join that provides it.
 */
export function enterpriseCountsSql(query: MetricsQuery, lastVisit: { join: SQL; date: SQL }): SQL {
  const { rules } = query
  const today = sql`${query.today}::date`
  // One count per sector, risk level and visit state; the aliases come from constant arrays.
  const bySector = sectors.map((s) => sql`count(*) FILTER (WHERE e.sector = ${s})::int AS ${sql.raw(`"sector_${s}"`)}`)
  const byRisk = riskLevels.map(
    (r) => sql`count(*) FILTER (WHERE e.risk_level = ${r})::int AS ${sql.raw(`"risk_${r}"`)}`,
  )
  const visitState = visitStateSql(dueInDaysSql('e', lastVisit.date, today, rules.visitFrequencyDays))
  const byVisit = visitStates.map(
    (state) => sql`count(*) FILTER (WHERE ${visitState} = ${state})::int AS ${sql.raw(`"visit_${state}"`)}`,
  )
  return sql`
    SELECT e.${sql.raw(query.by)} AS key,
      count(*)::int AS total,
      count(*) FILTER (WHERE e.above_size)::int AS above_size,
      ${sql.join([...bySector, ...byRisk, ...byVisit], sql`, `)},
      count(*) FILTER (WHERE e.dust)::int AS dust,
      count(*) FILTER (WHERE e.dust AND e.dust_workers_per_shift > ${rules.dustShiftThreshold}::int)::int AS dust_over,
      count(*) FILTER (
        WHERE e.dust AND e.dust_workers_per_shift > ${rules.dustShiftThreshold}::int AND NOT e.dust_verified
      )::int AS dust_over_unverified,
      count(*) FILTER (WHERE e.ammonia_tonnes > 0)::int AS ammonia,
      count(*) FILTER (WHERE ${ammoniaMajorHazard('e', rules.ammoniaMajorHazardTonnes)})::int AS ammonia_major,
      count(*) FILTER (WHERE ${keyHazchemUnit('e', rules.ammoniaMajorHazardTonnes)})::int AS hazchem,
      count(*) FILTER (WHERE e.fireworks_wholesale)::int AS wholesale
    FROM enterprises e ${lastVisit.join}
    WHERE e.status <> 'closed' AND ${rowConditions('e', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY e.${sql.raw(query.by)}`
}

function enterpriseCounts(db: Database, query: MetricsQuery) {
  return db.rows<EnterpriseRow>(enterpriseCountsSql(query, lastVisitFromFacts('e', sql`${query.today}::date`)))
}

type ConfinedSpaceRow = { key: string; spaces: number; enterprises: number }

function confinedSpaceCounts(db: Database, query: MetricsQuery) {
  return db.rows<ConfinedSpaceRow>(sql`
    SELECT cs.${sql.raw(query.by)} AS key, count(*)::int AS spaces, count(DISTINCT cs.enterprise_id)::int AS enterprises
    FROM confined_spaces cs ${filterJoin('cs', query.filter)}
    WHERE cs.enterprise_id NOT IN (SELECT id FROM enterprises WHERE status = 'closed')
      AND ${rowConditions('cs', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY cs.${sql.raw(query.by)}`)
}

export type HazardRow = {
  key: string
  open: number
  overdue: number
  major_open: number
  listed: number
  found: number
  found_closed: number
  major_found: number
  major_found_closed: number
  closed: number
}

/**
 * Hazards from the facts: those in force (hazard_facts), the year's (year_facts) less the rows
 * dated after today in this year, which only exist when dates are entered ahead (read by index).
 */
function hazardCounts(db: Database, query: MetricsQuery) {
  const today = sql`${query.today}::date`
  const year = Number(query.today.slice(0, 4))
  const yearEnd = sql`${`${year}-12-31`}::date`
  const by = sql.raw(query.by)
  const where = (alias: string) => sql`${rowConditions(alias, query)} AND ${enterpriseConditions('e', query.filter)}`
  return db.rows<HazardRow>(sql`
    SELECT key, sum(open)::int AS open, sum(overdue)::int AS overdue, sum(major_open)::int AS major_open,
      sum(listed)::int AS listed, sum(found)::int AS found, sum(found_closed)::int AS found_closed,
      sum(major_found)::int AS major_found, sum(major_found_closed)::int AS major_found_closed,
      sum(closed)::int AS closed
    FROM (
      SELECT f.${by} AS key, f.open, ${overdueAmongOpenDeadlines(sql`f.open_deadlines`, today)} AS overdue,
        f.major_open, f.listed, 0 AS found, 0 AS found_closed, 0 AS major_found, 0 AS major_found_closed, 0 AS closed
      FROM hazard_facts f ${filterJoin('f', query.filter)}
      WHERE ${where('f')}
      UNION ALL
      SELECT f.${by}, 0, 0, 0, 0, f.hazards_found, f.hazards_found_closed, f.major_found, f.major_found_closed,
        f.hazards_closed
      FROM year_facts f ${filterJoin('f', query.filter)}
      WHERE f.year = ${year}::int AND ${where('f')}
      UNION ALL
      SELECT h.${by}, 0, 0, 0, 0, -1, -(h.status = 'closed')::int, -(h.level = 'major')::int,
        -(h.level = 'major' AND h.status = 'closed')::int, 0
      FROM hazards h ${filterJoin('h', query.filter)}
      WHERE h.found_on > ${today} AND h.found_on <= ${yearEnd} AND ${where('h')}
      UNION ALL
      SELECT h.${by}, 0, 0, 0, 0, 0, 0, 0, 0, -1
      FROM hazards h ${filterJoin('h', query.filter)}
      WHERE h.closed_on > ${today} AND h.closed_on <= ${yearEnd} AND ${where('h')}
    ) counts
    GROUP BY key`)
}

export type InspectionRow = { key: string; done: number; enterprises: number }

/** Done inspections of this year up to today, the same way: the year's facts less those dated after today. */
function inspectionCounts(db: Database, query: MetricsQuery) {
  const year = Number(query.today.slice(0, 4))
  const by = sql.raw(query.by)
  const where = (alias: string) => sql`${rowConditions(alias, query)} AND ${enterpriseConditions('e', query.filter)}`
  // Per area and enterprise first (an enterprise inspected in two grids of a town counts once for it).
  return db.rows<InspectionRow>(sql`
    SELECT key, sum(done)::int AS done, count(*) FILTER (WHERE inspected)::int AS enterprises
    FROM (
      SELECT key, enterprise_id, sum(done) AS done,
        coalesce(bool_or(first_done_on <= ${query.today}::date), false) AS inspected
      FROM (
        SELECT f.${by} AS key, f.enterprise_id, f.inspections_done AS done, f.first_done_on
        FROM year_facts f ${filterJoin('f', query.filter)}
        WHERE f.year = ${year}::int AND f.inspections_done > 0 AND ${where('f')}
        UNION ALL
        SELECT i.${by}, i.enterprise_id, -1, NULL
        FROM inspections i ${filterJoin('i', query.filter)}
        WHERE i.status = 'done' AND i.inspected_on > ${query.today}::date AND i.inspected_on <= ${`${year}-12-31`}::date
          AND ${where('i')}
      ) rows
      GROUP BY key, enterprise_id
    ) per_enterprise
    GROUP BY key`)
}

type OutletRow = { key: string; active: number; total: number }

function outletCounts(db: Database, query: MetricsQuery) {
  return db.rows<OutletRow>(sql`
    SELECT o.${sql.raw(query.by)} AS key, count(*) FILTER (WHERE o.status = 'active')::int AS active, count(*)::int AS total
    FROM fireworks_outlets o
    WHERE ${rowConditions('o', query)}
    GROUP BY o.${sql.raw(query.by)}`)
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)

export function emptyMetrics(): AreaMetrics {
  return assemble(undefined, undefined, undefined, undefined, undefined)
}

function assemble(
  e: EnterpriseRow | undefined,
  cs: ConfinedSpaceRow | undefined,
  h: HazardRow | undefined,
  i: InspectionRow | undefined,
  o: OutletRow | undefined,
): AreaMetrics {
  const count = (name: string) => Number(e?.[name] ?? 0)
  const byRiskLevel = Object.fromEntries(riskLevels.map((r) => [r, count(`risk_${r}`)])) as Record<RiskLevel, number>
  const total = e?.total ?? 0
  const byVisitState = Object.fromEntries(visitStates.map((v) => [v, count(`visit_${v}`)])) as Record<
    VisitState,
    number
  >
  const visitedOnTime = byVisitState.on_time + byVisitState.due
  return {
    enterprises: {
      total,
      above_size: e?.above_size ?? 0,
      by_sector: Object.fromEntries(sectors.map((s) => [s, count(`sector_${s}`)])) as Record<Sector, number>,
      by_risk_level: byRiskLevel,
      highest_risk_level: riskLevels.find((r) => byRiskLevel[r] > 0) ?? null,
    },
    dust: {
      enterprises: e?.dust ?? 0,
      over_threshold: e?.dust_over ?? 0,
      over_threshold_unverified: e?.dust_over_unverified ?? 0,
    },
    confined_spaces: { spaces: cs?.spaces ?? 0, enterprises: cs?.enterprises ?? 0 },
    ammonia: { enterprises: e?.ammonia ?? 0, major_hazard: e?.ammonia_major ?? 0 },
    hazchem: { enterprises: e?.hazchem ?? 0 },
    fireworks: {
      outlets_active: o?.active ?? 0,
      outlets_total: o?.total ?? 0,
      wholesale_enterprises: e?.wholesale ?? 0,
    },
    hazards: {
      open: h?.open ?? 0,
      overdue: h?.overdue ?? 0,
      major_open: h?.major_open ?? 0,
      listed: h?.listed ?? 0,
      found_this_year: h?.found ?? 0,
      closed_this_year: h?.closed ?? 0,
      closure_rate: share(h?.found_closed ?? 0, h?.found ?? 0),
      major_found_this_year: h?.major_found ?? 0,
      major_closure_rate: share(h?.major_found_closed ?? 0, h?.major_found ?? 0),
    },
    inspections: {
      done_this_year: i?.done ?? 0,
      enterprises_inspected_this_year: i?.enterprises ?? 0,
      visited_on_time: visitedOnTime,
      due_for_visit: byVisitState.due + byVisitState.overdue,
      by_visit_state: byVisitState,
      visited_on_time_share: share(visitedOnTime, total),
    },
  }
}

/** The counts that read the inspection and hazard history; the tests' oracle reads it from scratch. */
export type HistoryCounts = {
  enterprises(db: Database, query: MetricsQuery): Promise<EnterpriseRow[]>
  hazards(db: Database, query: MetricsQuery): Promise<HazardRow[]>
  inspections(db: Database, query: MetricsQuery): Promise<InspectionRow[]>
}

const historyFromFacts: HistoryCounts = {
  enterprises: enterpriseCounts,
  hazards: hazardCounts,
  inspections: inspectionCounts,
}

/**
 * The metrics of every grid or town in a handful of set-based queries (one GROUP BY per table),
 * keyed by grid or town code. Areas without any row are absent: use `emptyMetrics()`.
 */
export async function areaMetrics(
  db: Database,
  query: MetricsQuery,
  history: HistoryCounts = historyFromFacts,
): Promise<Map<string, AreaMetrics>> {
  const [enterprises, confinedSpaces, hazards, inspections, outlets] = await Promise.all([
    history.enterprises(db, query),
    confinedSpaceCounts(db, query),
    history.hazards(db, query),
    history.inspections(db, query),
    outletCounts(db, query),
  ])
  const byKey = <T extends { key: string }>(rows: T[]) => new Map(rows.map((row) => [row.key, row]))
  const maps = [byKey(enterprises), byKey(confinedSpaces), byKey(hazards), byKey(inspections), byKey(outlets)] as const
  const keys = new Set(maps.flatMap((map) => [...map.keys()]))
  return new Map(
    [...keys].map((key) => [
      key,
      assemble(maps[0].get(key), maps[1].get(key), maps[2].get(key), maps[3].get(key), maps[4].get(key)),
    ]),
  )
}
