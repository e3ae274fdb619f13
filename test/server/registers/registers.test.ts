import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { fromWgs84Converter, metresBetween } from '../../../lib/crs.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'
import { createToken } from '../auth/fixtures.ts'
import { places, removeRows } from './support.ts'

let request: Request
let db: Database
let place: Awaited<ReturnType<typeof places>>
const made: { table: string; id: number }[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  place = await places(db)
})
afterAll(() => removeRows(db, made))

type Answer = Record<string, unknown> & {
  id: number
  version: number
  town_code: string | null
  code?: string
  error?: string
  details?: Record<string, unknown>
}

/** The table behind each path the suite posts to. */
const tables: Record<string, string> = {
  'sensitive-sites': 'sensitive_sites',
  zones: 'zones',
  'confined-spaces': 'confined_spaces',
  accidents: 'accidents',
  drills: 'drills',
  outlets: 'fireworks_outlets',
}

async function send(method: string, path: string, payload: unknown, as: As = 'county') {
  const response = await request(path, json(method, payload), as)
  const body = (response.status === 204 ? {} : await response.json()) as Answer
  if (method === 'POST' && response.status === 201) made.push({ table: tables[path.split('/')[2]!]!, id: body.id })
  return { status: response.status, body }
}

/** A square of `size` degrees around the grid's point, as a closed GeoJSON ring. */
const square = (size = 0.001, [lon, lat] = [place.grid.lon, place.grid.lat]) => [
  [lon - size, lat - size],
  [lon + size, lat - size],
  [lon + size, lat + size],
  [lon - size, lat + size],
  [lon - size, lat - size],
]

describe('sensitive sites', () => {
  it('are created, edited and deleted, versioned and audited with the row before', async () => {
    const created = await send('POST', '/api/sensitive-sites', {
      name: '测试学校',
      kind: 'school',
      location: { lon: place.grid.lon, lat: place.grid.lat },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ version: 1, town_code: place.grid.town_code, grid_code: place.grid.code })
    expect(created.body.lon).toBeCloseTo(place.grid.lon, 9)
    const edited = await send('PATCH', `/api/sensitive-sites/${created.body.id}`, { version: 1, kind: 'hospital' })
    expect(edited.body).toMatchObject({ kind: 'hospital', version: 2 })
    const stale = await request(`/api/sensitive-sites/${created.body.id}?version=1`, { method: 'DELETE' }, 'county')
    expect(stale.status).toBe(409)
    expect((await request(`/api/sensitive-sites/${created.body.id}`, { method: 'DELETE' }, 'county')).status).toBe(428)
    const gone = await request(`/api/sensitive-sites/${created.body.id}?version=2`, { method: 'DELETE' }, 'county')
    expect(gone.status).toBe(204)
    const entries = await db.rows<{ action: string; before: { kind: string } | null }>(
      sql`SELECT action, before FROM audit_log WHERE entity = 'sensitive_sites' AND entity_id = ${String(created.body.id)}
          ORDER BY id`,
    )
    expect(entries.map((e) => [e.action, e.before?.kind ?? null])).toEqual([
      ['create', null],
      ['update', 'school'],
      ['delete', 'hospital'],
    ])
  })

  it('a town user places them only in its town; viewers and kiosk tokens never write', async () => {
    const town = `town-${place.grid.town_code}`
    const away = { name: '外镇', kind: 'market', location: { lon: place.other.lon, lat: place.other.lat } }
    const refused = await send('POST', '/api/sensitive-sites', away, town)
    expect([refused.status, refused.body.code]).toEqual([403, 'outside_scope'])
    const kiosk = await createToken(request, db, 'county', 'kiosk')
    expect((await send('POST', '/api/sensitive-sites', away, { token: kiosk.token })).status).toBe(403)
    expect((await send('POST', '/api/sensitive-sites', away, `grid-${place.grid.code}`)).status).toBe(403)
  })
})

