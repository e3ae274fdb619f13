import type { Principal } from '../auth/principal.ts'
import { hazardActions, type HazardFacts } from '../rules/listing-actions.ts'
import { daysOverdue, isOverdue } from '../rules/overdue.ts'
import type { HazardRow } from './queries.ts'
import { snake, type Snake } from '../writes/tx.ts'
import type { HazardRules } from '../rules/hazard-settings.ts'

/** A hazard row as Drizzle reads it (hazardColumns), in the answers' snake_case. */
export const hazardFacts = (row: NonNullable<HazardRow>): Snake<NonNullable<HazardRow>> & HazardFacts => snake(row)

/**
 * A hazard as every answer sends it (GET /api/hazards/{id}, its writes, the worklist, the enterprise
 * record): its row plus what the web would otherwise decide again — `overdue` and `days_overdue`
 * (server/rules/overdue.ts) and `actions`, what this caller may do now (server/rules/listing-actions.ts).
 */
export function hazardAnswer<Row extends HazardFacts>(
  row: Row,
  principal: Principal,
  today: string,
  rules: Pick<HazardRules, 'listing_extension_request_working_days'>,
) {
  return {
    ...row,
    overdue: isOverdue(row, today),
    days_overdue: daysOverdue(row, today),
    actions: hazardActions(row, principal, {
      today,
      extensionRequestWorkingDays: rules.listing_extension_request_working_days,
    }),
  }
}
