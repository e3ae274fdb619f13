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
    readonly headers?: Headers,
  ) {
    super(`HTTP ${status}${typeof body === 'object' && body && 'error' in body ? `: ${String(body.error)}` : ''}`)
  }
}

export type Query = Record<string, string | number | undefined | null>

/** What the app does about a 401; `true` (now or later) means "try again". */
export type UnauthorizedHandler = (path: string) => void | boolean | Promise<boolean>

export type ApiClientOptions = {
  fetch?: typeof fetch
  now?: () => number
  schedule?: (run: () => void, ms: number) => unknown
  /** First retry delay; doubles per failure up to maxDelayMs. */
  baseDelayMs?: number
  maxDelayMs?: number
  healthPath?: string
  /** A kiosk or personal API token to send as `Authorization: Bearer`, if the page has one. */
  token?: () => string | null
  /**
   * Called when the server answers 401 (not logged in, session expired, token revoked). When it
   * returns a promise of true (the user logged in again, web/stores/relogin.ts), the request is
   * sent once more: a 401 means the server did nothing, so repeating a write is safe.
   */
  onUnauthorized?: UnauthorizedHandler
  /** Opens a Server-Sent Events stream (tests pass a fake). */
  eventSource?: (url: string) => EventSource
}

/** Where a token from `?token=` is kept for the tab (DESIGN §4: kiosk tokens for /wall). */
export const tokenStorageKey = 'sheyang.token'

/**
 * The API token of this tab: `?token=…` in the address wins and is remembered in sessionStorage
 * for the tab, so navigating within the app keeps it.
 */
export function pageToken(): string | null {
  const fromUrl = globalThis.location ? new URLSearchParams(globalThis.location.search).get('token') : null
  if (fromUrl) {
    globalThis.sessionStorage?.setItem(tokenStorageKey, fromUrl)
    return fromUrl
  }
  return globalThis.sessionStorage?.getItem(tokenStorageKey) ?? null
}

/**
 * Keeps a `?token=` of the address for the tab (pageToken) and takes it out of the address bar,
 * so a screenshot, a bookmark or a shared link of the wall never carries it. Runs once before
 * the router reads the address (web/main.ts); every other parameter stays.
 */
export function adoptPageToken(): void {
  const location = globalThis.location
  if (!location || !pageToken()) return
  const params = new URLSearchParams(location.search)
  if (!params.has('token')) return
  params.delete('token')
  const search = params.toString()
  globalThis.history.replaceState(
    globalThis.history.state,
    '',
    `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
  )
}

/**
 * The server's `error` text of a 4xx answer, if it sent one: English, for an API user. The UI
 * shows describeError (web/api/errors.ts) instead, which explains any failure in Chinese.
 */
export function errorText(error: unknown): string | undefined {
  if (!(error instanceof HttpError)) return undefined
  const body = error.body as { error?: unknown } | null
  return typeof body?.error === 'string' ? body.error : undefined
}

/** A write could not reach the server (network down or 5xx): nothing was saved. */
export class UnreachableError extends Error {}

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
  const token = options.token ?? (() => null)
  let onUnauthorized = options.onUnauthorized ?? (() => {})

  function headers(accept: string, extra: Record<string, string> = {}): Record<string, string> {
    const bearer = token()
    return { accept, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...extra }
  }
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

  /** Asks the handler about a 401: true when the request should be sent once more. */
  async function retryAfterUnauthorized(path: string, retried: boolean): Promise<boolean> {
    const answer = onUnauthorized(path)
    return !retried && (await answer) === true
  }

  async function getJson<T>(path: string, query?: Query, accept = 'application/json', retried = false): Promise<T> {
    const url = withQuery(path, query)
    let response: Response
    try {
      response = await fetchImpl(url, { headers: headers(accept) })
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`)
    } catch (error) {
      failed()
      if (lastGood.has(url)) return lastGood.get(url) as T
      throw error
    }
    const body: unknown = await response.json().catch(() => null)
    if (response.status === 401 && (await retryAfterUnauthorized(path, retried)))
      return getJson(path, query, accept, true)
    if (!response.ok) throw new HttpError(response.status, body, response.headers)
    lastGood.set(url, body)
    succeeded()
    return body as T
  }

  /**
   * A write (POST with a JSON body, or a FormData body for files: photos). Unlike reads nothing is
   * kept: when the server cannot be reached it throws UnreachableError, so the caller keeps what
   * the user typed and offers a retry. A FormData body is sent as multipart/form-data with no
   * content-type of ours (the browser adds the boundary); it is read anew by each fetch, so the
   * retry after a 401 sends the same parts.
   */
  async function send<T>(path: string, body?: unknown, method = 'POST', retried = false): Promise<T> {
    const multipart = typeof FormData !== 'undefined' && body instanceof FormData
    let response: Response
    try {
      response = await fetchImpl(path, {
        method,
        headers: headers(
          'application/json',
          body === undefined || multipart ? {} : { 'content-type': 'application/json' },
        ),
        ...(body === undefined ? {} : { body: multipart ? body : JSON.stringify(body) }),
      })
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`)
    } catch (error) {
      failed()
      throw new UnreachableError(error instanceof Error ? error.message : String(error))
    }
    const answer: unknown = response.status === 204 ? null : await response.json().catch(() => null)
    if (
      response.status === 401 &&
      !path.startsWith('/api/auth/login') &&
      (await retryAfterUnauthorized(path, retried))
    ) {
      return send(path, body, method, true)
    }
    if (!response.ok) throw new HttpError(response.status, answer, response.headers)
    succeeded()
    return answer as T
  }

  return {
    getJson,
    send,
    /** Drops every kept answer: on log-in and log-out, one user's data is never shown to the next. */
    forget() {
      lastGood.clear()
    },
    /** Who handles a 401: set once by the app (it needs the router and the auth store). */
    setUnauthorizedHandler(handler: UnauthorizedHandler) {
      onUnauthorized = handler
    },
    /**
     * A Server-Sent Events stream (/api/events); the caller closes it. EventSource cannot send an
     * Authorization header, so each opening first asks for a one-time ticket (POST
     * /api/events/ticket, with the session cookie or the Bearer token) and puts that, not the
     * token, in the URL. Throws like `send` when no ticket comes (UnreachableError, HttpError).
     */
    async openEvents(path = '/api/events'): Promise<EventSource> {
      const { ticket } = await send<{ ticket: string }>(`${path}/ticket`)
      return eventSource(eventsUrl(ticket, path))
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
export const api = createApiClient({ token: pageToken })

/** The URL of the live stream for an EventSource: a one-time ticket, never a token (server/events/routes.ts). */
export function eventsUrl(ticket: string, path = '/api/events'): string {
  return withQuery(path, { ticket })
}
