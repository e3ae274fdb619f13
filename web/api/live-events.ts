import { api, type ApiClient } from './client.ts'

export type LiveEventsOptions = {
  /** Called once per burst with every table the burst changed (sorted). */
  onChange: (tables: string[]) => void
  /** Called when the stream is back after a loss: changes made meanwhile were not replayed. */
  onReconnect: () => void
  /** Called with true when the stream is open, false when it is lost. */
  onStatus?: (connected: boolean) => void
  client?: ApiClient
  path?: string
  /** Changes arriving within this window are merged into one onChange. */
  debounceMs?: number
  /** Own reconnect delays (when the browser gives up on the stream): doubling up to maxDelayMs. */
  baseDelayMs?: number
  maxDelayMs?: number
  schedule?: (run: () => void, ms: number) => unknown
  cancel?: (handle: unknown) => void
}

/**
 * One connection to the server's change stream (/api/events). `change` events are merged and
 * debounced; a lost stream marks the data stale through the API client. Each opening uses a
 * one-time ticket (ApiClient.openEvents), so the browser's own retry — which would repeat the
 * used ticket's URL — is not relied on: on any error the stream is closed and reopened here with
 * a fresh ticket, after a delay doubling per failed attempt. Only one EventSource, at most one
 * ticket request and at most one timer of each kind exist at any time, so nothing piles up over
 * weeks.
 */
export function createLiveEvents(options: LiveEventsOptions) {
  const client = options.client ?? api
  const path = options.path ?? '/api/events'
  const debounceMs = options.debounceMs ?? 300
  const baseDelayMs = options.baseDelayMs ?? 1000
  const maxDelayMs = options.maxDelayMs ?? 30_000
  const schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms))
  const cancel = options.cancel ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>))

  let source: EventSource | null = null
  let retryTimer: unknown = null
  let debounceTimer: unknown = null
  let attempts = 0
  let lost = false
  let stopped = true
  const pending = new Set<string>()

  const onReady = () => {
    attempts = 0
    options.onStatus?.(true)
    if (lost) {
      lost = false
      options.onReconnect()
    }
  }

  const flush = () => {
    debounceTimer = null
    const tables = [...pending].sort()
    pending.clear()
    if (tables.length > 0) options.onChange(tables)
  }

  const onChange = (event: Event) => {
    let tables: unknown
    try {
      tables = (JSON.parse(String((event as MessageEvent).data)) as { tables?: unknown }).tables
    } catch {
      return
    }
    if (!Array.isArray(tables)) return
    for (const table of tables) if (typeof table === 'string') pending.add(table)
    debounceTimer ??= schedule(flush, debounceMs)
  }

  function retryLater() {
    const delay = Math.min(baseDelayMs * 2 ** attempts, maxDelayMs)
    attempts++
    retryTimer = schedule(() => {
      retryTimer = null
      void connect()
    }, delay)
  }

  const onError = () => {
    if (!lost) options.onStatus?.(false)
    lost = true
    client.markUnreachable()
    detach()
    if (!stopped && retryTimer === null && !opening) retryLater()
  }

  /** Bumped by stop(): a ticket that arrives for an older start is thrown away. */
  let generation = 0
  let opening = false

  async function connect() {
    if (stopped || opening) return
    const mine = generation
    opening = true
    let next: EventSource
    try {
      next = await client.openEvents(path)
    } catch {
      // No ticket: the server is unreachable (the client already marked the data stale) or
      // refused (a 401 was handed to the app's handler). Try again later either way.
      if (mine !== generation || stopped) return
      opening = false
      if (!lost) options.onStatus?.(false)
      lost = true
      retryLater()
      return
    }
    if (mine !== generation || stopped) {
      next.close()
      return
    }
    opening = false
    source = next
    source.addEventListener('ready', onReady)
    source.addEventListener('change', onChange)
    source.addEventListener('error', onError)
  }

  function detach() {
    if (!source) return
    source.removeEventListener('ready', onReady)
    source.removeEventListener('change', onChange)
    source.removeEventListener('error', onError)
    source.close()
    source = null
  }

  // When the API client sees the server come back (its /healthz probe answered), a reconnect
  // waiting out its backoff goes now, so the page catches up at once.
  let unsubscribe: (() => unknown) | null = null
  let recoveries = 0
  const onState = (state: { recoveries: number }) => {
    if (state.recoveries === recoveries) return
    recoveries = state.recoveries
    if (retryTimer === null || stopped) return
    cancel(retryTimer)
    retryTimer = null
    void connect()
  }

  return {
    start() {
      if (!stopped) return
      stopped = false
      recoveries = client.state.recoveries
      unsubscribe = client.subscribe(onState)
      void connect()
    },
    stop() {
      stopped = true
      unsubscribe?.()
      unsubscribe = null
      generation++
      opening = false
      detach()
      if (retryTimer !== null) cancel(retryTimer)
      if (debounceTimer !== null) cancel(debounceTimer)
      retryTimer = debounceTimer = null
      pending.clear()
    },
    /** For tests and the soak benchmark: is a stream object open right now. */
    get open() {
      return source !== null
    },
  }
}
