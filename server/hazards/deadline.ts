import { ApiError } from '../api-error.ts'
import { addDays } from './closed-loop.ts'

/**
 * A rectification deadline lies at most `maxDays` (the listing_deadline_max_days setting) after the
 * day it is set from. DOMAIN §5 gives a listed major hazard — the gravest case — a deadline of at
 * most a year, so no ordinary notice gets a longer one; a far-off date such as 9999-12-31 would
 * make a hazard that is never overdue and never escalated. 422 `deadline_out_of_range` beyond it.
 */
export function checkDeadlineHorizon(what: string, deadline: string, from: string, maxDays: number): void {
  const latest = addDays(from, maxDays)
  if (deadline > latest) {
    throw new ApiError(
      422,
      `${what} ${deadline} is more than ${maxDays} days after ${from}; at most ${latest}`,
      { latest },
      'deadline_out_of_range',
    )
  }
}
