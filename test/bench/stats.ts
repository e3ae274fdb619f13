/**
 * Statistics from the facts of migration 0006 beside the from-scratch queries they replaced
 * (issue 15; the from-scratch ones are the tests' oracle, test/server/stats/oracle.ts). For each
 * endpoint: the p50 over HTTP (gzip, logged in as `county`), of its query function on the facts,
 * and of the same function reading the history from scratch.
 *
 *   npm run bench -- stats                          # PGlite in memory, BENCH_SCALES (default 1,10)
 *   npm run seed -- --scale 10 --as-of 2026-10-15   # with DATABASE_URL = BENCH_DATABASE_URL, then
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- stats   # that database as it is (migrated, never wiped)
 * BENCH_AS_OF is the seed's --as-of (default 2026-10-15), used as "today".
 */
import { sql } from 'drizzle-orm'
import { openDatabase, type Database } from '../../db/client.ts'
import { migrate } from '../../db/migrate.ts'
import { readStatsRules } from '../../server/rules/stats-settings.ts'
import { fullScope } from '../../server/scope.ts'
import { noFilter } from '../../server/stats/filters.ts'
import { allGridStats } from '../../server/stats/grid-stats.ts'
import { countySummary } from '../../server/stats/summary.ts'
import { allTownStats } from '../../server/stats/town-stats.ts'
import { wallLists } from '../../server/wall/queries.ts'
import { foundHazardsFromScratch, historyFromScratch, townHazardsFromScratch } from '../server/stats/oracle.ts'
import { loadDemo, servedApp } from './demo-server.ts'
import { median } from './measure.ts'

const asOf = process.env.BENCH_AS_OF ?? '2026-10-15'
const year = Number(asOf.slice(0, 4))
const runs = Number(process.env.BENCH_RUNS ?? 25)
const scales = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number)

async function loadedPglite(scale: number): Promise<Database> {
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await loadDemo(db, scale, asOf)
  return db
}

/** Times the tasks in turn (a, b, c, a, b, c, …) after one warm-up each; medians in ms. */
async function medians(tasks: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const task of tasks) await task()
  const samples = tasks.map(() => [] as number[])
  for (let i = 0; i < runs; i++) {
    for (const [n, task] of tasks.entries()) {
      const started = performance.now()
      await task()
      samples[n]!.push(performance.now() - started)
    }
  }
  return samples.map(median)
}

async function benchOne(label: string, db: Database) {
  const [counts] = await db.rows<{
    enterprises: number
    inspections: number
    hazards: number
  }>(sql`SELECT (SELECT count(*) FROM enterprises)::int AS enterprises,
    (SELECT count(*) FROM inspections)::int AS inspections, (SELECT count(*) FROM hazards)::int AS hazards`)
  const { enterprises, inspections, hazards } = counts!
  console.log(
    `\n${label}: ${enterprises} enterprises, ${inspections} inspections, ${hazards} hazards; today ${asOf}; p50 of ${runs} runs`,
  )
  const { base, cookie, close } = await servedApp(db, asOf)
  const get = async (path: string) => {
    const response = await fetch(base + path, { headers: { 'accept-encoding': 'gzip', cookie } })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    return (await response.text()).length
  }

  const rules = await readStatsRules(db)
  const query = { scope: fullScope, filter: noFilter, rules, today: asOf }
  const summary = { year, today: asOf, scope: fullScope, rules }
  const lists = { scope: fullScope, today: asOf, limit: 10, outletsPer1000Households: rules.outletsPer1000Households }
  const cases = [
    {
      name: '/api/stats/grids',
      facts: () => allGridStats(db, query),
      scratch: () => allGridStats(db, query, historyFromScratch),
    },
    {
      name: '/api/stats/towns',
      facts: () => allTownStats(db, query),
      scratch: () => allTownStats(db, query, historyFromScratch),
    },
    {
      name: `/api/stats/summary?year=${year}`,
      facts: () => countySummary(db, summary),
      scratch: () => countySummary(db, summary, foundHazardsFromScratch),
    },
    {
      name: '/api/wall/lists',
      facts: () => wallLists(db, lists),
      scratch: () => wallLists(db, lists, townHazardsFromScratch),
    },
  ]
  console.log(
    `  ${'endpoint'.padEnd(30)} ${'HTTP'.padStart(10)} ${'facts SQL'.padStart(10)} ${'scratch SQL'.padStart(12)}  speed-up`,
  )
  for (const { name, facts, scratch } of cases) {
    const [http, fromFacts, fromScratch] = await medians([() => get(name), facts, scratch])
    const ms = (value: number, width: number) => `${value.toFixed(1)} ms`.padStart(width)
    console.log(
      `  ${name.padEnd(30)} ${ms(http!, 10)} ${ms(fromFacts!, 10)} ${ms(fromScratch!, 12)}  ×${(fromScratch! / fromFacts!).toFixed(1)}`,
    )
  }
  await close()
}

export async function benchStats() {
  const url = process.env.BENCH_DATABASE_URL
  if (url) {
    const db = await openDatabase({ kind: 'postgres', url })
    await migrate(db)
    await benchOne('PostgreSQL (BENCH_DATABASE_URL, as seeded)', db)
    await db.close()
    return
  }
  for (const scale of scales) {
    const db = await loadedPglite(scale)
    await benchOne(`PGlite, scale ${scale}`, db)
    await db.close()
  }
}
