import { sql, type SQL } from 'drizzle-orm'
import type { riskLevels } from '../../db/vocabulary.ts'

/**
 * DOMAIN §3: an enterprise is visited at least every visit_frequency_days[risk_level] days. The
 * last visit is its latest done inspection on or before today; `due_in_days` = frequency − days
 * since it. One definition of the state, used by the worklist, the statistics, the enterprise
 * record and the wall:
 * - `on_time`: due_in_days > 0 — the interval has days left;
 * - `due`: due_in_days = 0 — today is the last day of the interval: not late, but visit today;
 * - `overdue`: due_in_days < 0, or never visited — a visit is owed.
 */
export const visitStates = ['on_time', 'due', 'overdue'] as const
export type VisitState = (typeof visitStates)[number]

export type VisitFrequencyDays = Record<(typeof riskLevels)[number], number>

/** The enterprise's interval in days, by its risk level. */
export function visitFrequencySql(enterprise: string, frequency: VisitFrequencyDays): SQL {
  return sql`(CASE ${sql.raw(enterprise)}.risk_level WHEN 'major' THEN ${frequency.major}::int
    WHEN 'high' THEN ${frequency.high}::int WHEN 'general' THEN ${frequency.general}::int
    ELSE ${frequency.low}::int END)`
}

/** The date of the enterprise's last done visit on or before today; NULL when never visited. */
export function lastVisitSql(enterprise: string, today: SQL): SQL {
  return sql`(SELECT max(i.inspected_on) FROM inspections i
    WHERE i.enterprise_id = ${sql.raw(enterprise)}.id AND i.status = 'done' AND i.inspected_on <= ${today})`
}

/**
 * The same date read from the statistics facts (db/schema.ts enterpriseFacts): `join` (after the
 * enterprise's FROM item) and `date`. The facts hold the latest done visit, whatever its date: when
 * it is on or before today it is the answer; when it lies after today (dated ahead), the answer is
 * read again from the inspections of those few enterprises only — exact for any today.
 */
export function lastVisitFromFacts(enterprise: string, today: SQL): { join: SQL; date: SQL } {
  const e = sql.raw(enterprise)
  return {
    join: sql`LEFT JOIN enterprise_facts visit_facts ON visit_facts.enterprise_id = ${e}.id
      LEFT JOIN (
        SELECT i.enterprise_id, max(i.inspected_on) AS inspected_on
        FROM enterprise_facts ahead JOIN inspections i ON i.enterprise_id = ahead.enterprise_id
        WHERE ahead.last_done_on > ${today} AND i.status = 'done' AND i.inspected_on <= ${today}
        GROUP BY i.enterprise_id
      ) visit_before ON visit_before.enterprise_id = ${e}.id`,
    date: sql`(CASE WHEN visit_facts.last_done_on <= ${today} THEN visit_facts.last_done_on
      ELSE visit_before.inspected_on END)`,
  }
}

/** Days left in the interval (negative: late); NULL when never visited. `lastVisit` is a date expression. */
export function dueInDaysSql(enterprise: string, lastVisit: SQL, today: SQL, frequency: VisitFrequencyDays): SQL {
  return sql`(${visitFrequencySql(enterprise, frequency)} - (${today} - ${lastVisit}))`
}

/** The VisitState of `dueInDays` (an expression from dueInDaysSql). */
export function visitStateSql(dueInDays: SQL): SQL {
  return sql`(CASE WHEN ${dueInDays} > 0 THEN 'on_time' WHEN ${dueInDays} = 0 THEN 'due' ELSE 'overdue' END)`
}

const dayMs = 86_400_000

/** The same rule for an enterprise whose last visit is in hand (YYYY-MM-DD, or null). */
export function visitStatus(lastVisitOn: string | null, frequencyDays: number, today: string) {
  if (lastVisitOn === null) return { dueOn: null, dueInDays: null, state: 'overdue' as VisitState }
  const dueOn = new Date(Date.parse(lastVisitOn) + frequencyDays * dayMs).toISOString().slice(0, 10)
  const dueInDays = Math.round((Date.parse(dueOn) - Date.parse(today)) / dayMs)
  const state: VisitState = dueInDays > 0 ? 'on_time' : dueInDays === 0 ? 'due' : 'overdue'
  return { dueOn, dueInDays, state }
}
