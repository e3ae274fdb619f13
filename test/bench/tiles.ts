/**
 * Vector tiles (issue 14) beside their floor, printed as a table (never asserted): for each engine
 * and scale, cold tiles of the enterprises (points, clustered to z12) and grids (polygons) at z8,
 * z12 and z14 over the county — p50 over HTTP as the county user (auth, scope, validation, rules
 * read from settings, ETag) and the size of the tile. The floor is a bare node:http server on
 * postgres.js that answers the same ST_AsMVT statement, built once for the county scope: no
 * auth, no framework. PGlite has no ST_AsMVT, so no floor there. Every request is a tile not
 * asked before in that series, so nothing is served from a cache (there is none yet).
 *
 *   npm run bench -- tiles                                   # PGlite, scales 1 and 10
 *   BENCH_SCALES=1 npm run bench -- tiles
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- tiles   # also real PostGIS (the database is wiped)
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import type { Database } from '../../db/client.ts'
import { fullScope } from '../../server/scope.ts'
import { findTileLayer } from '../../server/tiles/layers.ts'
import { rulesFor } from '../../server/tiles/queries.ts'
import { mvtSql, propertyNames, tileRowsSql } from '../../server/tiles/tile-sql.ts'
import { prepared } from './api.ts'
import { median } from './measure.ts'
import { servedApp } from './demo-server.ts'

const asOf = '2026-10-15'
const runs = Number(process.env.BENCH_RUNS ?? 25)
const scales = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number)
const zooms = [8, 12, 14]
const layers = ['enterprises', 'grids']

type Tile = { z: number; x: number; y: number }

/**
 * `count` tiles at zoom z holding enterprises, spread over the county (every k-th); where fewer
 * exist (z8: two tiles cover the county) they repeat — uncached all the same.
 */
async function tilesWithData(db: Database, z: number, count: number): Promise<Tile[]> {
  const n = 2 ** z
  const rows = await db.rows<{ x: number; y: number }>(sql`SELECT DISTINCT
      floor((ST_X(geom) + 180) / 360 * ${n}::float8)::int AS x,
      floor((1 - ln(tan(radians(ST_Y(geom))) + 1 / cos(radians(ST_Y(geom)))) / pi()) / 2 * ${n}::float8)::int AS y
    FROM enterprises ORDER BY x, y`)
  const step = Math.max(1, Math.floor(rows.length / count))
  const spread = rows.filter((_, i) => i % step === 0).map(({ x, y }) => ({ z, x, y }))
  return Array.from({ length: count }, (_, i) => spread[i % spread.length]!)
}

/** The floor: node:http + postgres.js, the tile's ST_AsMVT statement for the county, bytes out. */
async function floorServer(db: Database, url: string) {
  const client = postgres(url, { max: 4, onnotice: () => {} })
  const dialect = new PgDialect()
  const rules = new Map(
    await Promise.all(layers.map(async (id) => [id, await rulesFor(db, findTileLayer(id)!, asOf)] as const)),
  )
  const server = createServer((req, res) => {
    const [, id, z, x, y] = req.url!.split('/')
    const layer = findTileLayer(id!)!
    const tile = { z: Number(z), x: Number(x), y: Number(y) }
    const fields = layer.fields(rules.get(id!)!)
    const query = dialect.sqlToQuery(
      mvtSql(layer, tile, tileRowsSql(layer, tile, fullScope, fields), propertyNames(layer, fields, tile.z)),
    )
    client
      .unsafe(query.sql, query.params as never[])
      .then(([row]) => {
        const body = (row?.tile as Buffer | null) ?? Buffer.alloc(0)
        res.writeHead(200, { 'content-type': 'application/vnd.mapbox-vector-tile', 'content-length': body.length })
        res.end(body)
      })
      .catch((error: unknown) => {
        res.writeHead(500)
        res.end(String(error))
      })
  })
  server.keepAliveTimeout = 120_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await client.end({ timeout: 5 })
    },
  }
}

/**
 * p50 of fetching each tile (one warm-up not counted), and the tiles' sizes: as sent, and gzipped
 * as the server sends them to a client that asks (fetch would unzip them before we could count).
 */
async function series(get: (tile: Tile) => Promise<Uint8Array>, tiles: Tile[]) {
  await get(tiles[0]!)
  const times: number[] = []
  const tilesOut: Uint8Array[] = []
  for (const tile of tiles.slice(1)) {
    const started = performance.now()
    tilesOut.push(await get(tile))
    times.push(performance.now() - started)
  }
  const sizes = tilesOut.map((bytes) => bytes.length)
  return {
    p50: median(times),
    sizeP50: median(sizes),
    sizeMax: Math.max(...sizes),
    gzipMax: Math.max(...tilesOut.map((bytes) => gzipSync(bytes).length)),
  }
}

const fetchTile = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers })
  if (!response.ok) throw new Error(`${url}: ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

async function benchOne(kind: 'pglite' | 'postgres', scale: number) {
  const db = await prepared(kind, scale)
  const { base, cookie, close } = await servedApp(db, asOf)
  const floor = kind === 'postgres' ? await floorServer(db, process.env.BENCH_DATABASE_URL!) : undefined

  const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(7)
  const ms = (value: number | undefined) => (value === undefined ? '      —' : value.toFixed(1).padStart(7))
  console.log('  layer        z   reqs   app p50 ms  floor p50 ms  app/floor   size p50 KB  size max KB  gzip max KB')
  for (const id of layers) {
    for (const z of zooms) {
      const tiles = await tilesWithData(db, z, runs + 1)
      const path = ({ z, x, y }: Tile) => `/${id}/${z}/${x}/${y}`
      const app = await series((tile) => fetchTile(`${base}/tiles${path(tile)}.mvt`, { cookie }), tiles)
      const floorRun = floor ? await series((tile) => fetchTile(`${floor.base}${path(tile)}`), tiles) : undefined
      const ratio = floorRun ? (app.p50 / floorRun.p50).toFixed(2) : '—'
      console.log(
        `  ${id.padEnd(12)} ${String(z).padStart(2)} ${String(tiles.length - 1).padStart(6)}   ${ms(app.p50)}      ${ms(floorRun?.p50)}    ${ratio.padStart(7)}     ${kb(app.sizeP50)}      ${kb(app.sizeMax)}      ${kb(app.gzipMax)}`,
      )
    }
  }
  await floor?.close()
  await close()
  await db.close()
}

export async function benchTiles() {
  const kinds: ('pglite' | 'postgres')[] = process.env.BENCH_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
  for (const kind of kinds) {
    for (const scale of scales) {
      console.log(
        `\n${kind}, scale ${scale} (cold tiles: each tile asked once where there are enough, after one warm-up)`,
      )
      await benchOne(kind, scale)
    }
  }
}
