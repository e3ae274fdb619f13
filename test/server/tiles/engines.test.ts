import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../db/client.ts'
import { ensureDefaults } from '../../../db/defaults.ts'
import { migrate } from '../../../db/migrate.ts'
import { generateDemoData } from '../../../db/seed/generate.ts'
import { loadDemoData } from '../../../db/seed/load.ts'
import { createApp } from '../../../server/app.ts'
import { tileLayerIds } from '../../../server/tiles/layers.ts'
import { testDemo, testYear } from '../../support/fixture.ts'
import { authedRequest, type Request } from '../../support/test-app.ts'
import { testDatabase } from '../../support/test-db.ts'
import { decodeTile, tilesCovering, type DecodedFeature } from './tile-client.ts'

/**
 * PostgreSQL encodes tiles with ST_AsMVT, PGlite with geojson-vt + vt-pbf over the same rows: the
 * same demo data on both must give the same features (ids, types, properties) in every tile. Runs
 * where both engines are at hand: the PostGIS project, with a PGlite loaded here.
 */
let postgis: Database
let pglite: Database | undefined
let fromPostgis: Request
let fromPglite: Request
let usernames: string[]

beforeAll(async () => {
  postgis = await testDatabase()
  // vitest.config.ts runs this file in the PostGIS project only (engineComparisons).
  if (postgis.kind !== 'postgres') throw new Error('engines.test.ts compares PostgreSQL with PGlite: run it on PostGIS')
  pglite = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await migrate(pglite)
  await loadDemoData(pglite, generateDemoData(testDemo))
  await ensureDefaults(pglite, [testYear - 1, testYear])
  fromPostgis = authedRequest(createApp({ db: postgis, today: () => testDemo.asOf }))
  fromPglite = authedRequest(createApp({ db: pglite, today: () => testDemo.asOf }))
  const [busiest] = await postgis.rows<{ town_code: string; grid_code: string }>(sql`SELECT town_code, grid_code
    FROM enterprises GROUP BY town_code, grid_code ORDER BY count(*) DESC, grid_code LIMIT 1`)
  usernames = ['county', `town-${busiest!.town_code}`, `grid-${busiest!.grid_code}`]
})
afterAll(async () => {
  await pglite?.close()
})

const canonical = (features: DecodedFeature[]) =>
  features
    .map((feature) =>
      JSON.stringify([
        feature.id ?? null,
        feature.type,
        Object.entries(feature.properties).sort(([a], [b]) => (a < b ? -1 : 1)),
      ]),
    )
    .sort()

async function features(request: Request, path: string, as: string) {
  const response = await request(path, {}, as)
  expect(response.status, path).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
  return decodeTile(new Uint8Array(await response.arrayBuffer()))
}

describe('tiles on PostgreSQL (ST_AsMVT) and PGlite (geojson-vt + vt-pbf)', () => {
  it('every layer gives the same features per tile and scope at z8, z11 (clusters) and z14 (single features)', async () => {
    const [box] = await postgis.rows<{ w: number; s: number; e: number; n: number }>(
      sql`SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom) AS x FROM enterprises) b`,
    )
    const [seat] = await postgis.rows<{ lon: number; lat: number }>(
      sql`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises ORDER BY id LIMIT 1`,
    )
    const point = [seat!.lon, seat!.lat, seat!.lon, seat!.lat]
    const tiles = [
      ...tilesCovering(8, [box!.w, box!.s, box!.e, box!.n]),
      ...tilesCovering(11, point),
      ...tilesCovering(14, point),
    ]
    let compared = 0
    for (const as of usernames) {
      for (const layer of tileLayerIds) {
        for (const { z, x, y } of tiles) {
          const path = `/tiles/${layer}/${z}/${x}/${y}.mvt`
          const [a, b] = await Promise.all([features(fromPostgis, path, as), features(fromPglite, path, as)])
          expect(Object.keys(a), `${as} ${path}`).toEqual(Object.keys(b))
          expect(canonical(a[layer] ?? []), `${as} ${path}`).toEqual(canonical(b[layer] ?? []))
          compared += (a[layer] ?? []).length
        }
      }
    }
    expect(compared).toBeGreaterThan(1000)
  })
})
