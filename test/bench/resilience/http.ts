/** One timed request with a deadline, and the percentiles the resilience tables print. */

/** A request that takes longer than this is abandoned and counted as a hang. */
export const requestTimeoutMs = 10_000

export type Outcome = {
  /** HTTP status, or 0 when there was no answer (refused connection, reset, timeout). */
  status: number
  ms: number
  contentType: string
  /** The answer's body, cut to `keepBody` characters. */
  body: string
  /** Why there was no answer: 'timeout' or the network error's message. */
  error?: string
}

/**
 * Sends `init` to `url` and reads the whole answer, but never waits more than `timeoutMs`.
 * An event stream is never read to its (non-existent) end: its headers are the answer.
 */
export async function timedFetch(
  url: string,
  init: RequestInit = {},
  { timeoutMs = requestTimeoutMs, keepBody = 20_000 } = {},
): Promise<Outcome> {
  const started = performance.now()
  const elapsed = () => performance.now() - started
  try {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    const contentType = response.headers.get('content-type') ?? ''
    if (contentType.startsWith('text/event-stream')) {
      await response.body?.cancel()
      return { status: response.status, ms: elapsed(), contentType, body: '' }
    }
    const body = await response.text()
    return { status: response.status, ms: elapsed(), contentType, body: body.slice(0, keepBody) }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    return {
      status: 0,
      ms: elapsed(),
      contentType: '',
      body: '',
      error: timedOut ? 'timeout' : `${error instanceof Error ? error.message : String(error)}${cause}`,
    }
  }
}

/** The p-th percentile (0–100) of `samples`, nearest-rank; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

/** Whether a 4xx body is what the API promises: JSON `{ error, code }`. */
export function hasErrorCode(outcome: Outcome): boolean {
  if (!outcome.contentType.includes('json')) return false
  try {
    const parsed = JSON.parse(outcome.body) as { code?: unknown }
    return typeof parsed.code === 'string' && parsed.code.length > 0
  } catch {
    return false
  }
}

/** Prints rows as a left-aligned table with a header rule. */
export function printTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]) {
  const cells = [header, ...rows].map((row) => row.map(String))
  const widths = header.map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)))
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length))
      .join('  ')
      .trimEnd()
  console.log(`  ${line(cells[0]!)}`)
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const row of cells.slice(1)) console.log(`  ${line(row)}`)
}

export const ms = (value: number) => (Number.isNaN(value) ? '–' : `${Math.round(value)} ms`)
