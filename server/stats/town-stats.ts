import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { regions } from '../../db/schema.ts'
import { againstCap, outletCap } from '../rules/outlet-cap.ts'
import { scopeCondition } from '../scope.ts'
import { areaMetrics, emptyMetrics, type AreaMetrics, type HistoryCounts } from './area-metrics.ts'
import type { GridStatsQuery } from './grid-stats.ts'

export type TownStats = {
  /** 9-digit NBS code of the town or special unit. */
  code: string
  name: string
  kind: (typeof regions.kind.enumValues)[number]
  /** Grids of the town in scope. */
  grid_count: number
  households: number | null
  /** 总量控制 (DOMAIN §6): active retail outlets against the town's cap. */
  outlet_cap: {
    /** The setting fireworks_outlets_per_1000_households_max. */
    per_1000_households: number
    /** server/rules/outlet-cap.ts: set by hand, else floor(per_1000_households × households / 1000); null without either. */
    cap: number | null
    active: number
    over_cap: boolean | null
  }
} & AreaMetrics

type TownRow = Pick<TownStats, 'code' | 'name' | 'kind' | 'grid_count' | 'households'> & { hand_cap: number | null }

/**
 * Every town / zone / farm in scope with the grid metrics rolled up by the rows' town_code (so a
 * row outside every grid still counts for its town).
 */
export async function allTownStats(db: Database, query: GridStatsQuery, history?: HistoryCounts): Promise<TownStats[]> {
  const { scope, filter } = query
  const townFilter =
    filter.townCodes.length === 0
      ? sql`true`
      : sql`r.town_code IN (${sql.join(
          filter.townCodes.map((code) => sql`${code}`),
          sql`, `,
        )})`
  // Regions and grids lack the town_code / grid_code columns scopeCondition expects: alias them.
  const [rows, metrics] = await Promise.all([
    db.rows<TownRow>(sql`
      SELECT r.town_code AS code, r.name, r.kind, r.households, r.outlet_cap AS hand_cap,
        coalesce(gc.grids, 0)::int AS grid_count
      FROM (SELECT code AS town_code, NULL::text AS grid_code, name, kind, households, outlet_cap
        FROM regions WHERE kind <> 'county') r
      LEFT JOIN (
        SELECT g.town_code, count(*)::int AS grids
        FROM (SELECT code AS grid_code, town_code FROM grids) g
        WHERE ${scopeCondition(scope, 'g')}
        GROUP BY g.town_code
      ) gc ON gc.town_code = r.town_code
      WHERE (${scopeCondition(scope, 'r')} OR gc.grids > 0) AND ${townFilter}
      ORDER BY r.town_code`),
    areaMetrics(db, { ...query, by: 'town_code' }, history),
  ])
  const per1000Households = query.rules.outletsPer1000Households
  return rows.map(({ hand_cap, ...row }) => {
    const townMetrics = metrics.get(row.code) ?? emptyMetrics()
    const { cap } = outletCap({ households: row.households, handCap: hand_cap }, per1000Households)
    const active = townMetrics.fireworks.outlets_active
    return {
      ...row,
      outlet_cap: { per_1000_households: per1000Households, cap, active, over_cap: againstCap(active, cap).overCap },
      ...townMetrics,
    }
  })
}
