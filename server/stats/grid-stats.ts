import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { grids } from '../../db/schema.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import { areaMetrics, emptyMetrics, type AreaMetrics, type HistoryCounts } from './area-metrics.ts'
import type { StatsFilter } from './filters.ts'
import type { StatsRules } from '../rules/stats-settings.ts'

/** A grid code is its town's 9-digit NBS code plus a 3-digit serial (db/seed/grids.ts). */
export const gridCodePattern = /^\d{12}$/

export type GridStats = {
  code: string
  name: string
  town_code: string
  town_name: string
  kind: (typeof grids.kind.enumValues)[number]
} & AreaMetrics

type GridRow = Omit<GridStats, keyof AreaMetrics>

export type GridStatsQuery = { scope: Scope; filter: StatsFilter; rules: StatsRules; today: string }

function gridRows(db: Database, scope: Scope, where: SQL) {
  // Grids carry `code`, not `grid_code`: expose it under the name scopeCondition expects.
  return db.rows<GridRow>(sql`
    SELECT g.grid_code AS code, g.name, g.town_code, r.name AS town_name, g.kind
    FROM (SELECT code AS grid_code, town_code, name, kind FROM grids) g
    JOIN regions r ON r.code = g.town_code
    WHERE ${scopeCondition(scope, 'g')} AND ${where}
    ORDER BY g.grid_code`)
}

const townCondition = (filter: StatsFilter) =>
  filter.townCodes.length === 0
    ? sql`true`
    : sql`g.town_code IN (${sql.join(
        filter.townCodes.map((code) => sql`${code}`),
        sql`, `,
      )})`

/** Every grid in scope (and in the filtered towns), with its metrics (`history`: see areaMetrics). */
export async function allGridStats(db: Database, query: GridStatsQuery, history?: HistoryCounts): Promise<GridStats[]> {
  const [rows, metrics] = await Promise.all([
    gridRows(db, query.scope, townCondition(query.filter)),
    areaMetrics(db, { ...query, by: 'grid_code' }, history),
  ])
  return rows.map((row) => ({ ...row, ...(metrics.get(row.code) ?? emptyMetrics()) }))
}

/** One grid, or undefined when it does not exist, is out of scope or outside the filtered towns. */
export async function oneGridStats(
  db: Database,
  code: string,
  query: GridStatsQuery,
  history?: HistoryCounts,
): Promise<GridStats | undefined> {
  const [row] = await gridRows(db, query.scope, sql`g.grid_code = ${code} AND ${townCondition(query.filter)}`)
  if (!row) return undefined
  const metrics = await areaMetrics(db, { ...query, by: 'grid_code', only: code }, history)
  return { ...row, ...(metrics.get(code) ?? emptyMetrics()) }
}
