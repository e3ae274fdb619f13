import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { scopeCondition } from '../scope.ts'
import { todaysLayout, type LayoutSql } from './layout.ts'
import { licenceExpired, licenceExpiring, licenceNumber, licenceValidity } from './licence.ts'
import { noFireworksZone } from './no-fireworks-zone.ts'
import { outletSpacing } from './outlet-spacing.ts'
import { floorArea, notDedicatedShop, sharesResidence } from './premises.ts'
import { violationColumns, type RuleCode, type RuleContext, type RuleFragment } from './rule-context.ts'
import { siteDistance } from './site-distance.ts'

/**
 * The siting-rule engine: every rule an outlet breaks, computed in one SQL statement from one
 * fragment per rule. The outlets judged, and the "other outlets" of the spacing rule, are the
 * layout (server/fireworks/layout.ts: active and planned outlets) — today's, or a plan's. This is
 * also what the town roll-ups count against the cap.
 */
export const outletRules: Record<RuleCode, RuleFragment> = {
  outlet_spacing: outletSpacing,
  site_distance: siteDistance,
  no_fireworks_zone: noFireworksZone,
  shares_residence: sharesResidence,
  not_dedicated_shop: notDedicatedShop,
  floor_area: floorArea,
  licence_number: licenceNumber,
  licence_expired: licenceExpired,
  licence_expiring: licenceExpiring,
  licence_validity: licenceValidity,
}

/** The rules a point on the map can break: where an outlet stands, not what it is. */
export const locationRuleCodes = ['outlet_spacing', 'site_distance', 'no_fireworks_zone'] as const

export type Violation = {
  rule: RuleCode
  severity: 'error' | 'warning'
  /** The measured value: metres, m², days (see the rule); null for yes/no rules. */
  value: number | null
  threshold: number | null
  other_type: 'outlet' | 'site' | 'zone' | null
  /** The other party's id and name; null when the caller's scope does not reach it. */
  other_id: number | null
  other_name: string | null
  other_kind: string | null
  /** Ground distance to the other party (to a zone: to its edge), metres. */
  distance_m: number | null
}

const ruleOrder = Object.keys(outletRules) as RuleCode[]

/** The union of the chosen rules' fragments over `subject`, with fixed column names and types. */
export function violationsUnion(context: RuleContext, codes: readonly RuleCode[]): SQL {
  const columns = sql.raw(violationColumns.join(', '))
  const parts = codes
    .map((code) => outletRules[code](context))
    .filter((part): part is SQL => part !== null)
    .map((part) => sql`SELECT * FROM (${part}) f(${columns})`)
  if (parts.length === 0) {
    return sql`SELECT NULL::int AS subject_id, NULL::text AS rule, NULL::text AS severity, NULL::float8 AS value,
      NULL::float8 AS threshold, NULL::text AS other_type, NULL::int AS other_id, NULL::text AS other_name,
      NULL::text AS other_kind, NULL::float8 AS distance_m WHERE false`
  }
  return sql.join(parts, sql` UNION ALL `)
}

/** Rules in their table order, then the nearest party first. */
export const violationOrder = (alias: string) =>
  sql.raw(
    `array_position(ARRAY[${ruleOrder.map((code) => `'${code}'`).join(',')}]::text[], ${alias}.rule), ${alias}.distance_m NULLS FIRST, ${alias}.other_id NULLS FIRST`,
  )

export type OutletViolation = Violation & {
  /** Negative for an outlet a plan adds (server/fireworks/layout.ts). */
  outlet_id: number
  outlet_name: string
  licence_no: string | null
  outlet_kind: string
  town_code: string | null
  grid_code: string | null
}

/**
 * The CTEs `layout`, `subject` (the layout's outlets in the caller's scope that `where` keeps, as
 * `AND …` on alias o) and `v` (the violations of the rules `codes`, all by default), for the head
 * of a WITH. v is MATERIALIZED: joined to the outlets, the union could otherwise be re-run for
 * every outlet.
 */
export function judgedLayout(
  context: RuleContext,
  layout: LayoutSql,
  where: SQL,
  codes: readonly RuleCode[] = ruleOrder,
) {
  return sql`${layout.ctes}, subject AS MATERIALIZED (
      SELECT o.* FROM layout o WHERE ${scopeCondition(context.scope, 'o')} ${where}
    ), v AS MATERIALIZED (${violationsUnion(context, codes)})`
}

export type ViolationFilters = { townCode?: string; rules?: readonly RuleCode[]; severity?: 'error' | 'warning' }

/**
 * Every rule broken by every outlet of the layout in the caller's scope (and the filters), by
 * outlet id — the outlets a plan adds (negative ids) last, in the plan's order.
 */
export function outletViolations(
  db: Database,
  context: RuleContext,
  filters: ViolationFilters = {},
  layout: LayoutSql = todaysLayout,
) {
  const town = filters.townCode ? sql`AND o.town_code = ${filters.townCode}::text` : sql``
  const severity = filters.severity ? sql`WHERE v.severity = ${filters.severity}::text` : sql``
  return db.rows<OutletViolation>(sql`
    WITH ${judgedLayout(context, layout, town, filters.rules)}
    SELECT o.id AS outlet_id, o.name AS outlet_name, o.licence_no, o.kind::text AS outlet_kind, o.town_code, o.grid_code,
      v.rule, v.severity, v.value, v.threshold, v.other_type, v.other_id, v.other_name, v.other_kind, v.distance_m
    FROM v JOIN subject o ON o.id = v.subject_id
    ${severity}
    ORDER BY o.id < 0, abs(o.id), ${violationOrder('v')}`)
}
