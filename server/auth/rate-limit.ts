/**
 * Failed log-ins per key (username + client address) in a sliding window. Kept in memory: it
 * resets when the server restarts and is per process, which is enough for one county's server.
 */
export type LoginLimiter = {
  /** Seconds until the key may try again, or 0. */
  retryAfter(key: string): number
  fail(key: string): void
  reset(key: string): void
}

export function createLoginLimiter({ maxFailures = 5, windowMs = 15 * 60_000, now = Date.now } = {}): LoginLimiter {
  const failures = new Map<string, number[]>()
  const recent = (key: string) => {
    const since = now() - windowMs
    const times = (failures.get(key) ?? []).filter((t) => t > since)
    if (times.length === 0) failures.delete(key)
    else failures.set(key, times)
    return times
  }
  return {
    retryAfter(key) {
      const times = recent(key)
      if (times.length < maxFailures) return 0
      return Math.max(1, Math.ceil((times[times.length - maxFailures]! + windowMs - now()) / 1000))
    },
    fail(key) {
      failures.set(key, [...recent(key), now()])
    },
    reset(key) {
      failures.delete(key)
    },
  }
}
