import { describe, expect, test } from 'vitest'
import { createApiClient, HttpError, UnreachableError, type ConnectionState } from '../../../web/api/client.ts'

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

  test('a FormData write goes out as multipart (no content-type of ours) with the token, and a 5xx turns the page stale', async () => {
    const seen: { method?: string; body: unknown; headers: Headers }[] = []
    let status = 500
    const fetch = (async (_url: string, init: RequestInit = {}) => {
      seen.push({ method: init.method, body: init.body, headers: new Headers(init.headers) })
      return new Response(JSON.stringify({ photos: [] }), { status })
    }) as unknown as typeof globalThis.fetch
    const client = createApiClient({ fetch, token: () => 'personal-token', schedule: () => {} })
    const form = new FormData()
    form.append('stage', 'found')
    form.append('photos', new Blob(['jpeg']), 'photo-1.jpg')
    await expect(client.send('/api/hazards/7/photos', form)).rejects.toBeInstanceOf(UnreachableError)
    expect(client.state.stale).toBe(true)
    status = 201
    expect(await client.send('/api/hazards/7/photos', form)).toEqual({ photos: [] })
    expect(client.state.stale).toBe(false)
    expect(seen).toHaveLength(2)
    for (const request of seen) {
      expect(request.method).toBe('POST')
      expect(request.body).toBe(form)
      expect(request.headers.get('content-type')).toBe(null)
      expect(request.headers.get('authorization')).toBe('Bearer personal-token')
    }
  })
})
