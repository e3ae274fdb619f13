import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { hazardStatuses, riskLevels } from '../../db/vocabulary.ts'
import { hazardDaysOverdue, hazardOverdue } from '../rules/overdue.ts'
import {
  dueInDaysSql,
  lastVisitSql,
  visitStateSql,
  type VisitFrequencyDays,
  type VisitState,
} from '../rules/visit-due.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { EnterpriseFilter, HazardFilter, Page, enterpriseSorts, hazardSorts } from './schemas.ts'

/**
 * The ledgers' rows (台账): one SELECT per ledger with its derived columns from server/rules/, its
 * filters and the caller's scope inside, and the sort and the page outside, so the count and the
 * rows are of exactly the same set.
 */

export type EnterpriseLedgerRow = {
  id: number
  name: string
  uscc: string
  town_code: string | null
  town_name: string | null
  grid_code: string | null
  grid_name: string | null
  sector: string
  risk_level: (typeof riskLevels)[number]
  status: string
  address: string | null
  employees: number
  safety_manager: string | null
  safety_phone: string | null
  last_visit_on: string | null
  due_in_days: number | null
  visit_state: VisitState
  open_hazards: number
  lon: number
  lat: number
}

export type HazardLedgerRow = {
  id: number
  enterprise_id: number
  enterprise_name: string
  uscc: string
  town_code: string | null
  town_name: string | null
  grid_code: string | null
  grid_name: string | null
  level: string
  status: (typeof hazardStatuses)[number]
  category: string | null
  description: string
  found_on: string
  deadline: string | null
  closed_on: string | null
  overdue: boolean
  days_overdue: number
  lon: number
  lat: number
}

/** `%text%` for ILIKE with the caller's own % _ and \ taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

const inList = (column: SQL, values: readonly string[] | undefined) =>
  values && values.length > 0
    ? sql`${column} IN (${sql.join(
        values.map((value) => sql`${value}`),
        sql`, `,
      )})`
    : undefined

const rank = (column: SQL, order: readonly string[]) =>
  sql`array_position(ARRAY[${sql.join(
    order.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[], ${column})`

const all = (conditions: (SQL | undefined)[]) => {
  const present = conditions.filter((condition): condition is SQL => condition !== undefined)
  return present.length === 0 ? sql`true` : sql.join(present, sql` AND `)
}

/** Filters every ledger shares, on a row alias with town_code, grid_code and the enterprise `e`. */
function commonConditions(
  filter: Pick<EnterpriseFilter, 'town_code' | 'grid_code' | 'sector' | 'risk_level' | 'q'>,
  alias: string,
  extraText: SQL[] = [],
) {
  const row = (name: string) => sql.raw(`${alias}.${name}`)
  const pattern = filter.q ? containsPattern(filter.q) : undefined
  return [
    filter.town_code ? sql`${row('town_code')} = ${filter.town_code}` : undefined,
    filter.grid_code ? sql`${row('grid_code')} = ${filter.grid_code}` : undefined,
    inList(sql`e.sector`, filter.sector),
    inList(sql`e.risk_level`, filter.risk_level),
    pattern
      ? sql`(${sql.join(
          [sql`e.name`, sql`e.uscc`, sql`e.address`, ...extraText].map((column) => sql`${column} ILIKE ${pattern}`),
          sql` OR `,
        )})`
      : undefined,
  ]
}

type Sorted<K extends string> = { sort?: K; dir?: 'asc' | 'desc' }

/** The sort asked for, or `fallback` (with `fallbackDir` when no direction is asked for either). */
function orderBy<K extends string>(
  filter: Sorted<K>,
  columns: Record<K, SQL>,
  fallback: K,
  fallbackDir: 'asc' | 'desc' = 'asc',
): SQL {
  const direction = sql.raw((filter.dir ?? (filter.sort ? 'asc' : fallbackDir)) === 'desc' ? 'DESC' : 'ASC')
  return sql`${columns[filter.sort ?? fallback]} ${direction} NULLS LAST, r.id ASC`
}

