import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson'
import { groundOffset } from './ground-distance.ts'

/**
 * Pure GeoJSON for the planner's map (web/map/layers/planner.ts): protective circles, violations
 * drawn between their parties, a probe (a candidate point or a dragged outlet) with its conflicts.
 * Positions are [lng, lat]; inputs are never mutated.
 */
type Props = Record<string, unknown>
const collection = <G extends GeoJSON.Geometry>(features: Feature<G, Props>[]): FeatureCollection<G, Props> => ({
  type: 'FeatureCollection',
  features,
})

/** A circle of `metres` ground distance around `centre` (geodesic, as the rule measures), 64 steps. */
export function groundCircle(centre: Position, metres: number, steps = 64): Position[] {
  const ring: Position[] = []
  for (let i = 0; i < steps; i++) ring.push(groundOffset(centre, (360 * i) / steps, metres))
  ring.push(ring[0]!)
  return ring
}

export type Placed = { id: number; name: string; kind: string; at: Position }

/** Each site's protective distance (settings fireworks_site_distance_m by kind) as a circle. */
export function siteCircles(sites: Placed[], thresholds: Record<string, number>): FeatureCollection<Polygon, Props> {
  return collection(
    sites
      .filter((site) => (thresholds[site.kind] ?? 0) > 0)
      .map((site) => ({
        type: 'Feature' as const,
        id: site.id,
        geometry: { type: 'Polygon' as const, coordinates: [groundCircle(site.at, thresholds[site.kind]!, 48)] },
        properties: { id: site.id, kind: site.kind },
      })),
  )
}

/** The parts of a violation the map draws (GET /violations rows and POST /evaluate rows alike). */
export type DrawnViolation = {
  rule: string
  severity: string
  other_type: string | null
  other_id: number | null
  distance_m: number | null
  /** Where the outlet judged stands. */
  at: Position
  /** Where the other party stands, when it is a point on the map (outlet or site). */
  otherAt?: Position | null
  key: string
}

export const metres = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} m`

/**
 * A line between an outlet and the outlet or site it is too close to, labelled with the distance
 * (a pair of outlets once); a ring round an outlet for a rule of its own (zone, premises, licence).
 */
export function violationFeatures(violations: DrawnViolation[]): {
  lines: FeatureCollection<LineString, Props>
  rings: FeatureCollection<Point, Props>
} {
  const lines: Feature<LineString, Props>[] = []
  const rings = new Map<string, Feature<Point, Props>>()
  const pairs = new Set<string>()
  for (const v of violations) {
    if (v.otherAt && v.distance_m !== null && (v.other_type === 'outlet' || v.other_type === 'site')) {
      const ends = [v.at.join(','), v.otherAt.join(',')].sort().join('|')
      if (pairs.has(ends)) continue
      pairs.add(ends)
      lines.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [v.at, v.otherAt] },
        properties: { rule: v.rule, severity: v.severity, label: metres(v.distance_m), key: v.key },
      })
      continue
    }
    const at = v.at.join(',')
    const known = rings.get(at)
    // One ring per outlet: a zone ring wins, then an error over a warning.
    if (known && (known.properties.rule === 'no_fireworks_zone' || v.severity === 'warning')) continue
    rings.set(at, {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: v.at },
      properties: { rule: v.rule, severity: v.severity, key: v.key },
    })
  }
  return { lines: collection(lines), rings: collection([...rings.values()]) }
}

export type ProbeParty = { at: Position; distance: number; breaks: boolean }

/** A probe point (green: allowed, red: refused) and a labelled line to each party that matters. */
export function probeFeatures(point: Position, allowed: boolean, parties: ProbeParty[]): FeatureCollection {
  return collection<GeoJSON.Geometry>([
    ...parties.map((party) => ({
      type: 'Feature' as const,
      geometry: { type: 'LineString' as const, coordinates: [point, party.at] },
      properties: { breaks: party.breaks, label: metres(party.distance) },
    })),
    { type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: { allowed } },
  ])
}

export const pointFeature = (at: Position, properties: Props = {}): FeatureCollection =>
  collection<GeoJSON.Geometry>([{ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties }])

export const emptyFeatures = (): FeatureCollection => collection([])
