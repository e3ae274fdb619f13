import { sql, type SQL } from 'drizzle-orm'

/**
 * DOMAIN §5: a hazard is overdue when it is open (not closed) and its deadline — the one in force,
 * moved by an approved extension — is before today. A hazard due today is not overdue today and is
 * overdue tomorrow; a hazard without a deadline is never overdue. Every query and answer that says
 * "overdue" uses this module: the SQL fragments for rows, the functions below for a row in hand.
 */
export function hazardOverdue(alias: string, today: SQL): SQL {
  const h = sql.raw(alias)
  return sql`(${h}.status <> 'closed' AND ${deadlinePassed(sql`${h}.deadline`, today)})`
}

/** The deadline part of the rule: passed when before today; no deadline never passes. */
const deadlinePassed = (deadline: SQL, today: SQL) => sql`coalesce(${deadline} < ${today}, false)`

/**
 * The same rule over the statistics facts (db/schema.ts hazardFacts): how many of the open
 * hazards' deadlines in `openDeadlines` (a date[] expression) are overdue today.
 */
export function overdueAmongOpenDeadlines(openDeadlines: SQL, today: SQL): SQL {
  return sql`(SELECT count(*) FROM unnest(${openDeadlines}) AS open_deadline
    WHERE ${deadlinePassed(sql`open_deadline`, today)})::int`
}

/** Whole days past the deadline: 0 when not overdue. */
export function hazardDaysOverdue(alias: string, today: SQL): SQL {
  return sql`(CASE WHEN ${hazardOverdue(alias, today)} THEN (${today} - ${sql.raw(alias)}.deadline)::int ELSE 0 END)`
}

export type EscalationRule = { letter_after_days_overdue: number; public_criticism_after_days_overdue: number }

/** DOMAIN §5 escalation by days past the deadline: 0 none, 1 督办函 letter, 2 public criticism. */
export function hazardDueEscalationLevel(alias: string, today: SQL, rule: EscalationRule): SQL {
  const days = hazardDaysOverdue(alias, today)
  // The thresholds are positive (server/rules/hazard-settings.ts), so 0 days overdue is always level 0.
  return sql`(CASE WHEN ${days} >= ${rule.public_criticism_after_days_overdue}::int THEN 2
    WHEN ${days} >= ${rule.letter_after_days_overdue}::int THEN 1 ELSE 0 END)`
}

type OpenRow = { status: string; deadline: string | null }

const dayMs = 86_400_000

/** The same rule for a row already read. */
export const isOverdue = (row: OpenRow, today: string) =>
  row.status !== 'closed' && row.deadline !== null && row.deadline < today

export const daysOverdue = (row: OpenRow, today: string) =>
  isOverdue(row, today) ? Math.round((Date.parse(today) - Date.parse(row.deadline!)) / dayMs) : 0

export function escalationLevelFor(days: number, rule: EscalationRule): number {
  if (days <= 0) return 0
  if (days >= rule.public_criticism_after_days_overdue) return 2
  if (days >= rule.letter_after_days_overdue) return 1
  return 0
}
