import { booleanPointInPolygon } from '@turf/turf'
import { sql } from 'drizzle-orm'
import type { MultiPolygon, Position } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createRandom } from '../../../lib/seeded-random.ts'
import type { CandidateCheck } from '../../../server/fireworks/candidate-check.ts'
import { readSitingRules, type SitingRules } from '../../../server/fireworks/siting-rules.ts'
import {
  checkCandidateInBrowser,
  prepareCheckLayers,
  type CandidateAnswer,
  type CheckLayers,
} from '../../../web/features/fireworks/candidate-check.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'
import { azimuth, distance, offset } from './layout.ts'

let request: Request
let db: Database
let layers: CheckLayers
let rules: SitingRules
type Point = { id: number; name: string; kind: string; lon: number; lat: number }
let outlets: Point[]
let sites: Point[]

beforeAll(async () => {
  ;({ request, db } = await testApp())
  rules = await readSitingRules(db)
  // The stored coordinates, not the OGC API's 6 decimals (see web/features/fireworks/candidate-check.ts).
  outlets = await db.rows<Point>(sql`SELECT id, name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM fireworks_outlets WHERE status = 'active' ORDER BY id`)
  sites = await db.rows<Point>(
    sql`SELECT id, name, kind, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM sensitive_sites ORDER BY id`,
  )
  const zones = await db.rows<{ id: number; name: string; kind: string; geom: string }>(
    sql`SELECT id, name, kind, ST_AsGeoJSON(geom, 15) AS geom FROM zones ORDER BY id`,
  )
  const feature = (p: Point) => ({
    type: 'Feature' as const,
    properties: { id: p.id, name: p.name, kind: p.kind },
    geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
  })
  layers = prepareCheckLayers({
    outlets: outlets.map(feature),
    sites: sites.map(feature),
    zones: zones.map((z) => ({
      type: 'Feature' as const,
      properties: { id: z.id, name: z.name, kind: z.kind },
      geometry: JSON.parse(z.geom) as MultiPolygon,
    })),
  })
})

async function server(at: Position): Promise<CandidateCheck> {
  const response = await request('/api/fireworks/check', json('POST', { lon: at[0], lat: at[1] }), 'county')
  expect(response.status).toBe(200)
  return (await response.json()) as CandidateCheck
}

/** The answer with distances to the millimetre, so both sides print alike; the gap is checked apart. */
function shape(answer: CandidateAnswer) {
  const mm = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000)
  return {
    allowed: answer.allowed,
    violations: answer.violations.map((v) => ({ ...v, value: mm(v.value), distance_m: mm(v.distance_m) })),
    outlet: answer.nearest.outlet && { ...answer.nearest.outlet, distance_m: mm(answer.nearest.outlet.distance_m) },
    sites: answer.nearest.sites.map((s) => ({ ...s, distance_m: mm(s.distance_m) })),
    zone: answer.nearest.zone && { ...answer.nearest.zone, edge_distance_m: mm(answer.nearest.zone.edge_distance_m) },
  }
}

/** Every distance the two answers give, side by side. */
function distances(answer: CandidateAnswer): number[] {
  return [
    ...answer.violations.map((v) => v.distance_m ?? 0),
    answer.nearest.outlet?.distance_m ?? 0,
    ...answer.nearest.sites.map((s) => s.distance_m),
    answer.nearest.zone?.edge_distance_m ?? 0,
  ]
}

async function compare(points: Position[]) {
  let largestGap = 0
  const refused = { server: 0, browser: 0 }
  const answers: CandidateCheck[] = []
  for (const at of points) {
    const fromServer = await server(at)
    answers.push(fromServer)
    const inBrowser = checkCandidateInBrowser(at, layers, rules)
    expect(shape(inBrowser), `at ${at.join(',')}`).toEqual(shape(fromServer))
    const a = distances(inBrowser)
    const b = distances(fromServer)
    for (let i = 0; i < a.length; i++) largestGap = Math.max(largestGap, Math.abs(a[i]! - b[i]!))
    if (!fromServer.allowed) refused.server++
    if (!inBrowser.allowed) refused.browser++
  }
  return { largestGap, refused, answers }
}

describe('the browser’s candidate check agrees with post /api/fireworks/check', () => {
  it('on 200 seeded random points around the demo’s outlets', async () => {
    const random = createRandom('fireworks-agreement')
    const points = Array.from({ length: 200 }, () => {
      const o = random.pick(outlets)
      return offset([o.lon, o.lat], random.float(0, 360), random.float(0, 160))
    })
    const { largestGap, refused } = await compare(points)
    expect(largestGap).toBeLessThan(1e-6)
    // Both yes and no answers are among them, so the comparison means something.
    expect(refused.server).toBeGreaterThan(20)
    expect(refused.server).toBeLessThan(200)
  })

  it('on points within a metre of each threshold: outlet spacing, site distance, zone edge', async () => {
    const random = createRandom('fireworks-thresholds')
    const deltas = [-0.9, -0.5, -0.05, -0.001, 0.001, 0.05, 0.5, 0.9]
    // Each probe: a point, the rule and party it is near, and whether it lies on the breaking side.
    const probes: { at: Position; rule: string; party: number; breaks: boolean }[] = []
    for (let i = 0; i < 6; i++) {
      const o = random.pick(outlets)
      const azimuth = random.float(0, 360)
      for (const delta of deltas) {
        probes.push({
          at: offset([o.lon, o.lat], azimuth, 50 + delta),
          rule: 'outlet_spacing',
          party: o.id,
          breaks: delta < 0,
        })
      }
    }
    for (const kind of ['school', 'hospital', 'gas_station', 'residential_gate']) {
      const s = random.pick(sites.filter((site) => site.kind === kind))
      const azimuth = random.float(0, 360)
      for (const delta of deltas) {
        probes.push({
          at: offset([s.lon, s.lat], azimuth, 100 + delta),
          rule: 'site_distance',
          party: s.id,
          breaks: delta < 0,
        })
      }
    }
    // Across the demo no-fireworks zone's edges (those over 200 m), at right angles from a point on the edge.
    const zone = layers.zones[0]!
    const edges = zone.rings.flatMap((ring) =>
      ring
        .slice(1)
        .map((b, k) => [ring[k]!, b] as const)
        .filter(([a, b]) => distance(a, b) > 200),
    )
    for (let i = 0; i < 4; i++) {
      const [a, b] = random.pick(edges)
      const t = random.float(0.2, 0.8)
      const onEdge = [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t]
      const across = azimuth(a, b) + 90
      const inward = booleanPointInPolygon(offset(onEdge, across, 1), zone.feature)
      for (const delta of deltas) {
        probes.push({
          at: offset(onEdge, across, delta),
          rule: 'no_fireworks_zone',
          party: zone.id,
          breaks: inward === delta > 0,
        })
      }
    }
    const { largestGap, answers } = await compare(probes.map((p) => p.at))
    expect(largestGap).toBeLessThan(1e-6)
    expect(
      probes.map((p, i) => answers[i]!.violations.some((v) => v.rule === p.rule && v.other_id === p.party)),
    ).toEqual(probes.map((p) => p.breaks))
  })
})
