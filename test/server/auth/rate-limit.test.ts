import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createLoginLimiter, type LoginLimiter } from '../../../server/auth/rate-limit.ts'
import { testDatabase } from '../../support/test-db.ts'

let db: Database
beforeAll(async () => {
  db = await testDatabase()
})

/** A limiter on a clock the test moves, and a fresh address and username prefix per test. */
let run = 0
function setUp() {
  run += 1
  const clock = { ms: Date.UTC(2026, 9, 15, 8) + run * 3_600_000 }
  const limiter = createLoginLimiter({ now: () => new Date(clock.ms) })
  return { clock, limiter, address: `198.51.100.${run}`, user: (n: number | string) => `rl-${run}-${n}` }
}

const admitAll = async (limiter: LoginLimiter, attempts: { username: string; address: string }[]) => {
  const waits: number[] = []
  for (const attempt of attempts) waits.push(await limiter.admit(db, attempt))
  return waits
}

describe('the log-in limiter', () => {
  it('lets 10 failures from one address through across usernames, then waits 1 s, 2 s, 4 s … up to 15 min', async () => {
    const { clock, limiter, address, user } = setUp()
    const tries = Array.from({ length: 11 }, (_, i) => ({ username: user(i), address }))
    expect(await admitAll(limiter, tries)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    // The 11th attempt was let through and set a 1 s wait; a right password waits too.
    expect(await limiter.admit(db, { username: user('right'), address })).toBe(1)
    const waits: number[] = []
    for (let i = 0; i < 12; i++) {
      clock.ms += waits.at(-1) === undefined ? 1_000 : waits.at(-1)! * 1_000
      expect(await limiter.admit(db, { username: user(`more-${i}`), address })).toBe(0)
      waits.push(await limiter.admit(db, { username: user(`more-${i}`), address }))
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900])
    // Another address is not affected.
    expect(await limiter.admit(db, { username: user('other'), address: '203.0.113.200' })).toBe(0)
  })

  it('caps a username’s wait at 60 s, however many addresses fail on it', async () => {
    const { clock, limiter, user } = setUp()
    const victim = user('victim')
    const spread = Array.from({ length: 6 }, (_, i) => ({ username: victim, address: `192.0.2.${i + 1}` }))
    expect(await admitAll(limiter, spread)).toEqual([0, 0, 0, 0, 0, 0])
    // The real user from a clean address waits out the 1 s like everyone else, no longer.
    expect(await limiter.admit(db, { username: victim, address: '203.0.113.77' })).toBe(1)
    const waits: number[] = []
    for (let i = 0; i < 8; i++) {
      clock.ms += (waits.at(-1) ?? 1) * 1_000
      expect(await limiter.admit(db, { username: victim.toUpperCase(), address: `192.0.2.${20 + i}` })).toBe(0)
      waits.push(await limiter.admit(db, { username: victim, address: '203.0.113.77' }))
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 60, 60, 60])
  })

  it('a success clears the username’s count and its own attempt, not the address’s other failures', async () => {
    const { limiter, address, user } = setUp()
    const tries = Array.from({ length: 5 }, () => ({ username: user('owner'), address }))
    expect(await admitAll(limiter, tries)).toEqual([0, 0, 0, 0, 0])
    expect(await limiter.admit(db, { username: user('owner'), address })).toBe(0)
    await limiter.succeeded(db, { username: user('owner'), address })
    const rows = await db.rows<{ kind: string; failures: number }>(
      sql`SELECT kind, failures FROM login_throttle WHERE key IN (${address}, ${user('owner')}) ORDER BY kind`,
    )
    expect(rows).toEqual([{ kind: 'address', failures: 5 }])
  })

  it('counts parallel attempts one by one: of 30 at once, 11 are let through', async () => {
    const { limiter, address, user } = setUp()
    const waits = await Promise.all(
      Array.from({ length: 30 }, (_, i) => limiter.admit(db, { username: user(i), address })),
    )
    expect(waits.filter((wait) => wait === 0)).toHaveLength(11)
    expect(waits.filter((wait) => wait === 1)).toHaveLength(19)
  })

  it('forgets a counter after 15 quiet minutes and prunes its row', async () => {
    const { clock, limiter, address, user } = setUp()
    await admitAll(
      limiter,
      Array.from({ length: 3 }, () => ({ username: user('x'), address })),
    )
    clock.ms += 15 * 60_000 + 1
    await limiter.admit(db, { username: user('y'), address: '203.0.113.250' })
    const left = await db.rows<{ key: string }>(
      sql`SELECT key FROM login_throttle WHERE key IN (${address}, ${user('x')})`,
    )
    expect(left).toEqual([])
  })
})
