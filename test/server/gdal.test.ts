import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { demoPassword } from '../../db/seed/users.ts'
import { json, testApp } from '../support/test-app.ts'

const run = promisify(execFile)
const ogrinfo = '/usr/bin/ogrinfo'
const ogr2ogr = '/usr/bin/ogr2ogr'
const available = existsSync(ogrinfo)
if (!available) {
  if (process.env.CI === 'true') throw new Error('CI=true and ogrinfo (gdal-bin) is missing: refusing to skip')
  console.warn('[gdal] skipping: ogrinfo (gdal-bin) is not installed')
}

/** GDAL's OGC API client is the reference outside reader (issue #2): it must list and walk every layer. */
describe.runIf(available)('GDAL reads the OGC API', () => {
  let server: ServerType
  let base: string
  let db: Database
  let token: string
  const seen: string[] = []

  beforeAll(async () => {
    const test = await testApp()
    db = test.db
    // GDAL and QGIS read with a personal API token (issue #4), here the county account's.
    const [county] = await db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = 'county'`)
    const created = await test.request(
      '/api/admin/tokens',
      json('POST', { user_id: county!.id, name: 'GDAL test', kind: 'personal' }),
      'admin',
    )
    expect(created.status).toBe(201)
    token = ((await created.json()) as { token: string }).token
    // The URLs the server saw, to check what GDAL pushed down.
    server = serve({
      fetch: (req: Request) => {
        seen.push(decodeURIComponent(req.url))
        return test.app.fetch(req)
      },
      port: 0,
      hostname: '127.0.0.1',
    })
    await new Promise<void>((resolve) => server.once('listening', resolve))
    base = `OAPIF:http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const anonymous = async (...args: string[]) =>
    (await run(ogrinfo, args, { env: { ...process.env, GDAL_HTTP_TIMEOUT: '60' }, maxBuffer: 64 << 20 })).stdout
  const gdal = (...args: string[]) =>
    anonymous('--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`, ...args)

  it('ogrinfo without a token fails: the OGC API needs authentication', async () => {
    await expect(anonymous('-ro', '-q', base)).rejects.toThrow(/401|HTTP error|Authorization/i)
  })

  it('ogrinfo with GDAL_HTTP_USERPWD (username:token, as QGIS and ArcGIS Pro send Basic) reads; the password is refused', async () => {
    const basic = (password: string) =>
      anonymous(
        '--config',
        'GDAL_HTTP_AUTH',
        'BASIC',
        '--config',
        'GDAL_HTTP_USERPWD',
        `county:${password}`,
        '-ro',
        '-al',
        '-so',
        base,
        'towns',
      )
    const [towns] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM regions WHERE kind <> 'county'`)
    expect(await basic(token)).toMatch(new RegExp(`Feature Count: ${towns!.n}\\b`))
    await expect(basic(demoPassword)).rejects.toThrow(/401|never the account password/i)
  })

  it('ogrinfo lists every collection', async () => {
    const out = await gdal('-ro', '-q', base)
    const layers = [...out.matchAll(/^\d+: ([\w-]+)/gm)].map((m) => m[1]).sort()
    expect(layers).toEqual(
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
  })

  it('ogrinfo walks the pages of a bbox and counts exactly the enterprises in it', async () => {
    const [minLon, minLat, maxLon, maxLat] = [120.1, 33.6, 120.4, 33.9]
    const [expected] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enterprises WHERE geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`,
    )
    expect(expected!.n).toBeGreaterThan(100)
    const out = await gdal(
      '-ro',
      '-al',
      '-so',
      '-spat',
      String(minLon),
      String(minLat),
      String(maxLon),
      String(maxLat),
      '-oo',
      'PAGE_SIZE=100',
      base,
      'enterprises',
    )
    expect(out).toMatch(new RegExp(`Feature Count: ${expected!.n}\\b`))

    // Reading the features walks the next links: each must keep the bbox.
    const features = await gdal(
      '-ro',
      '-al',
      '-q',
      '-spat',
      String(minLon),
      String(minLat),
      String(maxLon),
      String(maxLat),
      '-oo',
      'PAGE_SIZE=100',
      base,
      'enterprises',
    )
    const ids = [...features.matchAll(/^OGRFeature\(enterprises\):(\d+)/gm)].map((m) => m[1])
    expect(ids.length).toBe(expected!.n)
  })

  it('ogr2ogr with Basic, -spat in EPSG:4490 and -where: the filter is pushed to the server as CQL text', async () => {
    const [minLon, minLat, maxLon, maxLat] = [120.1, 33.6, 120.4, 33.9]
    const [expected] = await db.rows<{ n: number; all: number }>(
      sql`SELECT count(*) FILTER (WHERE risk_level = 'general' AND employees > 100)::int AS n, count(*)::int AS all
        FROM enterprises WHERE geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`,
    )
    expect(expected!.n).toBeGreaterThan(5)
    seen.length = 0
    const { stdout } = await run(
      ogr2ogr,
      [
        '--config',
        'GDAL_HTTP_AUTH',
        'BASIC',
        '--config',
        'GDAL_HTTP_USERPWD',
        `county:${token}`,
        '-f',
        'GeoJSON',
        '/vsistdout/',
        '-spat_srs',
        'EPSG:4490',
        '-spat',
        String(minLon),
        String(minLat),
        String(maxLon),
        String(maxLat),
        '-where',
        "risk_level = 'general' AND employees > 100",
        '-oo',
        'PAGE_SIZE=1000',
        base,
        'enterprises',
      ],
      { env: { ...process.env, GDAL_HTTP_TIMEOUT: '60' }, maxBuffer: 64 << 20 },
    )
    const features = (JSON.parse(stdout) as { features: { properties: { risk_level: string } }[] }).features
    expect(features.length).toBe(expected!.n)
    expect(features.every((feature) => feature.properties.risk_level === 'general')).toBe(true)
    // The server got the filter with the bbox (GDAL's first page, without them, only reads the schema).
    const filtered = seen.filter((url) => url.includes('/collections/enterprises/items?') && url.includes('filter='))
    expect(filtered.length).toBeGreaterThan(0)
    for (const url of filtered) {
      expect(url).toMatch(/filter=\(risk_level = 'general'\) AND \(employees > 100\)&filter-lang=cql-text/)
      expect(url).toMatch(/bbox=120\.0999\d*,33\.6\d*,120\.4\d*,33\.8999\d*/)
    }
    // … and the answer is the matches, not the whole bbox for GDAL to filter.
    expect(expected!.all).toBeGreaterThan(expected!.n * 2)
  })

  it('ogrinfo reads every grid with its attributes', async () => {
    const [expected] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM grids`)
    const out = await gdal('-ro', '-al', '-so', '-oo', 'PAGE_SIZE=1000', base, 'grids')
    expect(out).toMatch(new RegExp(`Feature Count: ${expected!.n}\\b`))
    expect(out).toMatch(/town_code: String/)
  })
})
