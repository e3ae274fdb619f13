import { describe, expect, test } from 'vitest'
import { createApiClient } from '../../../web/api/client.ts'
import { createLiveEvents } from '../../../web/api/live-events.ts'

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeSource extends EventTarget {
  readyState = 0
  closed = false
  constructor(readonly url: string) {
    super()
  }
  emit(type: string, data?: unknown) {
    if (type === 'ready') this.readyState = 1
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data ?? {}) }))
  }
  fail(giveUp: boolean) {
    this.readyState = giveUp ? 2 : 0
    this.dispatchEvent(new Event('error'))
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
}

/** Lets the ticket request (a resolved fetch) and the stream opening after it run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function harness(options: { ticketStatus?: () => number; probe?: (run: () => void) => void } = {}) {
  const sources: FakeSource[] = []
  const requests: { url: string; method: string }[] = []
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = []
  let issued = 0
  const client = createApiClient({
    fetch: (async (url: string, init: RequestInit = {}) => {
      requests.push({ url, method: init.method ?? 'GET' })
      const status = options.ticketStatus?.() ?? 200
      if (status >= 500) throw new TypeError('Failed to fetch')
      return new Response(JSON.stringify(status === 200 ? { ticket: `t${++issued}`, expires_in: 60 } : {}), { status })
    }) as typeof fetch,
    schedule: (run) => options.probe?.(run),
    eventSource: (url) => {
      const source = new FakeSource(url)
      sources.push(source)
      return source as unknown as EventSource
    },
  })
  const changes: string[][] = []
  let reconnects = 0
  const live = createLiveEvents({
    client,
    onChange: (tables) => changes.push(tables),
    onReconnect: () => reconnects++,
    debounceMs: 300,
    schedule: (run, ms) => {
      const timer = { ms, run, cancelled: false }
      timers.push(timer)
      return timer
    },
    cancel: (timer) => ((timer as { cancelled: boolean }).cancelled = true),
  })
  const runNext = () => {
    const timer = timers.shift()!
    if (!timer.cancelled) timer.run()
    return timer.ms
  }
  return { client, live, sources, requests, timers, changes, runNext, reconnects: () => reconnects }
}

describe('the live change stream', () => {
  test('opens with a fresh one-time ticket in the URL, never a token', async () => {
    const h = harness()
    h.live.start()
    await settle()
    expect(h.requests).toEqual([{ url: '/api/events/ticket', method: 'POST' }])
    expect(h.sources.map((s) => s.url)).toEqual(['/api/events?ticket=t1'])
  })

  test('merges a burst of changes into one refetch after the debounce', async () => {
    const h = harness()
    h.live.start()
    await settle()
    h.sources[0]!.emit('ready')
    h.sources[0]!.emit('change', { tables: ['hazards'], at: 'x' })
    h.sources[0]!.emit('change', { tables: ['inspections', 'hazards'], at: 'y' })
    expect(h.timers).toHaveLength(1)
    expect(h.runNext()).toBe(300)
    expect(h.changes).toEqual([['hazards', 'inspections']])
    expect(h.reconnects()).toBe(0)
  })

  test('a dropped stream marks the data stale and is reopened with a new ticket, then catches up on ready', async () => {
    const h = harness()
    h.live.start()
    await settle()
    h.sources[0]!.emit('ready')
    // The browser would retry the same URL, whose ticket is used up: the stream is closed instead.
    h.sources[0]!.fail(false)
    expect(h.client.state.stale).toBe(true)
    expect(h.sources[0]!.closed).toBe(true)
    expect(h.runNext()).toBe(1000)
    await settle()
    expect(h.sources.map((s) => s.url)).toEqual(['/api/events?ticket=t1', '/api/events?ticket=t2'])
    h.sources[1]!.emit('ready')
    expect(h.reconnects()).toBe(1)
  })

  test('after each failure one new stream opens after a doubling delay', async () => {
    const h = harness()
    h.live.start()
    await settle()
    const delays: number[] = []
    for (let attempt = 0; attempt < 7; attempt++) {
      h.sources.at(-1)!.fail(true)
      expect(h.sources.at(-1)!.closed).toBe(true)
      expect(h.timers).toHaveLength(1)
      delays.push(h.runNext())
      await settle()
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    expect(h.sources).toHaveLength(8)
    expect(new Set(h.sources.map((s) => s.url)).size).toBe(8)
    expect(h.sources.filter((s) => !s.closed)).toHaveLength(1)
    h.sources.at(-1)!.emit('ready')
    expect(h.reconnects()).toBe(1)
    // The backoff starts over after a success.
    h.sources.at(-1)!.fail(true)
    expect(h.runNext()).toBe(1000)
  })

  test('no ticket (server down, or the token refused) means no stream and a later retry', async () => {
    let status = 503
    const h = harness({ ticketStatus: () => status })
    h.live.start()
    await settle()
    expect(h.sources).toHaveLength(0)
    expect(h.client.state.stale).toBe(true)
    expect(h.runNext()).toBe(1000)
    status = 401
    await settle()
    expect(h.sources).toHaveLength(0)
    expect(h.runNext()).toBe(2000)
    status = 200
    await settle()
    expect(h.runNext()).toBe(4000)
    await settle()
    expect(h.sources).toHaveLength(1)
  })

  test('stop closes the stream and cancels pending timers', async () => {
    const h = harness()
    h.live.start()
    await settle()
    h.sources[0]!.emit('change', { tables: ['hazards'] })
    h.live.stop()
    expect(h.sources[0]!.closed).toBe(true)
    expect(h.live.open).toBe(false)
    h.runNext()
    expect(h.changes).toEqual([])
  })

  test('a ticket that arrives after stop opens nothing', async () => {
    const h = harness()
    h.live.start()
    h.live.stop()
    await settle()
    expect(h.sources.every((s) => s.closed)).toBe(true)
    expect(h.live.open).toBe(false)
  })

  test('when the server is back (the client’s health probe answered), a waiting reconnect goes at once', async () => {
    let status = 200
    const probes: (() => void)[] = []
    const h = harness({ ticketStatus: () => status, probe: (run) => probes.push(run) })
    h.live.start()
    await settle()
    h.sources[0]!.emit('ready')
    status = 503
    h.sources[0]!.fail(true)
    expect(h.runNext()).toBe(1000)
    await settle()
    expect(h.timers.map((timer) => timer.ms)).toEqual([2000])
    status = 200
    probes.shift()!()
    await settle()
    expect(h.client.state.stale).toBe(false)
    expect(h.timers[0]!.cancelled).toBe(true)
    expect(h.sources).toHaveLength(2)
    expect(h.sources[1]!.url).toMatch(/^\/api\/events\?ticket=t\d+$/)
    expect(h.sources[1]!.url).not.toBe(h.sources[0]!.url)
    h.live.stop()
    probes.length = 0
  })
})
