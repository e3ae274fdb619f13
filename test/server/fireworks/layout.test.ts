import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { distance, insertLayout, offset, positions, removeLayout, withSetting, type Layout } from './layout.ts'

let request: Request
let db: Database
let layout: Layout

beforeAll(async () => {
  ;({ request, db } = await testApp())
  layout = await insertLayout(db)
})
afterAll(() => removeLayout(db, layout))

type Row = {
  outlet_id: number
  rule: string
  severity: string
  value: number | null
  threshold: number | null
  other_type: string | null
  other_id: number | null
  other_name: string | null
  distance_m: number | null
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6)

/** The layout's violations as [outlet, rule, severity, value, threshold, other, distance]. */
async function layoutViolations(query = '') {
  const response = await request(`/api/fireworks/violations${query}`, {}, 'county')
  expect(response.status).toBe(200)
  const body = (await response.json()) as { violations: Row[] }
  const names = new Map([...layout.outlets].map(([name, id]) => [id, name]))
  return body.violations
    .filter((v) => names.has(v.outlet_id))
    .map((v) => [
      names.get(v.outlet_id),
      v.rule,
      v.severity,
      v.rule === 'no_fireworks_zone' ? Math.round(v.value! * 1e3) / 1e3 : round(v.value),
      v.threshold,
      v.other_name,
      v.rule === 'no_fireworks_zone' ? Math.round(v.distance_m! * 1e3) / 1e3 : round(v.distance_m),
    ])
}

describe('the siting-rule engine on a hand-made layout', () => {
  it('get /api/fireworks/violations finds exactly the rules each outlet breaks, exact at each threshold', async () => {
    expect(distance(positions.a, positions.b)).toBeCloseTo(49.5, 9)
    expect(await layoutViolations()).toEqual([
      ['A', 'outlet_spacing', 'error', 49.5, 50, 'layout B', 49.5],
      ['B', 'outlet_spacing', 'error', 49.5, 50, 'layout A', 49.5],
      ['B', 'site_distance', 'error', 99.5, 100, 'school 99.5 m from B', 99.5],
      ['D', 'no_fireworks_zone', 'error', 0.5, 0, 'layout zone', 0.5],
      ['floor 9.9', 'floor_area', 'error', 9.9, 10, null, null],
      ['residence', 'shares_residence', 'error', null, null, null, null],
      ['not dedicated', 'not_dedicated_shop', 'error', null, null, null, null],
      ['ends in 29 days', 'licence_expiring', 'warning', 29, 30, null, null],
      ['ends in 30 days', 'licence_expiring', 'warning', 30, 30, null, null],
      ['ends today', 'licence_expiring', 'warning', 0, 30, null, null],
      ['ended yesterday', 'licence_expired', 'error', -1, 0, null, null],
      ['valid 731 days', 'licence_validity', 'error', 731, 730, null, null],
      ['no brackets', 'licence_number', 'error', null, null, null, null],
      ['two-digit year', 'licence_number', 'error', null, null, null, null],
    ])
  })

  it('filters by rule and severity', async () => {
    expect((await layoutViolations('?rule=floor_area,licence_number')).map((v) => [v[0], v[1]])).toEqual([
      ['floor 9.9', 'floor_area'],
      ['no brackets', 'licence_number'],
      ['two-digit year', 'licence_number'],
    ])
    expect((await layoutViolations('?severity=warning')).map((v) => v[0])).toEqual([
      'ends in 29 days',
      'ends in 30 days',
      'ends today',
    ])
  })

  it('reads the thresholds from settings on every request: an edited row changes the next answer', async () => {
    const spacing = async () => (await layoutViolations('?rule=outlet_spacing')).map((v) => [v[0], v[5], v[4]])
    expect(await withSetting(db, 'fireworks_outlet_spacing_m', 49, spacing)).toEqual([])
    expect(await withSetting(db, 'fireworks_outlet_spacing_m', 51, spacing)).toEqual([
      ['A', 'layout B', 51],
      ['A', 'layout C', 51],
      ['B', 'layout A', 51],
      ['C', 'layout A', 51],
    ])
    const sites = await withSetting(db, 'fireworks_site_distance_m', { school: 99, kindergarten: 101 }, async () =>
      (await layoutViolations('?rule=site_distance')).map((v) => [v[0], v[5], v[4]]),
    )
    expect(sites).toEqual([['C', 'kindergarten 100.5 m from C', 101]])
    const warnings = await withSetting(db, 'fireworks_licence_expiry_warning_days', 29, () =>
      layoutViolations('?severity=warning'),
    )
    expect(warnings.map((v) => v[0])).toEqual(['ends in 29 days', 'ends today'])
    const house = await withSetting(db, 'fireworks_forbid_shared_residence', false, () =>
      layoutViolations('?rule=shares_residence,floor_area'),
    )
    expect(house.map((v) => v[0])).toEqual(['floor 9.9'])
    const validity = await withSetting(db, 'fireworks_licence_max_years', 3, () =>
      layoutViolations('?rule=licence_validity'),
    )
    expect(validity).toEqual([])
    expect((await layoutViolations('?rule=outlet_spacing')).length).toBe(2)
  })

  it('falls back to the DOMAIN default when a settings row is malformed', async () => {
    const rows = await withSetting(db, 'fireworks_outlet_spacing_m', 'fifty', () =>
      layoutViolations('?rule=outlet_spacing'),
    )
    expect(rows.map((v) => [v[0], v[4]])).toEqual([
      ['A', 50],
      ['B', 50],
    ])
  })
})

