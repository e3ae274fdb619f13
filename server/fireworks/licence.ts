import { sql } from 'drizzle-orm'
import type { RuleFragment } from './rule-context.ts'

/**
 * DOMAIN §6: a retail licence number reads `(苏)LS〔year〕serial`. Both the ASCII and the full-width
 * parentheses occur in real ledgers; the serial is digits. This is the licence's format, not a
 * threshold, so it is not a setting. The same text is a PostgreSQL regular expression and a
 * JavaScript one.
 */
export const licenceNumberPattern = '^[(（]苏[)）]LS〔(19|20)[0-9]{2}〕[0-9]{1,6}$'

const party = sql`NULL::text, NULL::int, NULL::text, NULL::text, NULL::float8`

/**
 * The licence rules judge every outlet but a planned one without a licence number yet: a site an
 * adopted plan sited (server/fireworks/layout.ts) is licensed later. An active outlet without a
 * number breaks `licence_number`.
 */
const licensed = sql`NOT (s.status = 'planned' AND s.licence_no IS NULL)`

export const licenceNumber: RuleFragment = () =>
  sql`SELECT s.id, 'licence_number', 'error', NULL::float8, NULL::float8, ${party}
    FROM subject s WHERE ${licensed} AND (s.licence_no IS NULL OR s.licence_no !~ ${licenceNumberPattern}::text)`

/** Days from today to the licence's last valid day: negative once it has expired. */
const daysLeft = (today: string) => sql`(s.licence_valid_to - ${today}::text::date)`

/** A licence whose last valid day has passed, on an outlet still active. */
export const licenceExpired: RuleFragment = ({ today }) =>
  sql`SELECT s.id, 'licence_expired', 'error', ${daysLeft(today)}::float8, 0::float8, ${party}
    FROM subject s WHERE ${licensed} AND ${daysLeft(today)} < 0`

/** A warning `fireworks_licence_expiry_warning_days` ahead: 0 … N days left (the last day included). */
export const licenceExpiring: RuleFragment = ({ rules, today }) => {
  const days = rules.fireworks_licence_expiry_warning_days
  return sql`SELECT s.id, 'licence_expiring', 'warning', ${daysLeft(today)}::float8, ${days}::float8, ${party}
    FROM subject s WHERE ${licensed} AND ${daysLeft(today)} BETWEEN 0 AND ${days}::int`
}

/**
 * 65号令: a licence is valid at most `fireworks_licence_max_years` years. Validity counts both end
 * days, so 2026-01-01 … 2027-12-31 is two years (730 days) and allowed; one day more is not.
 * Measured and allowed are in days: (valid_to − valid_from + 1) against the days of N years from
 * valid_from.
 */
export const licenceValidity: RuleFragment = ({ rules }) => {
  const years = rules.fireworks_licence_max_years
  const allowed = sql`((s.licence_valid_from + make_interval(years => ${years}::int))::date - s.licence_valid_from)`
  return sql`SELECT s.id, 'licence_validity', 'error', (s.licence_valid_to - s.licence_valid_from + 1)::float8,
      ${allowed}::float8, ${party}
    FROM subject s WHERE ${licensed} AND s.licence_valid_to - s.licence_valid_from + 1 > ${allowed}`
}
