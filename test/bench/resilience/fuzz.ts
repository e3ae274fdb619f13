/**
 * Section A: thousands of generated bad requests (fuzz-cases.ts) against a fresh demo server, four
 * at a time. Asserts nothing; counts answers per status class and reports the 5xx, the answers
 * slower than 2 s, the requests left without an answer, and the 4xx whose body is not JSON with
 * a `code`.
 */
import { createApp } from '../../../server/app.ts'
import { assembleCast, type Cast } from './cast.ts'
import { startChild } from './child-server.ts'
import { fuzzCases, type FuzzCase } from './fuzz-cases.ts'
import { hasErrorCode, ms, percentile, printTable, timedFetch, type Outcome } from './http.ts'
import { createRandom } from '../../../lib/seeded-random.ts'

const slowMs = 2000
const concurrency = 4

/** Method and path of every route the app registers (its middleware entries left out). */
export function appRoutes(): { method: string; path: string }[] {
  const app = createApp({ db: {} as never, logError: () => {} })
  const seen = new Set<string>()
  return app.routes
    .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`))
    .map(({ method, path }) => ({ method, path }))
}

type Result = { fuzz: FuzzCase; outcome: Outcome }

async function send(cast: Cast, fuzz: FuzzCase): Promise<Outcome> {
  return timedFetch(cast.origin + fuzz.path, {
    method: fuzz.method,
    headers: { ...cast[fuzz.as].headers, ...fuzz.headers },
    ...(fuzz.body ? { body: fuzz.body() as BodyInit } : {}),
  })
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text)
const line = ({ fuzz, outcome }: Result) =>
  `${outcome.status || outcome.error} ${fuzz.method} ${clip(fuzz.path, 70)} as ${fuzz.as} [${fuzz.label}] ${Math.round(outcome.ms)} ms` +
  (outcome.body ? ` → ${clip(outcome.body.replace(/\s+/g, ' '), 140)}` : '')

export type FuzzSummary = {
  engine: string
  results: Result[]
  errorLogLines: number
  hashInLog: boolean
  crashed: boolean
}

export async function runFuzz(engine: string, env: Record<string, string>, limit: number): Promise<FuzzSummary> {
  const server = await startChild('test/bench/resilience/serve-demo.ts', env)
  try {
    const cast = await assembleCast(server.url)
    const generated = fuzzCases(cast, appRoutes())
    const cases = generated.length > limit ? createRandom('resilience/limit').sample(generated, limit) : generated
    console.log(
      `  ${engine}: ${cases.length} requests (of ${generated.length} generated) over ${new Set(cases.map((c) => c.route)).size} routes, ${concurrency} at a time`,
    )
    const results: Result[] = []
    let next = 0
    let crashed = false
    const worker = async () => {
      while (next < cases.length && !crashed) {
        const fuzz = cases[next++]!
        results.push({ fuzz, outcome: await send(cast, fuzz) })
        if (!server.alive()) crashed = true
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    const log = server.stderr()
    return {
      engine,
      results,
      errorLogLines: log ? log.trimEnd().split('\n').length : 0,
      hashInLog: log.includes('$argon2'),
      crashed,
    }
  } finally {
    await server.stop()
  }
}

export function printFuzz(summaries: FuzzSummary[]) {
  printTable(
    [
      'engine',
      'requests',
      '2xx',
      '3xx',
      '4xx',
      '5xx',
      'no answer',
      'hangs ≥10 s',
      `> ${slowMs / 1000} s`,
      '4xx w/o code',
      'p50',
      'p99',
      'max',
      'error log lines',
    ],
    summaries.map(({ engine, results, errorLogLines, hashInLog, crashed }) => {
      const by = (test: (o: Outcome) => boolean) => results.filter((r) => test(r.outcome)).length
      const times = results.map((r) => r.outcome.ms)
      return [
        engine + (crashed ? ' (server died)' : ''),
        results.length,
        by((o) => o.status >= 200 && o.status < 300),
        by((o) => o.status >= 300 && o.status < 400),
        by((o) => o.status >= 400 && o.status < 500),
        by((o) => o.status >= 500),
        by((o) => o.status === 0),
        by((o) => o.error === 'timeout'),
        by((o) => o.ms > slowMs),
        by((o) => o.status >= 400 && o.status < 500 && !hasErrorCode(o)),
        ms(percentile(times, 50)),
        ms(percentile(times, 99)),
        ms(Math.max(...times)),
        `${errorLogLines}${hashInLog ? ' (argon2 hash printed!)' : ''}`,
      ]
    }),
  )
  for (const { engine, results } of summaries) {
    const list = (title: string, picked: Result[], distinctBy: (r: Result) => string, max = 8) => {
      if (picked.length === 0) return
      const seen = new Set<string>()
      const distinct = picked.filter((r) => !seen.has(distinctBy(r)) && seen.add(distinctBy(r)))
      console.log(
        `\n  ${engine}: ${title} (${picked.length}; ${distinct.length} distinct, first ${Math.min(max, distinct.length)}):`,
      )
      for (const r of distinct.slice(0, max)) console.log(`    ${line(r)}`)
    }
    const perRoute = (picked: Result[]) => {
      const counts = new Map<string, number>()
      for (const r of picked) counts.set(r.fuzz.route, (counts.get(r.fuzz.route) ?? 0) + 1)
      return [...counts].sort((a, b) => b[1] - a[1])
    }
    const errors = results.filter((r) => r.outcome.status >= 500)
    list('5xx', errors, (r) => `${r.fuzz.route} ${r.fuzz.label.replace(/=.*/, '')}`, 12)
    if (errors.length > 0) {
      console.log(
        `    5xx by route: ${perRoute(errors)
          .map(([route, count]) => `${route} ×${count}`)
          .join(', ')}`,
      )
    }
    list(
      'no answer',
      results.filter((r) => r.outcome.status === 0),
      (r) => r.fuzz.route,
      5,
    )
    list(
      `slower than ${slowMs / 1000} s`,
      results.filter((r) => r.outcome.ms > slowMs),
      (r) => r.fuzz.label,
      5,
    )
    list(
      '4xx without a JSON code',
      results.filter((r) => r.outcome.status >= 400 && r.outcome.status < 500 && !hasErrorCode(r.outcome)),
      (r) => `${r.outcome.status} ${r.fuzz.route}`,
    )
  }
}
