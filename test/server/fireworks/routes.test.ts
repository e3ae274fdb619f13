import { booleanPointInPolygon } from '@turf/turf'
import { sql } from 'drizzle-orm'
import type { MultiPolygon } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { distance, offset } from './layout.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

type Violation = {
  outlet_id: number
  town_code: string | null
  grid_code: string | null
  rule: string
  value: number | null
  other_id: number | null
  other_name: string | null
  distance_m: number | null
}

const violations = async (as: string, query = '') => {
  const response = await request(`/api/fireworks/violations${query}`, {}, as)
  expect(response.status).toBe(200)
  return (await response.json()) as { violations: Violation[]; counts: Record<string, number> }
}

const key = (v: Pick<Violation, 'outlet_id' | 'rule' | 'other_id'>) => `${v.outlet_id} ${v.rule} ${v.other_id ?? ''}`

describe('get /api/fireworks/violations on the demo data', () => {
  it('finds every planted breach, as a from-scratch GeographicLib and turf oracle finds them', async () => {
    type Outlet = {
      id: number
      lon: number
      lat: number
      floor: number
      shares_residence: boolean
      dedicated_shop: boolean
      licence_no: string
      valid_to: string | null
    }
    const outlets = await db.rows<Outlet>(sql`
      SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, floor_area_m2::float8 AS floor, shares_residence, dedicated_shop,
        licence_no, licence_valid_to::text AS valid_to
      FROM fireworks_outlets WHERE status = 'active'`)
    const sites = await db.rows<{ id: number; lon: number; lat: number }>(
      sql`SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM sensitive_sites`,
    )
    const zones = await db.rows<{ id: number; geom: string }>(
      sql`SELECT id, ST_AsGeoJSON(geom, 15) AS geom FROM zones WHERE kind = 'no_fireworks'`,
    )
    const expected: string[] = []
    for (const o of outlets) {
      const at = [o.lon, o.lat]
      for (const p of outlets) {
        if (p.id !== o.id && distance(at, [p.lon, p.lat]) < 50) expected.push(`${o.id} outlet_spacing ${p.id}`)
      }
      // Every demo site kind keeps the default 100 m.
      for (const s of sites) if (distance(at, [s.lon, s.lat]) < 100) expected.push(`${o.id} site_distance ${s.id}`)
      for (const z of zones) {
        if (booleanPointInPolygon(at, JSON.parse(z.geom) as MultiPolygon))
          expected.push(`${o.id} no_fireworks_zone ${z.id}`)
      }
      if (o.floor < 10) expected.push(`${o.id} floor_area `)
      if (o.shares_residence) expected.push(`${o.id} shares_residence `)
      if (!o.dedicated_shop) expected.push(`${o.id} not_dedicated_shop `)
      const daysLeft = o.valid_to === null ? null : (Date.parse(o.valid_to) - Date.parse('2026-10-15')) / 86_400_000
      if (daysLeft !== null && daysLeft < 0) expected.push(`${o.id} licence_expired `)
      if (daysLeft !== null && daysLeft >= 0 && daysLeft <= 30) expected.push(`${o.id} licence_expiring `)
    }
    const body = await violations('county')
    expect(body.violations.map(key).sort()).toEqual(expected.sort())
    // db/seed/fireworks-outlets.ts plants each kind of breach; with the demo seed these are the active ones.
    expect(body.counts).toEqual({
      outlet_spacing: 8,
      site_distance: 7,
      no_fireworks_zone: 3,
      shares_residence: 5,
      not_dedicated_shop: 8,
      floor_area: 5,
      licence_expired: 1,
      licence_expiring: 1,
    })
    for (const v of body.violations.filter((v) => v.distance_m !== null)) {
      expect(v.value).toBe(v.distance_m)
    }
  })

  it('shows a town user only its town’s outlets, and a grid officer only its grids’', async () => {
    const all = (await violations('county')).violations
    const town = all.find((v) => v.rule === 'site_distance')!.town_code!
    const mine = await violations(`town-${town}`)
    expect(mine.violations.length).toBeGreaterThan(0)
    expect(mine.violations.map(key)).toEqual(all.filter((v) => v.town_code === town).map(key))
    const grid = all.find((v) => v.rule === 'outlet_spacing')!.grid_code!
    const officer = await violations(`grid-${grid}`)
    expect(officer.violations.length).toBeGreaterThan(0)
    expect(officer.violations.map(key)).toEqual(all.filter((v) => v.grid_code === grid).map(key))
    expect(officer.violations.every((v) => v.grid_code === grid)).toBe(true)
  })

  it('measures another party outside the caller’s scope but does not name it', async () => {
    // An outlet 30 m from a demo outlet of 合德镇, booked to another town (the trigger runs only on geom).
    const [x] = await db.rows<{ id: number; lon: number; lat: number }>(sql`
      SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM fireworks_outlets
      WHERE status = 'active' AND town_code = '320924100' ORDER BY id LIMIT 1`)
    const at = offset([x!.lon, x!.lat], 45, 30)
    const [y] = await db.rows<{ id: number }>(sql`
      INSERT INTO fireworks_outlets (licence_no, name, kind, floor_area_m2, geom)
      VALUES ('(苏)LS〔2026〕990999', 'across the border', 'fixed', 20,
        ST_SetSRID(ST_MakePoint(${at[0]}::float8, ${at[1]}::float8), 4326)) RETURNING id`)
    try {
      await db.rows(sql`UPDATE fireworks_outlets SET town_code = '320924101', grid_code = NULL WHERE id = ${y!.id}`)
      const pick = (list: Violation[]) =>
        list.filter((v) => v.outlet_id === x!.id && v.rule === 'outlet_spacing').map((v) => [v.other_id, v.other_name])
      expect(pick((await violations('county')).violations)).toEqual([[y!.id, 'across the border']])
      expect(pick((await violations('town-320924100')).violations)).toEqual([[null, null]])
    } finally {
      await db.rows(sql`DELETE FROM fireworks_outlets WHERE id = ${y!.id}`)
    }
  })

  it('filters by town_code', async () => {
    const all = (await violations('county')).violations
    const town = all[0]!.town_code!
    expect((await violations('county', `?town_code=${town}`)).violations.map(key)).toEqual(
      all.filter((v) => v.town_code === town).map(key),
    )
  })
})

