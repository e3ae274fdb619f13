import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { againstCap, outletCap } from '../rules/outlet-cap.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import { todaysLayout, type LayoutSql } from './layout.ts'
import type { SitingRules } from './siting-rules.ts'

/**
 * "合理布局、总量控制、有序递减" (DOMAIN §6) per town. The cap is server/rules/outlet-cap.ts, as
 * the town statistics and the wall count it; the plan cuts it by
 * fireworks_yearly_reduction.rate_pct each year for the next `years` years (cap of year k =
 * floor(cap × (1 − rate)^k)). The outlets counted are the layout's (active and planned,
 * server/fireworks/layout.ts) — today's, or a plan's.
 */
export type TownQuota = {
  code: string
  name: string
  kind: string
  households: number | null
  /** The cap set by hand (regions.outlet_cap), or null: then computed from households. */
  outlet_cap: number | null
  /** The cap in force. */
  cap: number | null
  cap_source: 'hand' | 'households' | null
  /** Outlets of the layout: active and planned. */
  outlets_now: number
  /** The planned part of outlets_now. */
  outlets_planned: number
  version: number
  /** outlets_now ≤ cap; null without a cap. */
  within: boolean | null
  over_by: number | null
  plan: { year: number; cap: number; planned_cut: number; outlets_to_close: number; within: boolean }[]
}

type TownRow = Pick<
  TownQuota,
  'code' | 'name' | 'kind' | 'households' | 'outlet_cap' | 'outlets_now' | 'outlets_planned' | 'version'
>

// The planned caps are whole outlets: floor, guarded against 10 × 0.9 coming out as 8.999….
const wholeFloor = (value: number) => Math.floor(value + 1e-9)

export function townPlan(cap: number, outletsNow: number, rules: SitingRules, year: number): TownQuota['plan'] {
  const { rate_pct: ratePct, years } = rules.fireworks_yearly_reduction
  const plan: TownQuota['plan'] = []
  let previous = cap
  for (let k = 1; k <= years; k++) {
    const yearCap = wholeFloor(cap * (1 - ratePct / 100) ** k)
    plan.push({
      year: year + k,
      cap: yearCap,
      planned_cut: previous - yearCap,
      outlets_to_close: Math.max(0, outletsNow - yearCap),
      within: outletsNow <= yearCap,
    })
    previous = yearCap
  }
  return plan
}

/** Every town or zone the caller can see (a grid officer: the towns of its grids), by code. */
export async function townQuotas(
  db: Database,
  scope: Scope,
  rules: SitingRules,
  year: number,
  layout: LayoutSql = todaysLayout,
): Promise<TownQuota[]> {
  const rows = await db.rows<TownRow>(sql`
    WITH ${layout.ctes}
    SELECT t.town_code AS code, t.name, t.kind::text AS kind, t.households, t.outlet_cap, t.version,
      coalesce(o.n, 0)::int AS outlets_now, coalesce(o.planned, 0)::int AS outlets_planned
    FROM (SELECT code AS town_code, NULL::text AS grid_code, name, kind, households, outlet_cap, version
      FROM regions WHERE kind <> 'county') t
    LEFT JOIN (
      SELECT o.town_code, count(*) AS n, count(*) FILTER (WHERE o.status = 'planned') AS planned FROM layout o
      WHERE ${scopeCondition(scope, 'o')} GROUP BY o.town_code
    ) o ON o.town_code = t.town_code
    WHERE ${scopeCondition(scope, 't')} OR EXISTS (
      SELECT 1 FROM (SELECT g.town_code, g.code AS grid_code FROM grids g) scoped_grid
      WHERE scoped_grid.town_code = t.town_code AND ${scopeCondition(scope, 'scoped_grid')})
    ORDER BY t.town_code`)
  const per1000 = rules.fireworks_outlets_per_1000_households_max
  return rows.map((row) => {
    const { cap, source } = outletCap({ households: row.households, handCap: row.outlet_cap }, per1000)
    const { overCap, overBy } = againstCap(row.outlets_now, cap)
    return {
      ...row,
      cap,
      cap_source: source,
      within: overCap === null ? null : !overCap,
      over_by: overBy,
      plan: cap === null ? [] : townPlan(cap, row.outlets_now, rules, year),
    }
  })
}
