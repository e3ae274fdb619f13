/**
 * The fireworks planner against its targets (issue 11), printed as ratios (never asserted):
 *   - every siting rule for every active outlet (the SQL of GET /api/fireworks/violations): < 1 s
 *   - one candidate check over HTTP (POST /api/fireworks/check, logged in as the demo county): < 50 ms
 *   - one candidate check in the browser's evaluator (web/features/fireworks/candidate-check.ts, in Node): < 16 ms
 *   - evaluating a what-if plan (POST /api/fireworks/evaluate's work: today's layout and the plan's
 *     judged, towns counted, compared) closing 10 % of the outlets, moving 50 and adding 50: < 1 s
 * The targets hold at scale 10 (1,500 outlets, 6,450 sites) on PostgreSQL.
 *
 *   npm run bench -- fireworks                                     # embedded PGlite, scale 10
 *   BENCH_SCALES=1 npm run bench -- fireworks
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- fireworks      # real PostGIS (the database is wiped)
 */
import { sql } from 'drizzle-orm'
import type { MultiPolygon } from 'geojson'
import { openDatabase, type Database } from '../../db/client.ts'
import { createRandom } from '../../lib/seeded-random.ts'
import { outletViolations } from '../../server/fireworks/engine.ts'
import { evaluatePlan } from '../../server/fireworks/plans/evaluation.ts'
import type { PlanChange } from '../../server/fireworks/plans/schemas.ts'
import { readSitingRules } from '../../server/fireworks/siting-rules.ts'
import { fullScope } from '../../server/scope.ts'
import { checkCandidateInBrowser, prepareCheckLayers } from '../../web/features/fireworks/candidate-check.ts'
import { offset } from '../server/fireworks/layout.ts'
import { loadDemo, servedApp } from './demo-server.ts'
import { median } from './measure.ts'

const asOf = '2026-10-15'
const runs = Number(process.env.BENCH_RUNS ?? 15)
const scales = (process.env.BENCH_SCALES ?? '10').split(',').map(Number)
const checkPoints = 200

async function prepared(kind: 'pglite' | 'postgres', scale: number): Promise<Database> {
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

async function timed(task: () => Promise<unknown> | unknown, times: number): Promise<number[]> {
  await task()
  const samples: number[] = []
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    await task()
    samples.push(performance.now() - started)
  }
  return samples
}

type Point = { id: number; name: string; kind: string; lon: number; lat: number }

async function benchOne(kind: 'pglite' | 'postgres', scale: number) {
  const db = await prepared(kind, scale)
  const [counts] = await db.rows<{ outlets: number; sites: number }>(sql`
    SELECT (SELECT count(*)::int FROM fireworks_outlets WHERE status = 'active') AS outlets,
      (SELECT count(*)::int FROM sensitive_sites) AS sites`)
  console.log(`  ${counts!.outlets} active outlets, ${counts!.sites} sensitive sites`)

  const { base, cookie, close } = await servedApp(db, asOf)

  const outlets = await db.rows<Point>(sql`SELECT id, name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM fireworks_outlets WHERE status = 'active' ORDER BY id`)
  const sites = await db.rows<Point>(
    sql`SELECT id, name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM sensitive_sites ORDER BY id`,
  )
  const zones = await db.rows<{ id: number; name: string; kind: string; geom: string }>(
    sql`SELECT id, name, kind, ST_AsGeoJSON(geom, 15) AS geom FROM zones ORDER BY id`,
  )
  const feature = (p: Point) => ({
    type: 'Feature' as const,
    properties: { id: p.id, name: p.name, kind: p.kind },
    geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
  })
  const layers = prepareCheckLayers({
    outlets: outlets.map(feature),
    sites: sites.map(feature),
    zones: zones.map((z) => ({
      type: 'Feature' as const,
      properties: { id: z.id, name: z.name, kind: z.kind },
      geometry: JSON.parse(z.geom) as MultiPolygon,
    })),
  })
  const random = createRandom('fireworks-bench')
  const points = Array.from({ length: checkPoints }, () => {
    const o = random.pick(outlets)
    return offset([o.lon, o.lat], random.float(0, 360), random.float(0, 160))
  })
  const rules = await readSitingRules(db)

  const evaluate = await timed(
    async () => outletViolations(db, { rules: await readSitingRules(db), today: asOf, scope: fullScope }),
    runs,
  )
  const layoutIds = (
    await db.rows<{ id: number }>(sql`SELECT id FROM fireworks_outlets
    WHERE status IN ('active', 'planned') ORDER BY id`)
  ).map((row) => row.id)
  const byId = new Map(outlets.map((o) => [o.id, o]))
  const shuffled = [...layoutIds].sort(() => random.float(-1, 1))
  const closes = shuffled.slice(0, Math.round(layoutIds.length / 10))
  const moves = shuffled.slice(closes.length, closes.length + 50)
  const changes: PlanChange[] = [
    ...closes.map((id) => ({ kind: 'close' as const, outlet_id: id })),
    ...moves.map((id) => {
      const o = byId.get(id)!
      const [lon, lat] = offset([o.lon, o.lat], random.float(0, 360), random.float(20, 200))
      return { kind: 'move' as const, outlet_id: id, lon: lon!, lat: lat! }
    }),
    ...Array.from({ length: 50 }, (_, i) => {
      const [lon, lat] = offset(points[i]!, random.float(0, 360), random.float(0, 100))
      return {
        kind: 'add' as const,
        ref: `bench-${i}`,
        name: `bench ${i}`,
        outlet_kind: 'temporary' as const,
        lon: lon!,
        lat: lat!,
        floor_area_m2: 20,
        dedicated_shop: true,
        shares_residence: false,
      }
    }),
  ]
  const plan = await timed(
    async () => evaluatePlan(db, { rules: await readSitingRules(db), today: asOf, scope: fullScope }, changes, 2026),
    runs,
  )
  let next = 0
  const check = await timed(async () => {
    const [lon, lat] = points[next++ % points.length]!
    const response = await fetch(`${base}/api/fireworks/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ lon, lat }),
    })
    if (!response.ok) throw new Error(`check: ${response.status}`)
    return response.text()
  }, checkPoints)
  const browser = await timed(
    () => checkCandidateInBrowser(points[next++ % points.length]!, layers, rules),
    checkPoints,
  )

  const rows: [string, number[], number][] = [
    [`every rule, every outlet (SQL, median of ${runs})`, evaluate, 1000],
    [`candidate check, server HTTP (median of ${checkPoints})`, check, 50],
    [`candidate check, browser evaluator (median of ${checkPoints})`, browser, 16],
    [`evaluate a plan of ${changes.length} changes (median of ${runs})`, plan, 1000],
  ]
  for (const [name, samples, target] of rows) {
    const ms = median(samples)
    console.log(
      `  ${name.padEnd(52)} ${ms.toFixed(2).padStart(8)} ms   target ${String(target).padStart(5)} ms   ratio ${(ms / target).toFixed(3)}`,
    )
  }
  await close()
  await db.close()
}

export async function benchFireworks() {
  const kind = process.env.BENCH_DATABASE_URL ? 'postgres' : 'pglite'
  for (const scale of scales) {
    console.log(`\n${kind}, scale ${scale} (ratio = median / target; below 1 meets it)`)
    await benchOne(kind, scale)
  }
}
