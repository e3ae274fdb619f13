import { sql } from 'drizzle-orm'
import type { MultiPolygon } from 'geojson'
import { z } from 'zod'
import { geometryToWgs84, normaliseCrs, toWgs84Converter, UnknownCrsError } from '../../lib/crs.ts'
import { registerLimits } from '../../lib/limits.ts'
import { ApiError } from '../api-error.ts'
import type { Principal } from '../auth/principal.ts'
import type { Scope } from '../scope.ts'
import { text } from '../http/values.ts'
import { txRows, type Tx } from '../writes/tx.ts'

/**
 * Positions and boundaries as the editing API takes them (issue 12): a point as
 * `location: { lon, lat, crs? }`, a boundary as `geometry` (GeoJSON Polygon or MultiPolygon) with an
 * optional `crs`; both converted to WGS84 by lib/crs.ts, the system they came in kept as `source_crs`.
 */

const coordinate = z.number().finite()
const crsName = text(registerLimits.crs)

/** A point in any system of lib/crs.ts (default WGS84); x/y for a projected one. */
export const locationSchema = z.strictObject({ lon: coordinate, lat: coordinate, crs: crsName.optional() })

const position = z.array(coordinate).min(2).max(3)
const ring = z.array(position).max(registerLimits.vertices)
/** A GeoJSON Polygon or MultiPolygon; rings are checked (closed, ≥ 4 positions, valid) by `boundaryOf`. */
export const geometrySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(registerLimits.rings) }),
  z.strictObject({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(ring).min(1).max(registerLimits.rings)).min(1).max(registerLimits.rings),
  }),
])
export type GeometryInput = z.output<typeof geometrySchema>

export const invalidGeometry = (message: string, details?: Record<string, unknown>) =>
  new ApiError(422, message, details, 'invalid_geometry')

function converted<T>(crs: string | undefined, convert: (code: string) => T): { value: T; sourceCrs: string | null } {
  const code = crs === undefined ? undefined : normaliseCrsOr422(crs)
  return { value: convert(code ?? 'EPSG:4326'), sourceCrs: code ?? null }
}

function normaliseCrsOr422(crs: string): string {
  try {
    const code = normaliseCrs(crs)
    toWgs84Converter(code)
    return code
  } catch (error) {
    // normaliseCrs and the converters throw UnknownCrsError for a code lib/crs.ts does not know.
    if (error instanceof UnknownCrsError)
      throw new ApiError(422, `Unknown coordinate system ${crs}`, { crs }, 'unknown_crs')
    throw error
  }
}

/** A location in WGS84 and the system it came in (null: WGS84 by default, typed or picked here). */
export function pointOf(location: z.output<typeof locationSchema>) {
  const { value, sourceCrs } = converted(location.crs, (code) => toWgs84Converter(code)([location.lon, location.lat]))
  const [lon, lat] = value
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new ApiError(
      422,
      `The location (${location.lon}, ${location.lat}) is not a place in ${location.crs ?? 'EPSG:4326'}`,
      { lon: location.lon, lat: location.lat, crs: location.crs ?? 'EPSG:4326' },
      'invalid_location',
    )
  }
  return { geom: { type: 'Point' as const, coordinates: [lon, lat] }, sourceCrs }
}

/**
 * A boundary as a WGS84 MultiPolygon: every ring closed with at least 4 positions, and valid by
 * PostGIS (ST_IsValid: no self-intersection, holes inside their shell); else 422 `invalid_geometry`
 * with the reason.
 */
export async function boundaryOf(tx: Tx, geometry: GeometryInput, crs: string | undefined) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let vertices = 0
  polygons.forEach((polygon, p) =>
    polygon.forEach((points, r) => {
      vertices += points.length
      const where = { polygon: p, ring: r }
      if (points.length < 4) throw invalidGeometry(`Ring ${r} of polygon ${p} has fewer than 4 positions`, where)
      const [first, last] = [points[0]!, points.at(-1)!]
      if (first[0] !== last[0] || first[1] !== last[1])
        throw invalidGeometry(`Ring ${r} of polygon ${p} is not closed (its last position is not its first)`, where)
    }),
  )
  if (vertices > registerLimits.vertices)
    throw invalidGeometry(`More than ${registerLimits.vertices} positions`, { limit: registerLimits.vertices })
  const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: polygons }
  const { value, sourceCrs } = converted(crs, (code) => geometryToWgs84(multi, code))
  const [check] = await txRows<{ valid: boolean; reason: string }>(
    tx,
    sql`SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason
        FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326) AS g) s`,
  )
  if (!check!.valid) throw invalidGeometry(`The boundary is not valid: ${check!.reason}`, { reason: check!.reason })
  return { geom: value, sourceCrs }
}

/** 403 `outside_scope`: the row would land (or lies) outside the caller's town. */
export const outsideScope = (what: string, details?: Record<string, unknown>) =>
  new ApiError(403, `${what} lies outside your area`, details, 'outside_scope')

/**
 * After the spatial-join trigger placed a row: whether its town and grid are in `scope`. Called
 * inside the write's transaction, so a refusal (outside_scope) rolls the write back.
 */
export function inScope(scope: Scope, place: { townCode: string | null; gridCode?: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true
    case 'town':
      return place.townCode === scope.townCode
    case 'grids':
      return place.gridCode != null && scope.gridCodes.includes(place.gridCode)
  }
}

/** County-wide editors (admin, county) change boundaries and county-wide rows; a town user does not. */
export const countyWide = (principal: Principal) => principal.role === 'admin' || principal.role === 'county'
