import { booleanPointInPolygon } from '@turf/turf'
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson'
import type { CandidateCheck } from '../../../server/fireworks/candidate-check.ts'
import type { Violation } from '../../../server/fireworks/engine.ts'
import type { LocationRules } from '../../../server/fireworks/siting-rules.ts'
import { groundDistance, groundDistanceToLine } from './ground-distance.ts'

/**
 * The candidate-site check in the browser: the location rules of POST /api/fireworks/check
 * (server/fireworks/candidate-check.ts) on the layers the map already holds, so a planner sees the
 * answer while moving the point. Same settings, same distances (ground-distance.ts measures as
 * PostGIS geography does), same "inside" (turf's planar point in polygon, boundary included, as
 * ST_Intersects on the geometry), same order — the server stays the authority.
 *
 * Coordinates must be the stored ones: the OGC API's 6 decimals (~0.1 m) would move the answer
 * for a point within a decimetre of a threshold.
 */
export type OutletFeature = Feature<Point, { id: number; name: string; kind: string }>
export type SiteFeature = Feature<Point, { id: number; name: string; kind: string }>
export type ZoneFeature = Feature<Polygon | MultiPolygon, { id: number; name: string; kind: string }>

/** Active outlets, sensitive sites and no-fireworks zones, as `prepareCheckLayers` keeps them. */
export type CheckLayers = {
  outlets: { id: number; name: string; kind: string; at: Position }[]
  sites: { id: number; name: string; kind: string; at: Position }[]
  zones: { id: number; name: string; kind: string; feature: ZoneFeature; rings: Position[][]; bbox: number[] }[]
}

export type CandidateAnswer = Pick<CandidateCheck, 'allowed' | 'violations' | 'nearest'>

/** Done once per layer load: bounding boxes and rings of the zones. */
export function prepareCheckLayers(layers: {
  outlets: OutletFeature[]
  sites: SiteFeature[]
  zones: ZoneFeature[]
}): CheckLayers {
  const point = (f: OutletFeature | SiteFeature) => ({ ...f.properties, at: f.geometry.coordinates })
  return {
    outlets: layers.outlets.map(point),
    sites: layers.sites.map(point),
    zones: layers.zones
      .filter((zone) => zone.properties.kind === 'no_fireworks')
      .map((feature) => {
        const polygons =
          feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
        const rings = polygons.flat()
        const all = rings.flat()
        const bbox = [
          Math.min(...all.map((p) => p[0]!)),
          Math.min(...all.map((p) => p[1]!)),
          Math.max(...all.map((p) => p[0]!)),
          Math.max(...all.map((p) => p[1]!)),
        ]
        return { ...feature.properties, feature, rings, bbox }
      }),
  }
}

/**
 * Degrees of latitude and longitude that surely hold `metres` around latitude `lat`: the server's
 * prefilter (server/fireworks/ground-distance.ts), here as a box.
 */
function reach(metres: number, lat: number): { dLat: number; dLon: number } {
  const d = (metres * 1.01) / (110574 * Math.cos((Math.min(Math.abs(lat) + 1, 89) * Math.PI) / 180))
  return { dLat: d, dLon: d }
}

const near = (at: Position, point: Position, box: { dLat: number; dLon: number }) =>
  Math.abs(at[0]! - point[0]!) <= box.dLon && Math.abs(at[1]! - point[1]!) <= box.dLat

const byDistance = (a: { distance: number; id: number }, b: { distance: number; id: number }) =>
  a.distance - b.distance || a.id - b.id

const ruleOrder = ['outlet_spacing', 'site_distance', 'no_fireworks_zone']

