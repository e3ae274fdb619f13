import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { riskLevels, sectors } from '../../db/schema.ts'
import { ammoniaMajorHazard, keyHazchemUnit } from '../rules/major-hazard-source.ts'
import { hazardOverdue } from '../rules/overdue.ts'
import { dueInDaysSql, lastVisitSql, visitStates, visitStateSql, type VisitState } from '../rules/visit-due.ts'
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
function rowConditions(alias: string, query: MetricsQuery): SQL {
  const conditions = [scopeCondition(query.scope, alias), sql`${column(alias, query.by)} IS NOT NULL`]
  if (query.filter.townCodes.length > 0) {
    conditions.push(sql`${column(alias, 'town_code')} IN (${list(query.filter.townCodes)})`)
  }
  if (query.only !== undefined) conditions.push(sql`${column(alias, query.by)} = ${query.only}`)
  return sql.join(conditions, sql` AND `)
}

/** Sector and risk-level filters on the enterprise a row belongs to. */
function enterpriseConditions(alias: string, filter: StatsFilter): SQL {
  const conditions = [sql`true`]
  if (filter.sectors.length > 0) conditions.push(sql`${column(alias, 'sector')} IN (${list(filter.sectors)})`)
  if (filter.riskLevels.length > 0) {
    conditions.push(sql`${column(alias, 'risk_level')} IN (${list(filter.riskLevels)})`)
  }
  return sql.join(conditions, sql` AND `)
}

const yearStart = (today: string) => `${today.slice(0, 4)}-01-01`

type EnterpriseRow = {
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

function enterpriseCounts(db: Database, query: MetricsQuery) {
  const { rules } = query
  const today = sql`${query.today}::date`
  // One count per sector, risk level and visit state; the aliases come from constant arrays.
  const bySector = sectors.map((s) => sql`count(*) FILTER (WHERE e.sector = ${s})::int AS ${sql.raw(`"sector_${s}"`)}`)
  const byRisk = riskLevels.map(
    (r) => sql`count(*) FILTER (WHERE e.risk_level = ${r})::int AS ${sql.raw(`"risk_${r}"`)}`,
  )
  const visitState = visitStateSql(dueInDaysSql('e', sql`last_visit.inspected_on`, today, rules.visitFrequencyDays))
  const byVisit = visitStates.map(
    (state) => sql`count(*) FILTER (WHERE ${visitState} = ${state})::int AS ${sql.raw(`"visit_${state}"`)}`,
  )
  return db.rows<EnterpriseRow>(sql`
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
    FROM enterprises e
    LEFT JOIN LATERAL (SELECT ${lastVisitSql('e', today)} AS inspected_on) last_visit ON true
    WHERE e.status <> 'closed' AND ${rowConditions('e', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY e.${sql.raw(query.by)}`)
}

type ConfinedSpaceRow = { key: string; spaces: number; enterprises: number }

function confinedSpaceCounts(db: Database, query: MetricsQuery) {
  return db.rows<ConfinedSpaceRow>(sql`
    SELECT cs.${sql.raw(query.by)} AS key, count(*)::int AS spaces, count(DISTINCT cs.enterprise_id)::int AS enterprises
    FROM confined_spaces cs JOIN enterprises e ON e.id = cs.enterprise_id
    WHERE e.status <> 'closed' AND ${rowConditions('cs', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY cs.${sql.raw(query.by)}`)
}

type HazardRow = {
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

function hazardCounts(db: Database, query: MetricsQuery) {
  const today = sql`${query.today}::date`
  const thisYear = (column: string) => sql`h.${sql.raw(column)} BETWEEN ${yearStart(query.today)}::date AND ${today}`
  return db.rows<HazardRow>(sql`
    SELECT h.${sql.raw(query.by)} AS key,
      count(*) FILTER (WHERE h.status <> 'closed')::int AS open,
      count(*) FILTER (WHERE ${hazardOverdue('h', today)})::int AS overdue,
      count(*) FILTER (WHERE h.status <> 'closed' AND h.level = 'major')::int AS major_open,
      count(*) FILTER (WHERE h.listed_on IS NOT NULL AND h.delisted_on IS NULL)::int AS listed,
      count(*) FILTER (WHERE ${thisYear('found_on')})::int AS found,
      count(*) FILTER (WHERE ${thisYear('found_on')} AND h.status = 'closed')::int AS found_closed,
      count(*) FILTER (WHERE ${thisYear('found_on')} AND h.level = 'major')::int AS major_found,
      count(*) FILTER (WHERE ${thisYear('found_on')} AND h.level = 'major' AND h.status = 'closed')::int
        AS major_found_closed,
      count(*) FILTER (WHERE ${thisYear('closed_on')})::int AS closed
    FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
    WHERE ${rowConditions('h', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY h.${sql.raw(query.by)}`)
}

type InspectionRow = { key: string; done: number; enterprises: number }

function inspectionCounts(db: Database, query: MetricsQuery) {
  return db.rows<InspectionRow>(sql`
    SELECT i.${sql.raw(query.by)} AS key, count(*)::int AS done, count(DISTINCT i.enterprise_id)::int AS enterprises
    FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
    WHERE i.status = 'done' AND i.inspected_on BETWEEN ${yearStart(query.today)}::date AND ${query.today}::date
      AND ${rowConditions('i', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY i.${sql.raw(query.by)}`)
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

/**
 * The metrics of every grid or town in a handful of set-based queries (one GROUP BY per table),
 * keyed by grid or town code. Areas without any row are absent: use `emptyMetrics()`.
 */
export async function areaMetrics(db: Database, query: MetricsQuery): Promise<Map<string, AreaMetrics>> {
  const [enterprises, confinedSpaces, hazards, inspections, outlets] = await Promise.all([
    enterpriseCounts(db, query),
    confinedSpaceCounts(db, query),
    hazardCounts(db, query),
    inspectionCounts(db, query),
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
