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

function harness() {
  const sources: FakeSource[] = []
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = []
  const client = createApiClient({
    fetch: (async () => new Response('{}', { status: 200 })) as typeof fetch,
    schedule: () => undefined,
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
  return { client, live, sources, timers, changes, runNext, reconnects: () => reconnects }
}

describe('the live change stream', () => {
  test('merges a burst of changes into one refetch after the debounce', () => {
    const h = harness()
    h.live.start()
    expect(h.sources.map((s) => s.url)).toEqual(['/api/events'])
    h.sources[0]!.emit('ready')
    h.sources[0]!.emit('change', { tables: ['hazards'], at: 'x' })
    h.sources[0]!.emit('change', { tables: ['inspections', 'hazards'], at: 'y' })
    expect(h.timers).toHaveLength(1)
    expect(h.runNext()).toBe(300)
    expect(h.changes).toEqual([['hazards', 'inspections']])
    expect(h.reconnects()).toBe(0)
  })

  test('a dropped stream marks the data stale; the browser’s own retry catches up on ready', () => {
    const h = harness()
    h.live.start()
    h.sources[0]!.emit('ready')
    h.sources[0]!.fail(false)
    expect(h.client.state.stale).toBe(true)
    expect(h.sources).toHaveLength(1)
    h.sources[0]!.emit('ready')
    expect(h.reconnects()).toBe(1)
  })

  test('when the browser gives up, one new stream opens after a doubling delay', () => {
    const h = harness()
    h.live.start()
    const delays: number[] = []
    for (let attempt = 0; attempt < 7; attempt++) {
      h.sources.at(-1)!.fail(true)
      expect(h.sources.at(-1)!.closed).toBe(true)
      expect(h.timers).toHaveLength(1)
      delays.push(h.runNext())
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    expect(h.sources).toHaveLength(8)
    expect(h.sources.filter((s) => !s.closed)).toHaveLength(1)
    h.sources.at(-1)!.emit('ready')
    expect(h.reconnects()).toBe(1)
    // The backoff starts over after a success.
    h.sources.at(-1)!.fail(true)
    expect(h.runNext()).toBe(1000)
  })

  test('stop closes the stream and cancels pending timers', () => {
    const h = harness()
    h.live.start()
    h.sources[0]!.emit('change', { tables: ['hazards'] })
    h.live.stop()
    expect(h.sources[0]!.closed).toBe(true)
    expect(h.live.open).toBe(false)
    h.runNext()
    expect(h.changes).toEqual([])
  })
})
