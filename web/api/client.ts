/** What the page knows about its link to the server (DESIGN §7). */
export type ConnectionState = {
  /** True while the server cannot be reached: what is shown is the last good data. */
  stale: boolean
  /** When data last arrived (ms since epoch), or null before the first success. */
  lastGoodAt: number | null
  /** Consecutive failed attempts since the last success. */
  failures: number
  /** When the next health probe runs (ms since epoch), while stale. */
  nextRetryAt: number | null
  /** Bumped each time the server comes back, so views reload what they show. */
  recoveries: number
}

/** The server answered, but with an expected error (4xx): not a connectivity problem. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}${typeof body === 'object' && body && 'error' in body ? `: ${String(body.error)}` : ''}`)
  }
}

export type Query = Record<string, string | number | undefined | null>

export type ApiClientOptions = {
  fetch?: typeof fetch
  now?: () => number
  schedule?: (run: () => void, ms: number) => unknown
  /** First retry delay; doubles per failure up to maxDelayMs. */
  baseDelayMs?: number
  maxDelayMs?: number
  healthPath?: string
  /** Opens a Server-Sent Events stream (tests pass a fake). */
  eventSource?: (url: string) => EventSource
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path
}

/**
 * The one way the web app reads the server. Every good JSON answer is kept by URL; when the
 * server cannot be reached (network error or 5xx) the kept answer is returned instead, the state
 * turns stale, and /healthz is probed with exponential backoff until it answers, after which
 * `recoveries` is bumped so views fetch fresh data by themselves.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const now = options.now ?? Date.now
  const schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms))
  const baseDelayMs = options.baseDelayMs ?? 1000
  const maxDelayMs = options.maxDelayMs ?? 30_000
  const healthPath = options.healthPath ?? '/healthz'
  const eventSource = options.eventSource ?? ((url) => new EventSource(url))

  const lastGood = new Map<string, unknown>()
  const listeners = new Set<(state: ConnectionState) => void>()
  let state: ConnectionState = { stale: false, lastGoodAt: null, failures: 0, nextRetryAt: null, recoveries: 0 }
  let probeScheduled = false

  function update(patch: Partial<ConnectionState>) {
    state = { ...state, ...patch }
    for (const listener of listeners) listener(state)
  }

  function succeeded() {
    const wasStale = state.stale
    update({
      stale: false,
      lastGoodAt: now(),
      failures: 0,
      nextRetryAt: null,
      recoveries: wasStale ? state.recoveries + 1 : state.recoveries,
    })
  }

  function failed() {
    const failures = state.failures + 1
    if (probeScheduled) {
      update({ stale: true, failures })
      return
    }
    const delay = Math.min(baseDelayMs * 2 ** (failures - 1), maxDelayMs)
    probeScheduled = true
    update({ stale: true, failures, nextRetryAt: now() + delay })
    schedule(() => void probe(), delay)
  }

  async function probe() {
    probeScheduled = false
    try {
      const response = await fetchImpl(healthPath, { headers: { accept: 'application/json' }, cache: 'no-store' })
      if (!response.ok) throw new Error(`health ${response.status}`)
      succeeded()
    } catch {
      failed()
    }
  }

  async function getJson<T>(path: string, query?: Query, accept = 'application/json'): Promise<T> {
    const url = withQuery(path, query)
    let response: Response
    try {
      response = await fetchImpl(url, { headers: { accept } })
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`)
    } catch (error) {
      failed()
      if (lastGood.has(url)) return lastGood.get(url) as T
      throw error
    }
    const body: unknown = await response.json().catch(() => null)
    if (!response.ok) throw new HttpError(response.status, body)
    lastGood.set(url, body)
    succeeded()
    return body as T
  }

  return {
    getJson,
    /** A Server-Sent Events stream from the server (e.g. /api/events); the caller closes it. */
    openEvents(path: string, query?: Query): EventSource {
      return eventSource(withQuery(path, query))
    },
    /**
     * Something other than a JSON request (a dropped event stream) lost the server: the data
     * shown turns stale and /healthz is probed with backoff until it answers.
     */
    markUnreachable() {
      failed()
    },
    get state() {
      return state
    },
    subscribe(listener: (state: ConnectionState) => void) {
      listeners.add(listener)
      listener(state)
      return () => listeners.delete(listener)
    },
  }
}

export type ApiClient = ReturnType<typeof createApiClient>

/** The app's single client. */
export const api = createApiClient()