describe('post /api/fireworks/check on the layout', () => {
  type Check = {
    allowed: boolean
    town_code: string | null
    violations: Row[]
    nearest: {
      outlet: { id: number; distance_m: number } | null
      sites: { kind: string; id: number; distance_m: number; threshold_m: number }[]
      zone: { id: number; inside: boolean; edge_distance_m: number } | null
    }
  }
  const check = async (at: [number, number]) => {
    const response = await request('/api/fireworks/check', json('POST', { lon: at[0], lat: at[1] }), 'county')
    expect(response.status).toBe(200)
    return (await response.json()) as Check
  }

  it('refuses a point 49.9 m from an outlet and names it, with what is near', async () => {
    const at = offset(positions.a, 0, 49.9)
    const body = await check(at)
    expect(body.allowed).toBe(false)
    expect(body.town_code).toBe(null)
    expect(body.violations.map((v) => [v.rule, v.other_id, round(v.distance_m), v.threshold])).toEqual([
      ['outlet_spacing', layout.outlets.get('A'), 49.9, 50],
    ])
    expect(body.nearest.outlet).toEqual({
      id: layout.outlets.get('A'),
      name: 'layout A',
      distance_m: expect.any(Number),
    })
    expect(round(body.nearest.outlet!.distance_m)).toBe(49.9)
    expect(body.nearest.sites.map((s) => [s.kind, s.id, round(s.distance_m), s.threshold_m])).toEqual([
      ['school', layout.sites.get('school 99.5 m from B'), round(distance(at, positions.school)), 100],
      [
        'kindergarten',
        layout.sites.get('kindergarten 100.5 m from C'),
        round(distance(at, positions.kindergarten)),
        100,
      ],
    ])
    expect(body.nearest.zone).toBe(null)
  })

  it('allows a point 50.1 m from the outlet', async () => {
    const body = await check(offset(positions.a, 0, 50.1))
    expect([body.allowed, body.violations]).toEqual([true, []])
  })

  it('refuses a point 0.5 m inside the zone and allows one 0.5 m outside, giving the edge distance', async () => {
    const north = offset(positions.zoneCorner, 0, 1000)
    const inside = await check(offset([positions.zoneCorner[0], north[1]], 90, 0.5))
    expect(inside.allowed).toBe(false)
    expect(inside.violations.map((v) => [v.rule, v.other_id, Math.round(v.value! * 1e3) / 1e3])).toEqual([
      ['no_fireworks_zone', layout.zoneId, 0.5],
    ])
    const outside = await check(offset([positions.zoneCorner[0], north[1]], 270, 0.5))
    expect(outside.allowed).toBe(true)
    expect(outside.nearest.zone).toMatchObject({ id: layout.zoneId, inside: false })
    expect(Math.round(outside.nearest.zone!.edge_distance_m * 1e3) / 1e3).toBe(0.5)
  })
})
