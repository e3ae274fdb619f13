import { inArray, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { defaultSettings } from '../../db/defaults.ts'
import { settings } from '../../db/schema.ts'
import type { outletKinds, outletStatuses } from '../../db/vocabulary.ts'
import { inSeason } from '../../lib/fireworks-season.ts'
import { visitStateSql, visitStatus, type VisitState } from './visit-due.ts'

/**
 * DOMAIN §3: fireworks outlets are visited weekly in the Spring Festival season. Which outlet owes
 * visits, and how often, on a given day:
 * - in the season (`fireworks_season`, MM-DD to MM-DD, both days in it, across the new year when
 *   the start is after the end): every active outlet — a temporary one only while its licence
 *   covers the day — every `fireworks_outlet_visit_days.season` days;
 * - outside it: active fixed outlets every `off_season` days; temporary outlets owe none;
 * - suspended, closed and planned outlets owe none (they sell nothing).
 * An outlet that owes visits has the states of server/rules/visit-due.ts, counted from its last
 * visit whenever it was (a pre-season check counts as the season's first visit): `on_time` while
 * the interval has days left, `due` on its last day, `overdue` after it or when never visited.
 * One outlet owing none has the state null. The SQL below and `outletVisitStatus` are the same rule.
 */

const defaultOf = <T>(key: string) => defaultSettings.find((s) => s.key === key)!.value as T

const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
const rulesSchema = {
  fireworks_season: z
    .object({ start: monthDay, end: monthDay })
    .catch(defaultOf<{ start: string; end: string }>('fireworks_season')),
  fireworks_outlet_visit_days: z
    .object({ season: z.number().int().positive(), off_season: z.number().int().positive() })
    .catch(defaultOf<{ season: number; off_season: number }>('fireworks_outlet_visit_days')),
}

export type OutletVisitRules = {
  season: z.infer<(typeof rulesSchema)['fireworks_season']>
  visitDays: z.infer<(typeof rulesSchema)['fireworks_outlet_visit_days']>
}

/** The season and the intervals in force; a missing or malformed row falls back to its default. */
export async function readOutletVisitRules(db: Pick<Database, 'orm'>): Promise<OutletVisitRules> {
  const rows = await db.orm
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, Object.keys(rulesSchema)))
  const value = (key: keyof typeof rulesSchema) => rows.find((row) => row.key === key)?.value
  return {
    season: rulesSchema.fireworks_season.parse(value('fireworks_season')),
    visitDays: rulesSchema.fireworks_outlet_visit_days.parse(value('fireworks_outlet_visit_days')),
  }
}

/** What the rule reads of an outlet. */
export type OutletFacts = {
  kind: (typeof outletKinds)[number]
  status: (typeof outletStatuses)[number]
  licence_valid_from: string | null
  licence_valid_to: string | null
}

/** The outlet's interval in days today, or null when it owes no visit. */
export function outletVisitFrequency(outlet: OutletFacts, today: string, rules: OutletVisitRules): number | null {
  if (outlet.status !== 'active') return null
  if (!inSeason(today, rules.season)) return outlet.kind === 'fixed' ? rules.visitDays.off_season : null
  const licensed =
    outlet.licence_valid_from !== null &&
    outlet.licence_valid_to !== null &&
    outlet.licence_valid_from <= today &&
    today <= outlet.licence_valid_to
  return outlet.kind === 'fixed' || licensed ? rules.visitDays.season : null
}

/** The same, as SQL on the outlet row `alias` (fireworks_outlets): an int, or NULL when it owes no visit. */
export function outletVisitFrequencySql(alias: string, today: string, rules: OutletVisitRules): SQL {
  const o = sql.raw(alias)
  const day = sql`${today}::date`
  if (!inSeason(today, rules.season)) {
    return sql`(CASE WHEN ${o}.status = 'active' AND ${o}.kind = 'fixed' THEN ${rules.visitDays.off_season}::int END)`
  }
  return sql`(CASE WHEN ${o}.status = 'active' AND (${o}.kind = 'fixed'
    OR coalesce(${o}.licence_valid_from <= ${day} AND ${day} <= ${o}.licence_valid_to, false))
    THEN ${rules.visitDays.season}::int END)`
}

/** The date of the outlet's last visit on or before `today`; NULL when never visited. */
export function lastOutletVisitSql(alias: string, today: string): SQL {
  return sql`(SELECT max(v.inspected_on) FROM outlet_inspections v
    WHERE v.outlet_id = ${sql.raw(alias)}.id AND v.inspected_on <= ${today}::date)`
}

/** Days left in the interval (negative: late); NULL when it owes no visit or was never visited. */
export function outletDueInDaysSql(frequency: SQL, lastVisit: SQL, today: string): SQL {
  return sql`(${frequency} - (${today}::date - ${lastVisit}))`
}

/** The VisitState, or NULL when the outlet owes no visit (`frequency` NULL). */
export function outletVisitStateSql(frequency: SQL, dueInDays: SQL): SQL {
  return sql`(CASE WHEN ${frequency} IS NULL THEN NULL ELSE ${visitStateSql(dueInDays)} END)`
}

/** The same rule for an outlet in hand, with its last visit (YYYY-MM-DD, or null). */
export function outletVisitStatus(
  outlet: OutletFacts,
  lastVisitOn: string | null,
  today: string,
  rules: OutletVisitRules,
): { frequencyDays: number | null; dueOn: string | null; dueInDays: number | null; state: VisitState | null } {
  const frequencyDays = outletVisitFrequency(outlet, today, rules)
  if (frequencyDays === null) return { frequencyDays, dueOn: null, dueInDays: null, state: null }
  return { frequencyDays, ...visitStatus(lastVisitOn, frequencyDays, today) }
}
