import { gunzipSync } from 'node:zlib'
import { sql, type SQL } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createApp } from '../../../server/app.ts'
import { testDemo } from '../../support/fixture.ts'
import { authedRequest, testApp, type Request } from '../../support/test-app.ts'
import { decodeTile, getTile, tilesCovering, type DecodedFeature } from './tile-client.ts'

let request: Request
let db: Database
/** The town with the most enterprises, and one grid of it with enterprises. */
let town: string
let grid: string

beforeAll(async () => {
  ;({ request, db } = await testApp())
  const [row] = await db.rows<{ town_code: string; grid_code: string }>(sql`SELECT town_code,
      (SELECT grid_code FROM enterprises g WHERE g.town_code = e.town_code GROUP BY grid_code ORDER BY count(*) DESC, grid_code LIMIT 1) AS grid_code
    FROM enterprises e GROUP BY town_code ORDER BY count(*) DESC, town_code LIMIT 1`)
  town = row!.town_code
  grid = row!.grid_code
})

type Who = { as: string; scope: () => SQL }
const county: Who = { as: 'county', scope: () => sql`true` }
const townUser: Who = { as: 'town', scope: () => sql`town_code = ${town}` }
const gridUser: Who = { as: 'grid', scope: () => sql`grid_code = ${grid}` }
const username = (who: Who) => (who === townUser ? `town-${town}` : who === gridUser ? `grid-${grid}` : who.as)

const ids = async (query: SQL) => (await db.rows<{ id: number }>(query)).map((row) => row.id)
const featureIds = (features: DecodedFeature[]) => features.map((feature) => feature.id).sort((a, b) => a! - b!)

/** The z14 tile holding the grid's first enterprise (XYZ, from PostGIS's own tile envelope test). */
async function tileOfGrid(z: number) {
  const [point] = await db.rows<{ lon: number; lat: number }>(
    sql`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises WHERE grid_code = ${grid} ORDER BY id LIMIT 1`,
  )
  return tilesCovering(z, [point!.lon, point!.lat, point!.lon, point!.lat])[0]!
}

