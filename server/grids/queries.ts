import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import type { hazardLevels, inspectionKinds, outletKinds, riskLevels, sectors } from '../../db/vocabulary.ts'
import { photosJson, type PhotoMeta } from '../hazards/photo-queries.ts'
import type { HazardFacts } from '../rules/listing-actions.ts'
import {
  lastOutletVisitSql,
  outletDueInDaysSql,
  outletVisitFrequencySql,
  outletVisitStateSql,
  type OutletVisitRules,
} from '../rules/outlet-visit-due.ts'
import { hazardDueEscalationLevel, hazardOverdue, type EscalationRule } from '../rules/overdue.ts'
import { dueInDaysSql, lastVisitSql, visitFrequencySql, visitStateSql, type VisitState } from '../rules/visit-due.ts'
import type { StatsRules } from '../rules/stats-settings.ts'
import { scopeCondition, type Scope } from '../scope.ts'

type RiskLevel = (typeof riskLevels)[number]
type Sector = (typeof sectors)[number]
type HazardLevel = (typeof hazardLevels)[number]
type InspectionKind = (typeof inspectionKinds)[number]

/** What the worklist's reads share: the grid, the caller's scope and the reference date. */
export type WorklistQuery = { code: string; scope: Scope; today: string }

type GridRow = { code: string; name: string; town_code: string; town_name: string; officer_name: string | null }

/** The grid with its town's name, if it is in the caller's scope. */
export async function worklistGrid(db: Database, { code, scope }: WorklistQuery): Promise<GridRow | undefined> {
  const [grid] = await db.rows<GridRow>(sql`
    SELECT g.grid_code AS code, g.name, g.town_code, r.name AS town_name, g.officer_name
    FROM (SELECT code AS grid_code, * FROM grids) g JOIN regions r ON r.code = g.town_code
    WHERE g.grid_code = ${code} AND ${scopeCondition(scope, 'g')}`)
  return grid
}

/** A planned inspection not yet done, to complete with its id and version. */
export type PlannedInspectionRow = {
  id: number
  enterprise_id: number
  enterprise_name: string
  risk_level: RiskLevel
  kind: InspectionKind
  planned_on: string
  campaign_id: number | null
  campaign_name: string | null
  inspectors: string[]
  version: number
  overdue: boolean
}

/** The grid's planned inspections not yet done (e.g. 双随机 picks), earliest first, with campaign and inspectors. */
export function plannedInspections(db: Database, { code, scope, today }: WorklistQuery) {
  return db.rows<PlannedInspectionRow>(sql`
    SELECT i.id, i.enterprise_id, e.name AS enterprise_name, e.risk_level, i.kind, i.inspected_on::text AS planned_on,
      i.campaign_id, c.name AS campaign_name, i.inspectors, i.version,
      (i.inspected_on < ${today}::date) AS overdue
    FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
    LEFT JOIN inspection_campaigns c ON c.id = i.campaign_id
    WHERE i.grid_code = ${code} AND i.status = 'planned' AND ${scopeCondition(scope, 'i')}
    ORDER BY i.inspected_on, i.id`)
}

/** An enterprise of the worklist with when it is due a visit (server/rules/visit-due.ts). */
export type WorklistEnterpriseRow = {
  id: number
  name: string
  uscc: string
  sector: Sector
  risk_level: RiskLevel
  status: string
  address: string | null
  safety_manager: string | null
  safety_phone: string | null
  lon: number
  lat: number
  last_inspected_on: string | null
  days_since_last: number | null
  visit_frequency_days: number
  due_in_days: number | null
  visit_due: VisitState
  due: boolean
  open_hazards: number
}

/**
 * The grid's enterprises that are not closed, who is due a visit first: never visited, then by
 * `due_in_days` (server/rules/visit-due.ts), then id.
 */
export function enterprisesByVisitDue(
  db: Database,
  { code, scope, today }: WorklistQuery,
  frequency: StatsRules['visitFrequencyDays'],
) {
  const day = sql`${today}::date`
  const dueIn = dueInDaysSql('e', sql`last.inspected_on`, day, frequency)
  return db.rows<WorklistEnterpriseRow>(sql`
    SELECT e.id, e.name, e.uscc, e.sector, e.risk_level, e.status, e.address, e.safety_manager, e.safety_phone,
      ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat, last.inspected_on::text AS last_inspected_on,
      (${day} - last.inspected_on) AS days_since_last, ${visitFrequencySql('e', frequency)} AS visit_frequency_days,
      ${dueIn} AS due_in_days, ${visitStateSql(dueIn)} AS visit_due, coalesce(${dueIn} <= 0, true) AS due,
      (SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = e.id AND h.status <> 'closed'
        AND ${scopeCondition(scope, 'h')}) AS open_hazards
    FROM enterprises e
    LEFT JOIN LATERAL (SELECT ${lastVisitSql('e', day)} AS inspected_on) last ON true
    WHERE e.grid_code = ${code} AND e.status <> 'closed' AND ${scopeCondition(scope, 'e')}
    ORDER BY last.inspected_on IS NOT NULL, ${dueIn}, e.id`)
}

