import geographiclib from 'geographiclib-geodesic'

/**
 * Ground distances measured as PostGIS geography measures them, so the browser's candidate check
 * agrees with the server's (test/server/fireworks/agreement.test.ts). Positions are [lng, lat].
 *
 * Point to point: PostGIS solves the inverse geodesic problem on WGS84 with GeographicLib, as here.
 * Point to a line: PostGIS takes the edges as great-circle arcs on the unit sphere, finds the
 * nearest point of the nearest edge there (liblwgeom edge_distance_to_point), then measures the
 * spheroidal distance to that point. The functions below follow those steps.
 */
const wgs84 = geographiclib.Geodesic.WGS84

type Position = readonly number[]
type Vector = { x: number; y: number; z: number }
/** Radians, as liblwgeom's GEOGRAPHIC_POINT. */
type Geographic = { lon: number; lat: number }

const radians = (degrees: number) => (Math.PI * degrees) / 180
const degrees = (radians: number) => (180 * radians) / Math.PI

/** Metres between two positions on the WGS84 spheroid. */
export function groundDistance(a: Position, b: Position): number {
  return wgs84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!, geographiclib.Geodesic.DISTANCE).s12!
}

/** The position `metres` away from `from` heading `azimuth` degrees (clockwise from north). */
export function groundOffset(from: Position, azimuth: number, metres: number): [number, number] {
  const { lat2, lon2 } = wgs84.Direct(from[1]!, from[0]!, azimuth, metres)
  return [lon2!, lat2!]
}

/** The azimuth (degrees) at `a` of the geodesic from `a` to `b`. */
export function groundAzimuth(a: Position, b: Position): number {
  return wgs84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!, geographiclib.Geodesic.AZIMUTH).azi1!
}

const geographic = (p: Position): Geographic => ({ lon: radians(p[0]!), lat: radians(p[1]!) })
const cartesian = (g: Geographic): Vector => ({
  x: Math.cos(g.lat) * Math.cos(g.lon),
  y: Math.cos(g.lat) * Math.sin(g.lon),
  z: Math.sin(g.lat),
})
const dot = (a: Vector, b: Vector) => a.x * b.x + a.y * b.y + a.z * b.z
function normalize(v: Vector): Vector {
  const length = Math.sqrt(dot(v, v))
  return length === 0 ? { x: 0, y: 0, z: 0 } : { x: v.x / length, y: v.y / length, z: v.z / length }
}

/** liblwgeom robust_cross_product: the normal of the plane through p and q, stable for short edges. */
function robustCross(p: Geographic, q: Geographic): Vector {
  const lonQpp = (q.lon + p.lon) / -2
  const lonQmp = (q.lon - p.lon) / 2
  const sinMinus = Math.sin(p.lat - q.lat)
  const sinPlus = Math.sin(p.lat + q.lat)
  return {
    x: sinMinus * Math.sin(lonQpp) * Math.cos(lonQmp) - sinPlus * Math.cos(lonQpp) * Math.sin(lonQmp),
    y: sinMinus * Math.cos(lonQpp) * Math.cos(lonQmp) + sinPlus * Math.sin(lonQpp) * Math.sin(lonQmp),
    z: Math.cos(p.lat) * Math.cos(q.lat) * Math.sin(q.lon - p.lon),
  }
}

/** liblwgeom sphere_distance: the great-circle angle between two points. */
function sphereAngle(s: Geographic, e: Geographic): number {
  const dLon = e.lon - s.lon
  const a1 = (Math.cos(e.lat) * Math.sin(dLon)) ** 2
  const a2 = (Math.cos(s.lat) * Math.sin(e.lat) - Math.sin(s.lat) * Math.cos(e.lat) * Math.cos(dLon)) ** 2
  const b = Math.sin(s.lat) * Math.sin(e.lat) + Math.cos(s.lat) * Math.cos(e.lat) * Math.cos(dLon)
  return Math.atan2(Math.sqrt(a1 + a2), b)
}

/** liblwgeom edge_point_in_cone: p lies between the edge's ends (it is on the edge's plane already). */
function inCone(start: Geographic, end: Geographic, p: Geographic): boolean {
  const vs = cartesian(start)
  const ve = cartesian(end)
  if (vs.x === -ve.x && vs.y === -ve.y && vs.z === -ve.z) return true
  const centre = normalize({ x: vs.x + ve.x, y: vs.y + ve.y, z: vs.z + ve.z })
  const startDot = dot(vs, centre)
  const pointDot = dot(cartesian(p), centre)
  return pointDot > startDot || Math.abs(pointDot - startDot) < 2e-16
}

const samePoint = (a: Geographic, b: Geographic) => Math.abs(a.lat - b.lat) < 1e-12 && Math.abs(a.lon - b.lon) < 1e-12

/** liblwgeom edge_distance_to_point: the angle to the edge and its nearest point, on the sphere. */
function edgeNearest(start: Geographic, end: Geographic, g: Geographic): { angle: number; nearest: Geographic } {
  if (samePoint(start, end)) return { angle: sphereAngle(start, g), nearest: start }
  const n = normalize(robustCross(start, end))
  const p = cartesian(g)
  const along = dot(p, n)
  const k = normalize({ x: p.x - n.x * along, y: p.y - n.y * along, z: p.z - n.z * along })
  const foot = { lon: Math.atan2(k.y, k.x), lat: Math.asin(k.z) }
  let best = { angle: Number.MAX_VALUE, nearest: foot }
  if (inCone(start, end, foot)) best = { angle: sphereAngle(g, foot), nearest: foot }
  const toStart = sphereAngle(g, start)
  if (toStart < best.angle) best = { angle: toStart, nearest: start }
  const toEnd = sphereAngle(g, end)
  if (toEnd < best.angle) best = { angle: toEnd, nearest: end }
  return best
}

/**
 * Metres from a point to a line string, as ST_Distance(point::geography, line::geography): the
 * nearest point on the sphere, then the spheroidal distance to it.
 */
export function groundDistanceToLine(point: Position, line: readonly Position[]): number {
  const g = geographic(point)
  let best: { angle: number; nearest: Geographic } | undefined
  for (let i = 1; i < line.length; i++) {
    const candidate = edgeNearest(geographic(line[i - 1]!), geographic(line[i]!), g)
    if (!best || candidate.angle < best.angle) best = candidate
  }
  if (!best) return line.length === 1 ? groundDistance(point, line[0]!) : Number.POSITIVE_INFINITY
  return groundDistance(point, [degrees(best.nearest.lon), degrees(best.nearest.lat)])
}