describe('get /tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  it('get /tiles/enterprises/{z}/{x}/{y}.mvt at z14 holds exactly the enterprises of the tile each scope sees', async () => {
    const { z, x, y } = await tileOfGrid(14)
    for (const who of [county, townUser, gridUser]) {
      const features = await getTile(request, `enterprises/${z}/${x}/${y}.mvt`, 'enterprises', username(who))
      const expected = await ids(sql`SELECT id FROM enterprises
        WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)) AND ${who.scope()}
        ORDER BY id`)
      expect(expected.length, who.as).toBeGreaterThan(0)
      expect(featureIds(features), who.as).toEqual(expected)
    }
  })

  it('get /tiles/enterprises/… carries what the map styles need, computed by the rules, and not the record', async () => {
    const { z, x, y } = await tileOfGrid(14)
    const features = await getTile(request, `enterprises/${z}/${x}/${y}.mvt`, 'enterprises')
    const rows = await db.rows<Record<string, unknown> & { id: number }>(sql`SELECT id, name, sector, risk_level,
        status, town_code, grid_code, dust, coalesce(ammonia_tonnes > 0, false) AS ammonia,
        (SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = e.id AND h.status <> 'closed') AS open_hazards
      FROM enterprises e WHERE id IN (${sql.join(
        features.map((feature) => sql`${feature.id}`),
        sql`, `,
      )})`)
    expect(rows).toHaveLength(features.length)
    for (const feature of features) {
      const { id, ...expected } = rows.find((row) => row.id === feature.id)!
      expect(feature.type, `${id}`).toBe(1)
      expect(feature.properties).toMatchObject(expected)
      expect(Object.keys(feature.properties).sort()).toEqual(
        [...Object.keys(expected), 'key_hazchem', 'major_source'].sort(),
      )
    }
  })

  it('get /tiles/enterprises/8/… clusters, and the counts of the county tiles add up to each scope’s enterprises', async () => {
    const [box] = await db.rows<{ w: number; s: number; e: number; n: number }>(
      sql`SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom) AS x FROM enterprises) b`,
    )
    const tiles = tilesCovering(8, [box!.w, box!.s, box!.e, box!.n])
    for (const who of [county, townUser, gridUser]) {
      const features = (
        await Promise.all(
          tiles.map(({ z, x, y }) => getTile(request, `enterprises/${z}/${x}/${y}.mvt`, 'enterprises', username(who))),
        )
      ).flat()
      const [expected] = await db.rows<{ n: number; major: number; low: number }>(sql`SELECT count(*)::int AS n,
          count(*) FILTER (WHERE risk_level = 'major')::int AS major, count(*) FILTER (WHERE risk_level = 'low')::int AS low
        FROM enterprises WHERE ${who.scope()}`)
      const sum = (of: (feature: DecodedFeature) => number) => features.reduce((total, f) => total + of(f), 0)
      const clusters = features.filter((feature) => feature.properties.cluster === true)
      if (who === county) expect(clusters.length).toBeGreaterThan(10)
      for (const cluster of clusters) {
        expect(cluster.id).toBeUndefined()
        expect(cluster.properties.point_count).toBeGreaterThan(1)
        expect(cluster.properties.name).toBeUndefined()
      }
      const count = (f: DecodedFeature) => (f.properties.cluster ? (f.properties.point_count as number) : 1)
      const level = (name: string) => (f: DecodedFeature) =>
        f.properties.cluster ? (f.properties[name] as number) : f.properties.risk_level === name ? 1 : 0
      expect(sum(count), who.as).toBe(expected!.n)
      expect(sum(level('major')), who.as).toBe(expected!.major)
      expect(sum(level('low')), who.as).toBe(expected!.low)
    }
  })

  it('get /tiles/grids/… and /tiles/towns/… show a grid officer its grid and the town around it, and no other', async () => {
    const { z, x, y } = await tileOfGrid(10)
    const grids = await getTile(request, `grids/${z}/${x}/${y}.mvt`, 'grids', `grid-${grid}`)
    expect(grids.map((feature) => feature.properties.code)).toEqual([grid])
    expect(grids[0]!.type).toBe(3)
    expect(grids[0]!.id).toBeUndefined()
    const towns = await getTile(request, `towns/${z}/${x}/${y}.mvt`, 'towns', `grid-${grid}`)
    expect(towns.map((feature) => feature.properties.code)).toEqual([town])
    const countyGrids = await getTile(request, `grids/${z}/${x}/${y}.mvt`, 'grids')
    expect(countyGrids.length).toBeGreaterThan(1)
    const townGrids = await getTile(request, `grids/${z}/${x}/${y}.mvt`, 'grids', `town-${town}`)
    expect(townGrids.every((feature) => feature.properties.town_code === town)).toBe(true)
    expect(townGrids.length).toBeLessThanOrEqual(countyGrids.length)
  })

  it('get /tiles/hazards/… marks overdue hazards by the overdue rule', async () => {
    const { z, x, y } = await tileOfGrid(13)
    const features = await getTile(request, `hazards/${z}/${x}/${y}.mvt`, 'hazards')
    expect(features.length).toBeGreaterThan(0)
    const overdue = await ids(sql`SELECT id FROM hazards WHERE status <> 'closed' AND deadline < ${testDemo.asOf}::date
      AND id IN (${sql.join(
        features.map((feature) => sql`${feature.id}`),
        sql`, `,
      )}) ORDER BY id`)
    expect(featureIds(features.filter((feature) => feature.properties.overdue === true))).toEqual(overdue)
  })

  it('get /tiles/… answers an MVT, private, with an ETag, 304 on If-None-Match, gzip when asked', async () => {
    const { z, x, y } = await tileOfGrid(12)
    const path = `/tiles/enterprises/${z}/${x}/${y}.mvt`
    const plain = await request(path)
    expect(plain.status).toBe(200)
    expect(plain.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    expect(plain.headers.get('cache-control')).toBe('private, no-cache')
    const etag = plain.headers.get('etag')!
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/)
    const bytes = new Uint8Array(await plain.arrayBuffer())
    expect(decodeTile(bytes).enterprises!.length).toBeGreaterThan(0)

    const again = await request(path, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)

    const gzipped = await request(path, { headers: { 'accept-encoding': 'gzip' } })
    expect(gzipped.headers.get('content-encoding')).toBe('gzip')
    expect(gzipped.headers.get('etag')).toBe(etag)
    expect(new Uint8Array(gunzipSync(new Uint8Array(await gzipped.arrayBuffer())))).toEqual(bytes)
  })

  it('get /tiles/… of an empty area is a 200 with an empty tile', async () => {
    const response = await request('/tiles/enterprises/14/0/0.mvt')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    expect((await response.arrayBuffer()).byteLength).toBe(0)
  })

  it('get /tiles/… refuses bad addresses, unknown layers, query parameters and anonymous callers with a code', async () => {
    const cases: [string, number, string][] = [
      ['/tiles/enterprises/23/0/0.mvt', 400, 'bad_request'],
      ['/tiles/enterprises/2/4/0.mvt', 400, 'bad_request'],
      ['/tiles/enterprises/2/0/4.mvt', 400, 'bad_request'],
      ['/tiles/enterprises/2/0/0.pbf', 400, 'bad_request'],
      ['/tiles/enterprises/a/0/0.mvt', 400, 'bad_request'],
      ['/tiles/enterprises/-1/0/0.mvt', 400, 'bad_request'],
      ['/tiles/enterprises/2/0/0.mvt?risk_level=major', 400, 'bad_request'],
      ['/tiles/roads/2/0/0.mvt', 404, 'not_found'],
      ['/tiles/roads.json', 404, 'not_found'],
    ]
    for (const [path, status, code] of cases) {
      const response = await request(path)
      expect(response.status, path).toBe(status)
      expect(((await response.json()) as { code: string }).code, path).toBe(code)
    }
    const anonymous = await request('/tiles/enterprises/8/213/102.mvt', {}, 'anonymous')
    expect(anonymous.status).toBe(401)
    expect(((await anonymous.json()) as { code: string }).code).toBe('unauthenticated')
    expect((await request('/tiles/enterprises.json', {}, 'anonymous')).status).toBe(401)
  })
})