describe('zones', () => {
  it('take a Polygon in any system as a MultiPolygon and refuse invalid boundaries with the reason', async () => {
    const created = await send('POST', '/api/zones', {
      name: '测试禁放区',
      kind: 'no_fireworks',
      geometry: { type: 'Polygon', coordinates: [square()] },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ version: 1, town_code: place.grid.town_code, source_crs: null })
    expect((created.body.geometry as { type: string }).type).toBe('MultiPolygon')
    const [a, b, c, d] = square()
    const bowTie = await send('POST', '/api/zones', {
      name: '自相交',
      kind: 'no_fireworks',
      geometry: { type: 'Polygon', coordinates: [[a, c, b, d, a]] },
    })
    expect([bowTie.status, bowTie.body.code]).toEqual([422, 'invalid_geometry'])
    expect(bowTie.body.error).toMatch(/Self-intersection/i)
    const short = await send('PATCH', `/api/zones/${created.body.id}`, {
      version: 1,
      geometry: { type: 'Polygon', coordinates: [[a, b, a]] },
    })
    expect([short.status, short.body.code]).toEqual([422, 'invalid_geometry'])
    const open = await send('PATCH', `/api/zones/${created.body.id}`, {
      version: 1,
      geometry: { type: 'Polygon', coordinates: [[a, b, c, d]] },
    })
    expect([open.status, open.body.code]).toEqual([422, 'invalid_geometry'])
    const removed = await request(
      `/api/zones/${created.body.id}`,
      { method: 'DELETE', headers: { 'if-match': 'W/"1"' } },
      'county',
    )
    expect(removed.status).toBe(204)
  })
})

describe('confined spaces, accidents and drills', () => {
  it('take their enterprise’s position or town when they send none', async () => {
    const [enterprise] = await db.rows<{ id: number; town_code: string; lon: number; lat: number }>(
      sql`SELECT id, town_code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises
          WHERE town_code = ${place.grid.town_code} ORDER BY id LIMIT 1`,
    )
    const space = await send('POST', '/api/confined-spaces', {
      enterprise_id: enterprise!.id,
      name: '污水池',
      space_type: 'underground',
      gases: ['H2S'],
    })
    expect(space.status).toBe(201)
    expect(space.body).toMatchObject({ lon: enterprise!.lon, lat: enterprise!.lat, gases: ['H2S'] })
    const accident = await send('POST', '/api/accidents', {
      occurred_on: '2026-03-01',
      level: 'general',
      enterprise_id: enterprise!.id,
      description: '测试事故',
      direct_loss_wan_yuan: 1.5,
    })
    expect(accident.status).toBe(201)
    expect(accident.body).toMatchObject({ town_code: enterprise!.town_code, direct_loss_wan_yuan: 1.5 })
    const noPlace = await send('POST', '/api/accidents', {
      occurred_on: '2026-03-01',
      level: 'general',
      description: 'x',
    })
    expect(noPlace.status).toBe(400)
    const drill = await send('POST', '/api/drills', {
      held_on: '2026-06-01',
      level: 'enterprise',
      kind: 'onsite',
      name: '测试演练',
      enterprise_id: enterprise!.id,
    })
    expect(drill.status).toBe(201)
    expect(drill.body).toMatchObject({ town_code: enterprise!.town_code, version: 1 })
    const town = `town-${place.other.town_code}`
    const notMine = await send(
      'POST',
      '/api/drills',
      { held_on: '2026-06-01', level: 'town', kind: 'special', name: 'x', enterprise_id: enterprise!.id },
      town,
    )
    expect([notMine.status, notMine.body.code]).toEqual([422, 'unknown_enterprise'])
    const edited = await send('PATCH', `/api/drills/${drill.body.id}`, { version: 1, participants: 40 })
    expect(edited.body).toMatchObject({ participants: 40, version: 2 })
  })
})