/** May an outlet go at `point` ([lng, lat])? Every location rule it would break, and what is near. */
export function checkCandidateInBrowser(point: Position, layers: CheckLayers, rules: LocationRules): CandidateAnswer {
  const violations: Violation[] = []
  const spacing = rules.fireworks_outlet_spacing_m
  const radius = rules.fireworks_check_radius_m
  const siteLimits = Object.entries(rules.fireworks_site_distance_m).filter(([, metres]) => metres > 0)
  const siteLimit = new Map(siteLimits)
  const largestSite = Math.max(0, ...siteLimits.map(([, metres]) => metres))

  const outletBox = reach(Math.max(spacing, radius), point[1]!)
  const outlets = layers.outlets
    .filter((o) => near(o.at, point, outletBox))
    .map((o) => ({ ...o, distance: groundDistance(o.at, point) }))
  if (spacing > 0) {
    for (const o of outlets) {
      if (o.distance < spacing) violations.push(partyViolation('outlet_spacing', o, spacing, 'outlet'))
    }
  }

  const siteBox = reach(Math.max(largestSite, radius), point[1]!)
  const sites = layers.sites
    .filter((s) => siteLimit.has(s.kind) && near(s.at, point, siteBox))
    .map((s) => ({ ...s, distance: groundDistance(s.at, point), threshold: siteLimit.get(s.kind)! }))
  for (const s of sites) {
    if (s.distance < s.threshold) violations.push(partyViolation('site_distance', s, s.threshold, 'site'))
  }

  const zoneBox = reach(radius, point[1]!)
  const zones = layers.zones
    .filter(
      (z) =>
        point[0]! >= z.bbox[0]! - zoneBox.dLon &&
        point[0]! <= z.bbox[2]! + zoneBox.dLon &&
        point[1]! >= z.bbox[1]! - zoneBox.dLat &&
        point[1]! <= z.bbox[3]! + zoneBox.dLat,
    )
    .map((z) => ({
      ...z,
      inside: booleanPointInPolygon(point as number[], z.feature),
      distance: Math.min(...z.rings.map((ring) => groundDistanceToLine(point, ring))),
    }))
  if (rules.fireworks_forbid_in_no_fireworks_zone) {
    for (const z of zones) if (z.inside) violations.push(partyViolation('no_fireworks_zone', z, 0, 'zone'))
  }

  violations.sort(
    (a, b) =>
      ruleOrder.indexOf(a.rule) - ruleOrder.indexOf(b.rule) ||
      (a.distance_m ?? -1) - (b.distance_m ?? -1) ||
      (a.other_id ?? -1) - (b.other_id ?? -1),
  )
  const nearestOutlet = outlets.filter((o) => o.distance <= radius).sort(byDistance)[0]
  const nearestSites = new Map<string, (typeof sites)[number]>()
  for (const s of sites.filter((s) => s.distance <= radius).sort(byDistance)) {
    if (!nearestSites.has(s.kind)) nearestSites.set(s.kind, s)
  }
  const nearestZone = zones
    .filter((z) => z.inside || z.distance <= radius)
    .sort((a, b) => Number(b.inside) - Number(a.inside) || byDistance(a, b))[0]
  return {
    allowed: violations.length === 0,
    violations,
    nearest: {
      outlet: nearestOutlet
        ? { id: nearestOutlet.id, name: nearestOutlet.name, distance_m: nearestOutlet.distance }
        : null,
      sites: [...nearestSites.values()]
        .sort((a, b) => a.distance - b.distance || (a.kind < b.kind ? -1 : 1))
        .map((s) => ({ kind: s.kind, id: s.id, name: s.name, distance_m: s.distance, threshold_m: s.threshold })),
      zone: nearestZone
        ? {
            id: nearestZone.id,
            name: nearestZone.name,
            inside: nearestZone.inside,
            edge_distance_m: nearestZone.distance,
          }
        : null,
    },
  }
}

function partyViolation(
  rule: Violation['rule'],
  party: { id: number; name: string; kind: string; distance: number },
  threshold: number,
  type: NonNullable<Violation['other_type']>,
): Violation {
  return {
    rule,
    severity: 'error',
    value: party.distance,
    threshold,
    other_type: type,
    other_id: party.id,
    other_name: party.name,
    other_kind: party.kind,
    distance_m: party.distance,
  }
}
