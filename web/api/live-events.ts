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

const closed = 2 // EventSource.CLOSED

/**
 * One connection to the server's change stream (/api/events). `change` events are merged and
 * debounced; a lost stream marks the data stale through the API client. The browser retries a
 * dropped stream by itself; when it gives up (the server answered with an error, or was down at
 * connect) the stream is reopened here with exponential backoff. Only one EventSource and at
 * most one timer of each kind exist at any time, so nothing piles up over weeks.
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

  const onError = () => {
    if (!lost) options.onStatus?.(false)
    lost = true
    client.markUnreachable()
    if (source && source.readyState === closed) {
      detach()
      const delay = Math.min(baseDelayMs * 2 ** attempts, maxDelayMs)
      attempts++
      retryTimer = schedule(() => {
        retryTimer = null
        connect()
      }, delay)
    }
  }

  function connect() {
    if (stopped) return
    source = client.openEvents(path)
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

  return {
    start() {
      if (!stopped) return
      stopped = false
      connect()
    },
    stop() {
      stopped = true
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