/** An active fireworks outlet of the worklist with when it is due a visit (server/rules/outlet-visit-due.ts). */
export type WorklistOutletRow = {
  id: number
  name: string
  licence_no: string | null
  kind: (typeof outletKinds)[number]
  operator: string | null
  phone: string | null
  address: string | null
  licence_valid_from: string | null
  licence_valid_to: string | null
  lon: number
  lat: number
  last_inspected_on: string | null
  days_since_last: number | null
  /** Null: it owes no visit today (a temporary outlet outside its season or licence). */
  visit_frequency_days: number | null
  due_in_days: number | null
  visit_due: VisitState | null
  due: boolean
}

/**
 * The grid's active outlets, who is due a visit first: those owing one (never visited, then by
 * `due_in_days`), then those owing none, then id.
 */
export function outletsByVisitDue(db: Database, { code, scope, today }: WorklistQuery, rules: OutletVisitRules) {
  const frequency = outletVisitFrequencySql('o', today, rules)
  const dueIn = outletDueInDaysSql(frequency, sql`last.inspected_on`, today)
  return db.rows<WorklistOutletRow>(sql`
    SELECT o.id, o.name, o.licence_no, o.kind, o.operator, o.phone, o.address,
      o.licence_valid_from::text AS licence_valid_from, o.licence_valid_to::text AS licence_valid_to,
      ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat, last.inspected_on::text AS last_inspected_on,
      (${today}::date - last.inspected_on) AS days_since_last, ${frequency} AS visit_frequency_days,
      ${dueIn} AS due_in_days, ${outletVisitStateSql(frequency, dueIn)} AS visit_due,
      coalesce(${dueIn} <= 0, ${frequency} IS NOT NULL) AS due
    FROM fireworks_outlets o
    LEFT JOIN LATERAL (SELECT ${lastOutletVisitSql('o', today)} AS inspected_on) last ON true
    WHERE o.grid_code = ${code} AND o.status = 'active' AND ${scopeCondition(scope, 'o')}
    ORDER BY ${frequency} IS NULL, last.inspected_on IS NOT NULL, ${dueIn}, o.id`)
}

/** An open hazard of the worklist: the facts hazardAnswer decides from, and what the list shows. */
export type WorklistHazardRow = HazardFacts & {
  id: number
  enterprise_id: number
  enterprise_name: string
  level: HazardLevel
  category: string | null
  description: string
  found_on: string
  escalation_level: number
  due_escalation_level: number
  listed: boolean
  version: number
  photos: PhotoMeta[]
}

/** The grid's open hazards as facts for hazardAnswer, overdue first, then by deadline (none last). */
export function openHazardsOverdueFirst(
  db: Database,
  { code, scope, today }: WorklistQuery,
  escalation: EscalationRule,
) {
  const day = sql`${today}::date`
  return db.rows<WorklistHazardRow>(sql`
    SELECT h.id, h.enterprise_id, e.name AS enterprise_name, h.level, h.status, h.category, h.description,
      h.found_on::text AS found_on, h.deadline::text AS deadline,
      h.escalation_level, ${hazardDueEscalationLevel('h', day, escalation)} AS due_escalation_level,
      (h.listed_on IS NOT NULL AND h.delisted_on IS NULL) AS listed, h.version, ${photosJson('h')} AS photos,
      h.reported_by_user_id, h.listed_by_level, h.listed_on::text AS listed_on, h.delisted_on::text AS delisted_on,
      h.extension_requested_on::text AS extension_requested_on,
      h.extension_approved_on::text AS extension_approved_on
    FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
    WHERE h.grid_code = ${code} AND h.status <> 'closed' AND ${scopeCondition(scope, 'h')}
    ORDER BY ${hazardOverdue('h', day)} DESC, h.deadline NULLS LAST, h.id`)
}