describe('/api/outlets', () => {
  it('the fireworks outlet writes for the register editors; a town user’s stay in its town', async () => {
    const town = `town-${place.grid.town_code}`
    const outlet = { name: '测试零售点', kind: 'temporary', floor_area_m2: 20 }
    const away = await send('POST', '/api/outlets', { ...outlet, lon: place.other.lon, lat: place.other.lat }, town)
    expect([away.status, away.body.code]).toEqual([403, 'outside_scope'])
    const created = await send('POST', '/api/outlets', { ...outlet, lon: place.grid.lon, lat: place.grid.lat }, town)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'planned', town_code: place.grid.town_code, version: 1 })
    const moved = await send(
      'PATCH',
      `/api/outlets/${created.body.id}`,
      { version: 1, lon: place.other.lon, lat: place.other.lat },
      town,
    )
    expect([moved.status, moved.body.code]).toEqual([403, 'outside_scope'])
    expect((await send('PATCH', `/api/outlets/${created.body.id}`, { version: 1, name: 'x' }, 'planner')).status).toBe(
      403,
    )
  })

  it('take a location in any system, kept as source_crs; a move on the map makes it WGS84 again', async () => {
    const [x, y] = fromWgs84Converter('EPSG:4549')([place.grid.lon, place.grid.lat])
    const outlet = { name: '坐标零售点', kind: 'fixed', floor_area_m2: 20 }
    const created = await send('POST', '/api/outlets', { ...outlet, location: { lon: x, lat: y, crs: 'EPSG:4549' } })
    expect(created.status).toBe(201)
    expect(created.body.source_crs).toBe('EPSG:4549')
    const at: [number, number] = [created.body.lon as number, created.body.lat as number]
    expect(metresBetween(at, [place.grid.lon, place.grid.lat])).toBeLessThan(1)
    const both = await send('POST', '/api/outlets', { ...outlet, lon: 1, lat: 2, location: { lon: 1, lat: 2 } })
    expect(both.status).toBe(400)
    const moved = await send('PATCH', `/api/outlets/${created.body.id}`, {
      version: 1,
      lon: place.grid.lon,
      lat: place.grid.lat,
    })
    expect(moved.body).toMatchObject({ source_crs: null, version: 2 })
  })
})

describe('get /api/registers/{register}', () => {
  it('pages a register in scope, with totals, filters and sorting', async () => {
    const page = async (path: string, as: As = 'county') => {
      const response = await request(path, {}, as)
      expect(response.status).toBe(200)
      return (await response.json()) as { items: Answer[]; total: number }
    }
    const all = await page('/api/registers/grids?geometry=false&limit=5&sort=-code')
    const [{ n }] = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM grids`)) as [{ n: number }]
    expect(all.total).toBe(n)
    expect(all.items).toHaveLength(5)
    expect(all.items[0]).not.toHaveProperty('geometry')
    const codes = all.items.map((item) => item.code as string)
    expect(codes).toEqual([...codes].sort().reverse())
    const withGeometry = await page('/api/registers/grids?limit=1')
    expect(withGeometry.items[0]).toHaveProperty('geometry.type', 'MultiPolygon')
    const mine = await page('/api/registers/sensitive-sites?limit=200', `town-${place.grid.town_code}`)
    expect(mine.items.every((item) => item.town_code === place.grid.town_code)).toBe(true)
    const [{ m }] = (await db.rows<{ m: number }>(
      sql`SELECT count(*)::int AS m FROM sensitive_sites WHERE town_code = ${place.grid.town_code}`,
    )) as [{ m: number }]
    expect(mine.total).toBe(m)
    expect((await request('/api/registers/drills?sort=deaths', {}, 'county')).status).toBe(400)
    expect((await request('/api/registers/grids', {}, 'viewer')).status).toBe(403)
    expect((await request('/api/registers/hazards', {}, 'county')).status).toBe(400)
  })
})
