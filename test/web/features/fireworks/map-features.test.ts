import { describe, expect, test } from 'vitest'
import { groundDistance } from '../../../../web/features/fireworks/ground-distance.ts'
import {
  emptyFeatures,
  groundCircle,
  metres,
  pointFeature,
  probeFeatures,
  siteCircles,
  violationFeatures,
  type DrawnViolation,
} from '../../../../web/features/fireworks/map-features.ts'

const centre: [number, number] = [120.2576, 33.7748]
const v = (over: Partial<DrawnViolation>): DrawnViolation => ({
  rule: 'outlet_spacing',
  severity: 'error',
  other_type: null,
  other_id: null,
  distance_m: null,
  at: centre,
  key: 'o1',
  ...over,
})

describe('map-features', () => {
  test('a protective circle is the ground distance all round (geodesic), closed', () => {
    const ring = groundCircle(centre, 100)
    expect(ring).toHaveLength(65)
    expect(ring[64]).toEqual(ring[0])
    for (const point of ring) expect(groundDistance(centre, point)).toBeCloseTo(100, 3)
    // Not a circle in degrees: at 33.8° N a degree of longitude is shorter than one of latitude.
    const east = ring[16]!
    const north = ring[0]!
    expect(east[0]! - centre[0]).toBeGreaterThan(north[1]! - centre[1])
  })

  test('each site gets the circle of its kind’s threshold; kinds without one get none', () => {
    const sites = [
      { id: 1, name: '学校', kind: 'school', at: centre },
      { id: 2, name: '加油站', kind: 'gas_station', at: [120.26, 33.78] as [number, number] },
      { id: 3, name: '其他', kind: 'other', at: [120.27, 33.78] as [number, number] },
    ]
    const circles = siteCircles(sites, { school: 100, gas_station: 50, other: 0 })
    expect(circles.features.map((f) => [f.id, f.properties.kind])).toEqual([
      [1, 'school'],
      [2, 'gas_station'],
    ])
    const ring = circles.features[1]!.geometry.coordinates[0]!
    expect(ring).toHaveLength(49)
    expect(groundDistance(sites[1]!.at, ring[10]!)).toBeCloseTo(50, 3)
  })

  test('a pair of outlets too close is one labelled line, whichever side reports it', () => {
    const other: [number, number] = [120.2579, 33.7749]
    const { lines, rings } = violationFeatures([
      v({ other_type: 'outlet', other_id: 2, distance_m: 28.4, otherAt: other }),
      v({ at: other, key: 'o2', other_type: 'outlet', other_id: 1, distance_m: 28.4, otherAt: centre }),
      v({ rule: 'site_distance', other_type: 'site', other_id: 9, distance_m: 7.25, otherAt: [120.258, 33.775] }),
    ])
    expect(lines.features.map((f) => f.properties.label)).toEqual(['28 m', '7.3 m'])
    expect(lines.features[0]!.geometry.coordinates).toEqual([centre, other])
    expect(rings.features).toHaveLength(0)
  })

  test('an outlet’s own rules are one ring: a zone wins, then an error over a warning', () => {
    const { rings } = violationFeatures([
      v({ rule: 'licence_expiring', severity: 'warning' }),
      v({ rule: 'floor_area' }),
      v({ rule: 'licence_expiring', severity: 'warning' }),
      v({ rule: 'no_fireworks_zone', other_type: 'zone' }),
      v({ rule: 'shares_residence' }),
      v({ rule: 'licence_expired', at: [120.3, 33.8], key: 'o5' }),
    ])
    expect(rings.features.map((f) => [f.properties.key, f.properties.rule])).toEqual([
      ['o1', 'no_fireworks_zone'],
      ['o5', 'licence_expired'],
    ])
    // Another party not on the map (out of scope: no place) is drawn as a ring, not a line to nowhere.
    const hidden = violationFeatures([v({ other_type: 'outlet', distance_m: 30, otherAt: null })])
    expect([hidden.lines.features.length, hidden.rings.features.length]).toEqual([0, 1])
  })

  test('metres: one decimal under 10 m, whole metres above', () => {
    expect([metres(0.44), metres(9.96), metres(10), metres(49.5), metres(1234.4)]).toEqual([
      '0.4 m',
      '10.0 m',
      '10 m',
      '50 m',
      '1234 m',
    ])
  })

  test('a probe is its point (allowed or not) and a labelled line to each party', () => {
    const probe = probeFeatures(centre, false, [
      { at: [120.258, 33.775], distance: 42.2, breaks: true },
      { at: [120.26, 33.776], distance: 260, breaks: false },
    ])
    expect(probe.features.map((f) => [f.geometry.type, f.properties])).toEqual([
      ['LineString', { breaks: true, label: '42 m' }],
      ['LineString', { breaks: false, label: '260 m' }],
      ['Point', { allowed: false }],
    ])
    expect(pointFeature(centre, { key: 'o1' }).features[0]).toMatchObject({
      geometry: { coordinates: centre },
      properties: { key: 'o1' },
    })
    expect(emptyFeatures().features).toEqual([])
  })
})
