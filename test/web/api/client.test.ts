import { describe, expect, test } from 'vitest'
import { createApiClient, HttpError, type ConnectionState } from '../../../web/api/client.ts'

/** A fake server the test switches on and off, and a clock and scheduler it drives by hand. */
function harness() {
  let up = true
  let now = 1_000
  const timers: { at: number; run: () => void }[] = []
  const calls: string[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input)
    calls.push(url)
    if (!up) throw new TypeError('Failed to fetch')
    if (url === '/missing') return new Response(JSON.stringify({ error: 'No such grid' }), { status: 404 })
    return new Response(JSON.stringify({ url, at: now }), { status: 200 })
  }) as typeof globalThis.fetch
  const client = createApiClient({
    fetch,
    now: () => now,
    schedule: (run, ms) => timers.push({ at: now + ms, run }),
    baseDelayMs: 1000,
    maxDelayMs: 4000,
  })
  const states: ConnectionState[] = []
  client.subscribe((state) => states.push(state))
  return {
    client,
    states,
    calls,
    setUp: (value: boolean) => (up = value),
    /** Advances the clock to the next timer and runs it. */
    async tick() {
      const timer = timers.shift()!
      now = timer.at
      timer.run()
      await new Promise((resolve) => setTimeout(resolve, 0))
      return timer.at
    },
  }
}

describe('the API client', () => {
  test('keeps the last good answer and marks it stale while the server is away', async () => {
    const h = harness()
    expect(await h.client.getJson('/api/stats/grids', { town_code: '320924100' })).toEqual({
      url: '/api/stats/grids?town_code=320924100',
      at: 1000,
    })
    expect(h.client.state).toMatchObject({ stale: false, lastGoodAt: 1000, failures: 0 })
    h.setUp(false)
    expect(await h.client.getJson('/api/stats/grids', { town_code: '320924100' })).toEqual({
      url: '/api/stats/grids?town_code=320924100',
      at: 1000,
    })
    expect(h.client.state).toMatchObject({ stale: true, lastGoodAt: 1000, failures: 1, nextRetryAt: 2000 })
    await expect(h.client.getJson('/api/stats/towns')).rejects.toThrow('Failed to fetch')
  })

  test('probes /healthz with doubling delays up to the cap and recovers by itself', async () => {
    const h = harness()
    h.setUp(false)
    await h.client.getJson('/ogc/collections/grids/items').catch(() => undefined)
    expect(await h.tick()).toBe(2000)
    expect(await h.tick()).toBe(4000)
    expect(await h.tick()).toBe(8000)
    expect(await h.tick()).toBe(12000)
    expect(h.client.state).toMatchObject({ stale: true, failures: 5, nextRetryAt: 16000, recoveries: 0 })
    h.setUp(true)
    await h.tick()
    expect(h.client.state).toEqual({ stale: false, lastGoodAt: 16000, failures: 0, nextRetryAt: null, recoveries: 1 })
    expect(h.calls.filter((url) => url === '/healthz')).toHaveLength(5)
  })

  test('a 4xx is the caller’s error, not an outage', async () => {
    const h = harness()
    const error = await h.client.getJson('/missing').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpError)
    expect((error as HttpError).status).toBe(404)
    expect((error as HttpError).message).toBe('HTTP 404: No such grid')
    expect(h.client.state.stale).toBe(false)
  })
})
