import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'

const run = promisify(execFile)
const ogrinfo = '/usr/bin/ogrinfo'
const available = existsSync(ogrinfo)
if (!available) {
  if (process.env.CI === 'true') throw new Error('CI=true and ogrinfo (gdal-bin) is missing: refusing to skip')
  console.warn('[gdal] skipping: ogrinfo (gdal-bin) is not installed')
}

/**
 * GDAL's MVT driver reads a zoom level of the tileset, with the TileJSON as its metadata (bounds,
 * layers and field types); GDAL 3.6 opens the zoom level's URL, not the TileJSON URL itself.
 */
describe.runIf(available)('GDAL reads the vector tiles', () => {
  let server: ServerType
  let origin: string
  let db: Database
  let request: Request

  beforeAll(async () => {
    const test = await testApp()
    db = test.db
    request = test.request
    server = serve({ fetch: test.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => server.once('listening', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  async function tokenOf(username: string) {
    const [user] = await db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = ${username}`)
    const created = await request(
      '/api/admin/tokens',
      json('POST', { user_id: user!.id, name: 'GDAL tiles test', kind: 'personal' }),
      'admin',
    )
    expect(created.status).toBe(201)
    return ((await created.json()) as { token: string }).token
  }

  const ogr = async (token: string, layer: string, zoom: number) =>
    (
      await run(
        ogrinfo,
        [
          '--config',
          'GDAL_HTTP_HEADERS',
          `Authorization: Bearer ${token}`,
          '-ro',
          '-so',
          '-al',
          '-oo',
          'TILE_EXTENSION=mvt',
          '-oo',
          `METADATA_FILE=${origin}/tiles/${layer}.json`,
          `MVT:${origin}/tiles/${layer}/${zoom}`,
        ],
        { env: { ...process.env, GDAL_HTTP_TIMEOUT: '60' }, maxBuffer: 64 << 20 },
      )
    ).stdout

  it('ogrinfo counts every enterprise once at z13, and only the grid officer’s with its token', async () => {
    const [grid] = await db.rows<{ grid_code: string; n: number }>(
      sql`SELECT grid_code, count(*)::int AS n FROM enterprises GROUP BY grid_code ORDER BY n DESC, grid_code LIMIT 1`,
    )
    const [all] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises`)
    const county = await ogr(await tokenOf('county'), 'enterprises', 13)
    expect(county).toMatch(new RegExp(`Feature Count: ${all!.n}\\b`))
    expect(county).toMatch(/risk_level: String/)
    expect(county).toMatch(/major_source: Integer\(Boolean\)/)
    const officer = await ogr(await tokenOf(`grid-${grid!.grid_code}`), 'enterprises', 13)
    expect(officer).toMatch(new RegExp(`Feature Count: ${grid!.n}\\b`))
  })
})
