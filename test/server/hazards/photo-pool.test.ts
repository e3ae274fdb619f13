import { describe, expect, it } from 'vitest'
import { createJobPool } from '../../../server/hazards/photo-pool.ts'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('createJobPool', () => {
  it('runs at most `concurrency` jobs at once, in the order they came, and counts them', async () => {
    const pool = createJobPool(2)
    const events: string[] = []
    let running = 0
    let most = 0
    const job = (name: string, fails = false) =>
      pool.run(async () => {
        running++
        most = Math.max(most, running)
        events.push(`start ${name}`)
        await tick()
        running--
        events.push(`end ${name}`)
        if (fails) throw new Error(`${name} failed`)
        return name
      })
    const results = await Promise.allSettled([job('a'), job('b', true), job('c'), job('d'), job('e')])
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b failed',
      'c',
      'd',
      'e',
    ])
    expect(most).toBe(2)
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d', 'start e'])
    expect([pool.stats(), pool.queued()]).toEqual([{ started: 5, finished: 5 }, 0])
  })

  it('lets a failed job free its slot for the next', async () => {
    const pool = createJobPool(1)
    await expect(pool.run(() => Promise.reject(new Error('bad photo')))).rejects.toThrow('bad photo')
    expect(await pool.run(() => Promise.resolve(42))).toBe(42)
  })
})
