/**
 * `npm run bench -- resilience` (issue 9): what one bad or heavy request does to the server.
 *   A. fuzz: ≥ 1,000 generated bad requests over every route and role → status classes, 5xx,
 *      answers slower than 2 s, 4xx without a JSON `code`;
 *   B. worst requests: each of the heavy requests sent over and over for a few seconds
 *      while /healthz is polled every 50 ms → /healthz p50/p99/max (target p99 < 200 ms);
 *   C. restart under write load: inspections saved by 4 clients while a private PostgreSQL
 *      cluster restarts (-m immediate), and while the embedded server is killed with SIGKILL and
 *      started again → acknowledged / found / lost (target 0 lost) and the statuses seen meanwhile.
 * Servers run in child processes on 127.0.0.1; every request has a 10 s deadline; nothing is
 * asserted, and a section that fails is reported and the next one runs. Settings:
 * BENCH_RESILIENCE=fuzz,worst,restart (sections), BENCH_FUZZ_REQUESTS (at most; default 5000),
 * BENCH_WORST_SECONDS (default 10), BENCH_RESTART_SECONDS (default 20), BENCH_DATABASE_URL (also
 * fuzz real PostGIS; that database is wiped).
 */
import { rmSync } from 'node:fs'
import { demoDump, loadDemoIntoPostgres } from './resilience/demo-db.ts'
import { printFuzz, runFuzz, type FuzzSummary } from './resilience/fuzz.ts'
import { printRestarts, restartEmbedded, restartPostgres, type RestartResult } from './resilience/restart.ts'
import { runWorst } from './resilience/worst.ts'

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

const reason = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error))

async function section(title: string, body: () => Promise<void>) {
  console.log(`\n${title}`)
  const started = performance.now()
  try {
    await body()
  } catch (error) {
    console.log(`  section failed: ${reason(error)}`)
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`)
}

async function restart(name: string, run: () => Promise<RestartResult>): Promise<RestartResult> {
  try {
    return await run()
  } catch (error) {
    return {
      name,
      saves: [],
      outage: { from: Number.NaN, to: Number.NaN },
      found: 0,
      note: `failed: ${reason(error).slice(0, 500)}`,
    }
  }
}

export async function benchResilience() {
  const sections = (process.env.BENCH_RESILIENCE ?? 'fuzz,worst,restart').split(',')
  const postgresUrl = process.env.BENCH_DATABASE_URL
  const dump = sections.includes('fuzz') || sections.includes('worst') ? await demoDump() : undefined
  try {
    if (dump && sections.includes('fuzz')) {
      await section(
        'A. Fuzz: generated bad requests over every route (target: no 5xx, none over 2 s, every 4xx with a code)',
        async () => {
          const limit = setting('BENCH_FUZZ_REQUESTS', 5000)
          const summaries: FuzzSummary[] = [await runFuzz('pglite', { BENCH_DEMO_DUMP: dump.path }, limit)]
          if (postgresUrl) {
            await loadDemoIntoPostgres(postgresUrl)
            summaries.push(await runFuzz('postgres', { BENCH_SERVER_DATABASE_URL: postgresUrl }, limit))
          }
          printFuzz(summaries)
        },
      )
    }
    if (dump && sections.includes('worst')) {
      await section('B. Worst requests: /healthz while a client repeats each (target p99 < 200 ms)', () =>
        runWorst({ BENCH_DEMO_DUMP: dump.path }, setting('BENCH_WORST_SECONDS', 10)),
      )
    }
    if (sections.includes('restart')) {
      const seconds = setting('BENCH_RESTART_SECONDS', 20)
      await section(
        `C. Restart under write load: ${seconds} s of saves by 4 clients, the database gone after 40% (target 0 lost, no 500)`,
        async () =>
          printRestarts([
            await restart('PostgreSQL', () => restartPostgres(seconds)),
            await restart('embedded', () => restartEmbedded(seconds)),
          ]),
      )
    }
  } finally {
    if (dump) rmSync(dump.folder, { recursive: true, force: true })
  }
}