describe('get /api/fireworks/towns', () => {
  type Town = {
    code: string
    households: number | null
    cap: number | null
    outlets_now: number
    within: boolean | null
    over_by: number | null
    plan: { year: number; cap: number; planned_cut: number; outlets_to_close: number; within: boolean }[]
  }

  it('gives each town its cap from households, its active outlets and the plan for the next years', async () => {
    const response = await request('/api/fireworks/towns', {}, 'county')
    expect(response.status).toBe(200)
    const body = (await response.json()) as { year: number; towns: Town[] }
    expect(body.year).toBe(2026)
    const expected = await db.rows<{ code: string; households: number | null; active: number }>(sql`
      SELECT r.code, r.households, (SELECT count(*)::int FROM fireworks_outlets o WHERE o.town_code = r.code
        AND o.status = 'active') AS active
      FROM regions r WHERE r.kind <> 'county' ORDER BY r.code`)
    expect(body.towns.map((t) => [t.code, t.households, t.outlets_now])).toEqual(
      expected.map((r) => [r.code, r.households, r.active]),
    )
    for (const t of body.towns) {
      const cap = Math.floor((2 * t.households!) / 1000)
      expect([t.cap, t.within, t.over_by]).toEqual([cap, t.outlets_now <= cap, Math.max(0, t.outlets_now - cap)])
      // fireworks_yearly_reduction: 10 % a year over 3 years.
      const caps = [1, 2, 3].map((k) => Math.floor(cap * 0.9 ** k + 1e-9))
      expect(t.plan).toEqual(
        caps.map((c, i) => ({
          year: 2027 + i,
          cap: c,
          planned_cut: (i === 0 ? cap : caps[i - 1]!) - c,
          outlets_to_close: Math.max(0, t.outlets_now - c),
          within: t.outlets_now <= c,
        })),
      )
    }
    // The demo's over-capped farm (db/seed/fireworks-outlets.ts).
    expect(body.towns.find((t) => t.code === '320924403')!.within).toBe(false)
  })

  it('shows a town user its own town only', async () => {
    const body = (await (await request('/api/fireworks/towns', {}, 'town-320924101')).json()) as { towns: Town[] }
    expect(body.towns.map((t) => t.code)).toEqual(['320924101'])
  })
})

describe('bad input', () => {
  const cases: [string, string, RequestInit?, string?][] = [
    ['an unknown rule', '/api/fireworks/violations?rule=nope'],
    ['an unknown parameter', '/api/fireworks/violations?colour=red'],
    ['a malformed town code', '/api/fireworks/violations?town_code=3209'],
    ['a NUL byte in a town code', '/api/fireworks/violations?town_code=32092410%00'],
    ['an unknown severity', '/api/fireworks/violations?severity=fatal'],
    ['a parameter on /towns', '/api/fireworks/towns?year=2027'],
    [
      'a body that is not JSON',
      '/api/fireworks/check',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' },
      'bad_json',
    ],
    ['a longitude as text', '/api/fireworks/check', json('POST', { lon: '120.2', lat: 33.7 })],
    ['a NUL byte', '/api/fireworks/check', json('POST', { lon: '\u0000', lat: 33.7 })],
    [
      'a huge number',
      '/api/fireworks/check',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lon":1e400,"lat":33.7}' },
    ],
    ['a latitude of 91', '/api/fireworks/check', json('POST', { lon: 120.2, lat: 91 })],
    ['a missing latitude', '/api/fireworks/check', json('POST', { lon: 120.2 })],
    ['an extra field', '/api/fireworks/check', json('POST', { lon: 120.2, lat: 33.7, crs: 'gcj02' })],
    ['an array', '/api/fireworks/check', json('POST', [120.2, 33.7])],
  ]
  for (const [what, path, init, code = 'bad_request'] of cases) {
    it(`${init ? 'post' : 'get'} ${path.split('?')[0]} answers 400 ${code} to ${what}`, async () => {
      const response = await request(path, init, 'county')
      expect(response.status).toBe(400)
      expect(((await response.json()) as { code: string }).code).toBe(code)
    })
  }

  it('post /api/fireworks/check answers 404 for a point outside a town user’s town', async () => {
    const response = await request(
      '/api/fireworks/check',
      json('POST', { lon: 120.2527, lat: 33.7751 }),
      'town-320924101',
    )
    expect(response.status).toBe(404)
    expect(((await response.json()) as { code: string }).code).toBe('not_found')
    const own = await request('/api/fireworks/check', json('POST', { lon: 120.2527, lat: 33.7751 }), 'town-320924100')
    expect(own.status).toBe(200)
  })

  it('answers 401 without a log-in', async () => {
    expect((await request('/api/fireworks/violations', {}, 'anonymous')).status).toBe(401)
  })
})
