import gcoord from 'gcoord'

/**
 * Typed-in coordinates to the WGS84 the server stores (DESIGN principle 2: converted in one place).
 * Planners copy points from AMap (GCJ-02) and Baidu (BD-09) as often as from a GPS (WGS84).
 */
export const coordinateSystems = ['wgs84', 'gcj02', 'bd09'] as const
export type CoordinateSystem = (typeof coordinateSystems)[number]

const crs = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

/**
 * "120.27, 33.78" (comma, Chinese comma, spaces or a slash between; longitude first, as AMap and
 * Baidu copy them) → [lng, lat]; a pair given latitude first is recognised in China's range and
 * swapped. Null when it is not two numbers inside China's extent.
 */
export function parseLngLat(text: string): [number, number] | null {
  const parts = text
    .trim()
    .split(/[\s,，;；/]+/)
    .filter(Boolean)
  if (parts.length !== 2) return null
  const [a, b] = parts.map(Number) as [number, number]
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null
  const inChina = (lng: number, lat: number) => lng >= 73 && lng <= 136 && lat >= 3 && lat <= 54
  if (inChina(a, b)) return [a, b]
  if (inChina(b, a)) return [b, a]
  return null
}

/** A position in `system` as WGS84 [lng, lat]. */
export function toWgs84(position: [number, number], system: CoordinateSystem): [number, number] {
  if (system === 'wgs84') return position
  const [lng, lat] = gcoord.transform(position, crs[system], gcoord.WGS84)
  return [lng!, lat!]
}
