import { sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import type { AppEnv } from '../app-env.ts'
import type { Role } from '../auth/principal.ts'
import { fireworksEditors } from '../rules/fireworks-actions.ts'
import type { Scope } from '../scope.ts'
import { readSitingRules, type SitingRules } from './siting-rules.ts'

/** The rules a violation can name (GET /api/fireworks/violations?rule=). */
export const ruleCodes = [
  'outlet_spacing',
  'site_distance',
  'no_fireworks_zone',
  'shares_residence',
  'not_dedicated_shop',
  'floor_area',
  'licence_number',
  'licence_expired',
  'licence_expiring',
  'licence_validity',
] as const
export type RuleCode = (typeof ruleCodes)[number]
export const severities = ['error', 'warning'] as const

/**
 * What every rule fragment sees. Each fragment is a SELECT over the relation `subject` (the outlets
 * being judged, or one candidate point with a NULL id), measuring against the relation `layout`
 * (server/fireworks/layout.ts), giving the columns of `violationColumns`, or null when its setting
 * switches it off.
 */
export type RuleContext = {
  rules: SitingRules
  /** "Today" for licence dates (YYYY-MM-DD). */
  today: string
  /** Who asks: another party outside it is measured, but named only as its kind. */
  scope: Scope
}

/** The request's rule context: the settings read now, its "today", the caller's scope. */
export const ruleContextOf = async (c: Context<AppEnv>): Promise<RuleContext> => ({
  rules: await readSitingRules(c.get('db')),
  today: c.get('today'),
  scope: c.get('scope'),
})

export { fireworksEditors }
/** Who reads plans: the county-wide roles (town and grid users get 403). */
export const fireworksPlanReaders: readonly Role[] = [...fireworksEditors, 'viewer']

export type RuleFragment = (context: RuleContext) => SQL | null

/** The columns of every fragment, in this order: one row per rule broken, per other party. */
export const violationColumns = [
  'subject_id',
  'rule',
  'severity',
  'value',
  'threshold',
  'other_type',
  'other_id',
  'other_name',
  'other_kind',
  'distance_m',
] as const

/** An id or name of another party, or NULL when the caller's scope does not reach it. */
export const ifVisible = (visible: SQL, value: SQL) => sql`CASE WHEN ${visible} THEN ${value} END`
