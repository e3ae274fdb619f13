import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { limitKeyOfAddress } from '../http/client-address.ts'

/**
 * Log-in limits, kept in the database (`login_throttle`) so every server process shares them and a
 * restart forgets nothing. The rule:
 *
 * - Two counters: one per client address across all usernames (server/http/client-address.ts;
 *   an IPv6 client counts by its /64) and one per username across all addresses.
 * - Every attempt counts on both *before* the password is checked, in one INSERT … ON CONFLICT
 *   each, so a burst of parallel guesses cannot all pass one check. A counter starts again after
 *   15 quiet minutes — counted from the end of its last wait, so sitting out the longest wait does
 *   not also wipe the count.
 * - Up to its threshold a counter lets attempts through. Each attempt beyond it sets a wait
 *   before the next one: 1 s, 2 s, 4 s … capped at 15 min for an address and at 60 s for a
 *   username. An attempt during a wait gets 429 + Retry-After, is not checked and not counted.
 * - The username's cap is small on purpose: anyone can fail log-ins for any username, so the most
 *   a stranger can do to the real user — from any number of addresses — is make them wait a
 *   minute, while a guesser gets at most one guess a minute per username, and a guesser from one
 *   address meets that address's growing wait on every username.
 * - A success clears the username's counter and takes its own attempt back off the address's; the
 *   address keeps its earlier failures, so an insider logging into their own account between
 *   guesses at others does not reset the address's wait.
 * - Thresholds: 10 failures for an address (an office behind one NAT address shares it), 5 for a
 *   username.
 */
export type LoginLimiter = {
  /** Counts an attempt and answers 0, or the seconds to wait (the attempt is then not counted). */
  admit(db: Database, attempt: LoginAttempt): Promise<number>
  /** The attempt's password was right. */
  succeeded(db: Database, attempt: LoginAttempt): Promise<void>
}

export type LoginAttempt = { username: string; address: string }
type Limit = { threshold: number; capMs: number }
type Kind = 'address' | 'username'

export const addressLimit: Limit = { threshold: 10, capMs: 15 * 60_000 }
export const usernameLimit: Limit = { threshold: 5, capMs: 60_000 }
const windowMs = 15 * 60_000

const keyOf = (kind: Kind, attempt: LoginAttempt) =>
  kind === 'address' ? limitKeyOfAddress(attempt.address) : attempt.username.trim().toLowerCase()

export function createLoginLimiter({
  now = () => new Date(),
  limits = { address: addressLimit, username: usernameLimit },
}: { now?: () => Date; limits?: Record<Kind, Limit> } = {}): LoginLimiter {
  const at = () => sql`${now().toISOString()}::timestamptz`

  /** Counts one attempt on one counter; the seconds to wait instead when a wait is running. */
  async function count(db: Database, kind: Kind, key: string): Promise<number> {
    const { threshold, capMs } = limits[kind]
    const t = at()
    const failures: SQL = sql`CASE WHEN coalesce(t.blocked_until, t.last_failure_at) <= ${t} - ${windowMs}::int * interval '1 ms' THEN 1 ELSE t.failures + 1 END`
    const counted = await db.rows<{ failures: number }>(sql`
      INSERT INTO login_throttle AS t (kind, key, failures, last_failure_at)
      VALUES (${kind}, ${key}, 1, ${t})
      ON CONFLICT (kind, key) DO UPDATE SET
        failures = ${failures},
        last_failure_at = ${t},
        blocked_until = CASE WHEN ${failures} > ${threshold}::int
          THEN ${t} + least(${capMs}::int, 1000 * power(2, least(${failures} - ${threshold}::int - 1, 30))) * interval '1 ms' END
      WHERE t.blocked_until IS NULL OR t.blocked_until <= ${t}
      RETURNING failures`)
    if (counted.length > 0) return 0
    const [wait] = await db.rows<{ ms: number }>(sql`
      SELECT extract(epoch FROM blocked_until - ${t}) * 1000 AS ms FROM login_throttle WHERE kind = ${kind} AND key = ${key}`)
    return Math.max(1, Math.ceil(Number(wait?.ms ?? 1000) / 1000))
  }

  return {
    async admit(db, attempt) {
      await db.rows(sql`
        DELETE FROM login_throttle
        WHERE coalesce(blocked_until, last_failure_at) < ${at()} - ${windowMs}::int * interval '1 ms'`)
      // The address first: an address already waiting does not add to the username's count.
      const byAddress = await count(db, 'address', keyOf('address', attempt))
      if (byAddress > 0) return byAddress
      return count(db, 'username', keyOf('username', attempt))
    },
    async succeeded(db, attempt) {
      await db.rows(sql`DELETE FROM login_throttle WHERE kind = 'username' AND key = ${keyOf('username', attempt)}`)
      await db.rows(sql`
        UPDATE login_throttle SET failures = failures - 1,
          blocked_until = CASE WHEN failures - 1 > ${limits.address.threshold}::int THEN blocked_until END
        WHERE kind = 'address' AND key = ${keyOf('address', attempt)} AND failures > 0`)
    },
  }
}
