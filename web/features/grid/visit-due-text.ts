import type { VisitState } from '../../../server/rules/visit-due.ts'
import type { Translate } from '../../api/errors.ts'

/**
 * A worklist row's visit state in words: the state is the server's (`visit_due`,
 * server/rules/visit-due.ts and outlet-visit-due.ts); the days only say by how much. Null: the row
 * owes no visit now (an outlet out of its season).
 */
export function visitDueText(row: { visit_due: VisitState | null; due_in_days: number | null }, t: Translate) {
  if (row.visit_due === null) return t('outletVisit.notOwed')
  if (row.due_in_days === null) return t('grid.visit.never')
  if (row.visit_due === 'overdue') return t('grid.visit.overdue', { n: -row.due_in_days })
  return t(`grid.visit.${row.visit_due}`, { n: row.due_in_days })
}
