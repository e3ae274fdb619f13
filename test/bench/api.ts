/**
 * API latency beside its floor (issue #2). For each scale: load the demo data, serve the app on
 * loopback, and time
 *   - an enterprises items request (county bbox, limit 1000),
 *   - /api/stats/grids,
 *   - /api/stats/summary,
 *   - a page of 50 of the enterprise ledger sorted by due_in_days (the dearest sort: every row's
 *     visit state), and of the hazard ledger as it opens (issue 13: p50 < 100 ms at ×100 on PostgreSQL),
 * each over HTTP (gzip, as a browser asks) and as the same SQL run directly on the database (the
 * floor). Prints medians and the ratio HTTP / floor.
 *
 *   npm run bench -- api                 # PGlite, scales 1 and 10
 *   BENCH_SCALES=1 npm run bench -- api
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- api   # also real PostGIS (the database is wiped)
 */
import { openDatabase, type Database } from '../../db/client.ts'
import { findCollection } from '../../server/ogc/collections.ts'
import { itemsSql } from '../../server/ogc/feature-sql.ts'
import { parseItemsQuery } from '../../server/ogc/params.ts'
import { fullScope } from '../../server/scope.ts'
import { noFilter } from '../../server/stats/filters.ts'
import { allGridStats } from '../../server/stats/grid-stats.ts'
import { readStatsRules } from '../../server/rules/stats-settings.ts'
import { countySummary } from '../../server/stats/summary.ts'
import { enterpriseLedger, hazardLedger } from '../../server/ledgers/queries.ts'
import { loadDemo, servedApp } from './demo-server.ts'
import { median, timePair } from './measure.ts'

const asOf = '2026-10-15'
const year = 2026
const countyBbox = '119.921,33.453,120.618,34.123'
const runs = Number(process.env.BENCH_RUNS ?? 25)
const scales = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number)

/** A fresh demo database at `scale` (PostgreSQL: BENCH_DATABASE_URL, wiped first), analysed. */
export async function prepared(kind: 'pglite' | 'postgres', scale: number): Promise<Database> {
  const db =
    kind === 'pglite'
      ? await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
      : await openDatabase({ kind: 'postgres', url: process.env.BENCH_DATABASE_URL! })
  if (kind === 'postgres') {
    await db.exec('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
  }
  await loadDemo(db, scale, asOf)
  return db
}

async function benchOne(kind: 'pglite' | 'postgres', scale: number) {
  const db = await prepared(kind, scale)
  const { base, cookie, close } = await servedApp(db, asOf)
  const get = async (path: string) => {
    const response = await fetch(base + path, { headers: { 'accept-encoding': 'gzip', cookie } })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    return (await response.text()).length
  }

  const enterprises = findCollection('enterprises')!
  const itemsParams = new URLSearchParams({ bbox: countyBbox, limit: '1000' })
  const rules = await readStatsRules(db)
  const cases = [
    {
      name: 'enterprises items, county bbox, limit 1000',
      http: () => get(`/ogc/collections/enterprises/items?${itemsParams}`),
      floor: () =>
        db.rows(
          itemsSql(enterprises, parseItemsQuery(enterprises, itemsParams), fullScope, {
            today: asOf,
            ammoniaMajorHazardTonnes: rules.ammoniaMajorHazardTonnes,
          }),
        ),
    },
    {
      name: '/api/stats/grids',
      http: () => get('/api/stats/grids'),
      floor: () => allGridStats(db, { scope: fullScope, filter: noFilter, rules, today: asOf }),
    },
    {
      name: `/api/stats/summary?year=${year}`,
      http: () => get(`/api/stats/summary?year=${year}`),
      floor: () => countySummary(db, { year, today: asOf, scope: fullScope, rules }),
    },
    {
      name: '/api/ledgers/enterprises?sort=due_in_days',
      http: () => get('/api/ledgers/enterprises?sort=due_in_days&limit=50'),
      floor: () =>
        enterpriseLedger(db, fullScope, { sort: 'due_in_days' }, asOf, rules.visitFrequencyDays, {
          limit: 50,
          offset: 0,
        }),
    },
    {
      name: '/api/ledgers/hazards',
      http: () => get('/api/ledgers/hazards?limit=50'),
      floor: () => hazardLedger(db, fullScope, {}, asOf, { limit: 50, offset: 0 }),
    },
  ]
  for (const { name, http, floor } of cases) {
    const [httpSamples, floorSamples] = await timePair(http, floor, runs)
    const httpMs = median(httpSamples)
    const floorMs = median(floorSamples)
    console.log(
      `  ${name.padEnd(44)} http ${httpMs.toFixed(1).padStart(7)} ms   sql ${floorMs.toFixed(1).padStart(7)} ms   ratio ${(httpMs / floorMs).toFixed(2)}`,
    )
  }
  await close()
  await db.close()
}

export async function benchApi() {
  const kinds: ('pglite' | 'postgres')[] = process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
  for (const kind of kinds) {
    for (const scale of scales) {
      console.log(`\n${kind}, scale ${scale} (median of ${runs} runs, HTTP and SQL alternating, after one warm-up)`)
      await benchOne(kind, scale)
    }
  }
}