describe('get /tiles/{layer}.json', () => {
  type TileJson = {
    tilejson: string
    tiles: string[]
    bounds: number[]
    minzoom: number
    maxzoom: number
    vector_layers: { id: string; fields: Record<string, string> }[]
  }
  const tileJson = async (path: string, as?: string, app = request) => {
    const response = await app(path, {}, as)
    expect(response.status).toBe(200)
    return (await response.json()) as TileJson
  }

  it('get /tiles/enterprises.json is TileJSON 3.0.0 with an absolute tiles URL, the scoped bounds and typed fields', async () => {
    const doc = await tileJson('http://localhost/tiles/enterprises.json')
    expect(doc.tilejson).toBe('3.0.0')
    expect(doc.tiles).toEqual(['http://localhost/tiles/enterprises/{z}/{x}/{y}.mvt'])
    expect(doc.minzoom).toBe(0)
    expect(doc.maxzoom).toBe(16)
    const [layer] = doc.vector_layers
    expect(layer!.id).toBe('enterprises')
    expect(layer!.fields).toMatchObject({
      name: 'String',
      risk_level: 'String',
      open_hazards: 'Number',
      major_source: 'Boolean',
      point_count: 'Number',
      major: 'Number',
    })
    for (const [who, as] of [
      [county, 'county'],
      [gridUser, `grid-${grid}`],
    ] as const) {
      const [extent] = await db.rows<{ w: number; s: number; e: number; n: number }>(sql`SELECT ST_XMin(x) AS w,
          ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom) AS x FROM enterprises WHERE ${who.scope()}) b`)
      const bounds = (await tileJson('/tiles/enterprises.json', as)).bounds
      expect(bounds.map((value) => value.toFixed(6))).toEqual(
        [extent!.w, extent!.s, extent!.e, extent!.n].map((value) => value.toFixed(6)),
      )
    }
  })

  it('get /tiles/grids.json names its tiles on PUBLIC_ORIGIN when set', async () => {
    const app = createApp({ db, today: () => testDemo.asOf, publicOrigin: 'https://aqjg.example.cn' })
    const doc = await tileJson('http://10.0.0.5:8787/tiles/grids.json', 'county', authedRequest(app))
    expect(doc.tiles).toEqual(['https://aqjg.example.cn/tiles/grids/{z}/{x}/{y}.mvt'])
    expect(Object.keys(doc.vector_layers[0]!.fields)).toEqual(['code', 'name', 'kind', 'town_code'])
  })

  it('get /tiles lists every layer with its TileJSON', async () => {
    const response = await request('http://localhost/tiles')
    const body = (await response.json()) as { layers: { id: string; tilejson: string }[] }
    expect(body.layers.map((layer) => layer.id).sort()).toEqual(
      [
        'confined-spaces',
        'dust',
        'enterprises',
        'fireworks-outlets',
        'grids',
        'hazards',
        'sensitive-sites',
        'towns',
        'zones',
      ].sort(),
    )
    expect(body.layers[0]!.tilejson).toMatch(/^http:\/\/localhost\/tiles\/[a-z-]+\.json$/)
  })
})
