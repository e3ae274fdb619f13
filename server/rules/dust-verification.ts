import { sql, type SQL } from 'drizzle-orm'

/**
 * DOMAIN §4: a dust-explosion enterprise with MORE than `dust_shift_threshold` exposed workers on
 * one shift needs third-party verification; one that has none yet is an alert on the map. SQL on
 * the enterprise row `enterprise`; the threshold is the live setting (server/rules/stats-settings.ts).
 */
export function dustVerificationRequired(enterprise: string, threshold: number): SQL {
  const e = sql.raw(enterprise)
  return sql`(${e}.dust AND coalesce(${e}.dust_workers_per_shift > ${threshold}::int, false))`
}

/** Verification required and not done: the dust layer's alert. */
export function dustVerificationMissing(enterprise: string, threshold: number): SQL {
  return sql`(${dustVerificationRequired(enterprise, threshold)} AND NOT coalesce(${sql.raw(enterprise)}.dust_verified, false))`
}
