/**
 * Layer files (issue 12, Export): time to the first byte and to the last, per format, for every
 * enterprise of the county over HTTP (logged in as `county`, no compression). The streamed
 * formats (CSV, XLSX, GeoJSON) should start within a second however many rows follow; the
 * shapefile and the GeoPackage are built in memory, so their first byte comes when they are done.
 *
 *   DATABASE_URL=postgres://…/sheyang_h4 npm run seed -- --scale 10 --as-of 2026-10-15 --force
 *   BENCH_DATABASE_URL=postgres://…/sheyang_h4 npm run bench -- exports   # that database as it is
 *   npm run bench -- exports                                              # PGlite in memory, scale 10
 * BENCH_RUNS (default 5) runs per format after one warm-up; medians in ms.
 */
import { sql } from 'drizzle-orm'
import { openDatabase, type Database } from '../../db/client.ts'
import { migrate } from '../../db/migrate.ts'
import { exportFormats } from '../../server/ogc/exports/files.ts'
import { loadDemo, servedApp } from './demo-server.ts'
import { median } from './measure.ts'

const asOf = process.env.BENCH_AS_OF ?? '2026-10-15'
const runs = Number(process.env.BENCH_RUNS ?? 5)

async function database(): Promise<{ db: Database; label: string }> {
  const url = process.env.BENCH_DATABASE_URL
  if (url) {
    const db = await openDatabase({ kind: 'postgres', url })
    await migrate(db)
    return { db, label: 'PostgreSQL (BENCH_DATABASE_URL)' }
  }
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await loadDemo(db, 10, asOf)
  return { db, label: 'PGlite, scale 10' }
}

/** Reads a response to its end; the times of its first chunk and of the end, and its size. */
async function timed(url: string, cookie: string) {
  const started = performance.now()
  const response = await fetch(url, { headers: { cookie } })
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`)
  const reader = response.body!.getReader()
  let first: number | undefined
  let bytes = 0
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    first ??= performance.now() - started
    bytes += value.length
  }
  return { first: first ?? performance.now() - started, total: performance.now() - started, bytes }
}

export async function benchExports() {
  const { db, label } = await database()
  const [{ n } = { n: 0 }] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises`)
  console.log(`\n${label}: ${n} enterprises; p50 of ${runs} runs after a warm-up`)
  const { base, cookie, close } = await servedApp(db, asOf)
  try {
    console.log('format        first byte ms   total ms   size MB')
    for (const format of exportFormats) {
      const url = `${base}/ogc/collections/enterprises/items?f=${format}`
      await timed(url, cookie)
      const samples = []
      for (let i = 0; i < runs; i++) samples.push(await timed(url, cookie))
      const row = [
        format.padEnd(14),
        median(samples.map((s) => s.first))
          .toFixed(0)
          .padStart(13),
        median(samples.map((s) => s.total))
          .toFixed(0)
          .padStart(10),
        (samples[0]!.bytes / 1e6).toFixed(1).padStart(9),
      ]
      console.log(row.join(' '))
    }
  } finally {
    await close()
    await db.close()
  }
}