async function page<T>(db: Database, inner: SQL, outer: SQL, order: SQL, { limit, offset }: Page) {
  const [counted, rows] = await Promise.all([
    db.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM (${inner}) r WHERE ${outer}`),
    db.rows<T>(sql`SELECT * FROM (${inner}) r WHERE ${outer} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`),
  ])
  return { total: counted[0]!.total, rows }
}

const enterpriseOrder: Record<(typeof enterpriseSorts)[number], SQL> = {
  id: sql`r.id`,
  name: sql`r.name`,
  uscc: sql`r.uscc`,
  town: sql`r.town_code`,
  grid: sql`r.grid_code`,
  sector: sql`r.sector`,
  risk_level: rank(sql`r.risk_level`, riskLevels),
  status: sql`r.status`,
  employees: sql`r.employees`,
  last_visit_on: sql`r.last_visit_on`,
  due_in_days: sql`r.due_in_days`,
  open_hazards: sql`r.open_hazards`,
}

/** The enterprise ledger: a page of `filter` in `scope`, and how many match in all. */
export function enterpriseLedger(
  db: Database,
  scope: Scope,
  filter: EnterpriseFilter,
  today: string,
  frequency: VisitFrequencyDays,
  at: Page,
) {
  const day = sql`${today}::date`
  // Scalar subqueries, not a lateral join: PostgreSQL then evaluates them for the page's rows only
  // (after the sort and limit) unless the sort or a filter needs them.
  const lastVisit = lastVisitSql('e', day)
  const dueIn = dueInDaysSql('e', lastVisit, day, frequency)
  const inner = sql`
    SELECT e.id, e.name, e.uscc, e.town_code, t.name AS town_name, e.grid_code, g.name AS grid_name,
      e.sector, e.risk_level, e.status, e.address, e.employees, e.safety_manager, e.safety_phone,
      ${lastVisit}::text AS last_visit_on, ${dueIn} AS due_in_days, ${visitStateSql(dueIn)} AS visit_state,
      (SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = e.id AND h.status <> 'closed'
        AND ${scopeCondition(scope, 'h')}) AS open_hazards,
      ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat
    FROM enterprises e
    LEFT JOIN regions t ON t.code = e.town_code
    LEFT JOIN grids g ON g.code = e.grid_code
    WHERE ${scopeCondition(scope, 'e')}
      AND ${all([...commonConditions(filter, 'e'), inList(sql`e.status`, filter.status)])}`
  const outer = all([inList(sql`r.visit_state`, filter.visit_state)])
  return page<EnterpriseLedgerRow>(db, inner, outer, orderBy(filter, enterpriseOrder, 'name'), at)
}

const hazardOrder: Record<(typeof hazardSorts)[number], SQL> = {
  id: sql`r.id`,
  enterprise_name: sql`r.enterprise_name`,
  town: sql`r.town_code`,
  grid: sql`r.grid_code`,
  level: rank(sql`r.level`, ['major', 'general']),
  status: rank(sql`r.status`, hazardStatuses),
  found_on: sql`r.found_on`,
  deadline: sql`r.deadline`,
  closed_on: sql`r.closed_on`,
  days_overdue: sql`r.days_overdue`,
}

/** The hazard ledger: a page of `filter` in `scope`, and how many match in all. */
export function hazardLedger(db: Database, scope: Scope, filter: HazardFilter, today: string, at: Page) {
  const day = sql`${today}::date`
  const inner = sql`
    SELECT h.id, h.enterprise_id, e.name AS enterprise_name, e.uscc, h.town_code, t.name AS town_name,
      h.grid_code, g.name AS grid_name, h.level, h.status, h.category, h.description,
      h.found_on::text AS found_on, h.deadline::text AS deadline, h.closed_on::text AS closed_on,
      ${hazardOverdue('h', day)} AS overdue, ${hazardDaysOverdue('h', day)} AS days_overdue,
      ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat
    FROM hazards h
    -- Every hazard has its enterprise (NOT NULL, a foreign key); LEFT lets the count drop the join
    -- when no filter reads the enterprise.
    LEFT JOIN enterprises e ON e.id = h.enterprise_id
    LEFT JOIN regions t ON t.code = h.town_code
    LEFT JOIN grids g ON g.code = h.grid_code
    WHERE ${scopeCondition(scope, 'h')}
      AND ${all([
        ...commonConditions(filter, 'h', [sql`h.description`]),
        inList(sql`h.level`, filter.level),
        inList(sql`h.status`, filter.status),
        filter.overdue === undefined
          ? undefined
          : filter.overdue
            ? hazardOverdue('h', day)
            : sql`NOT ${hazardOverdue('h', day)}`,
        filter.from ? sql`h.found_on >= ${filter.from}::date` : undefined,
        filter.to ? sql`h.found_on <= ${filter.to}::date` : undefined,
      ])}`
  return page<HazardLedgerRow>(db, inner, sql`true`, orderBy(filter, hazardOrder, 'found_on', 'desc'), at)
}

/** The towns the caller's enterprises are in, for the ledgers' town filter. */
export const ledgerTowns = (db: Database, scope: Scope) =>
  db.rows<{ code: string; name: string }>(sql`
    SELECT DISTINCT t.code, t.name FROM enterprises e JOIN regions t ON t.code = e.town_code
    WHERE ${scopeCondition(scope, 'e')} ORDER BY t.code`)
