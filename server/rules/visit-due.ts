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
 * The same date read from the statistics facts (db/schema.ts enterpriseFacts, alias `facts`): their
 * latest done visit when it is on or before today; a later one (dated after today) sends the reader
 * back to the enterprise's own inspections, so the answer is exact for any today.
 */
export function lastVisitFromFactsSql(enterprise: string, facts: string, today: SQL): SQL {
  const lastDone = sql.raw(`${facts}.last_done_on`)
  return sql`(CASE WHEN ${lastDone} IS NULL OR ${lastDone} <= ${today} THEN ${lastDone}
    ELSE ${lastVisitSql(enterprise, today)} END)`
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
