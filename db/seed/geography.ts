import { area, bbox, booleanPointInPolygon, featureCollection, intersect, point, voronoi } from '@turf/turf'
import type { BBox, Feature, MultiPolygon, Polygon, Position } from 'geojson'
import type { Random } from '../../lib/seeded-random.ts'
import { type Unit, units } from './units.ts'

export type Town = Unit & { geom: MultiPolygon; bbox: BBox; areaKm2: number }

/**
 * A synthetic county outline (DOMAIN §2: no public boundary exists) inside the real extent
 * 119.921,33.453 – 120.618,34.123, coast running NNW–SSE on the east, ≈2,790 km².
 */
const countyRing: Position[] = [
  [120.02, 33.67],
  [119.955, 33.75],
  [119.945, 33.85],
  [119.98, 33.94],
  [120.05, 34.01],
  [120.13, 34.06],
  [120.24, 34.1],
  [120.33, 34.095],
  [120.37, 34.04],
  [120.42, 33.96],
  [120.47, 33.87],
  [120.51, 33.8],
  [120.55, 33.71],
  [120.585, 33.63],
  [120.6, 33.55],
  [120.58, 33.49],
  [120.47, 33.485],
  [120.36, 33.505],
  [120.24, 33.535],
  [120.13, 33.57],
  [120.06, 33.61],
  [120.02, 33.67],
]

export const countyGeom: MultiPolygon = { type: 'MultiPolygon', coordinates: [[countyRing]] }

export function toMulti(geometry: Polygon | MultiPolygon): MultiPolygon {
  return geometry.type === 'MultiPolygon' ? geometry : { type: 'MultiPolygon', coordinates: [geometry.coordinates] }
}

export function clip(cell: Feature<Polygon>, to: MultiPolygon): MultiPolygon | null {
  const part = intersect(
    featureCollection<Polygon | MultiPolygon>([cell, { type: 'Feature', properties: {}, geometry: to }]),
  )
  return part ? toMulti(part.geometry) : null
}

/** Town polygons: the Voronoi cells of the seats, clipped to the county, so they tile it exactly. */
export function buildTowns(): Town[] {
  const cells = voronoi(featureCollection(units.map((u) => point(u.seat))), { bbox: padded(bbox(countyGeom), 0.05) })
  return units.map((unit, i) => {
    const geom = clip(cells.features[i]!, countyGeom)
    if (!geom) throw new Error(`the seat of ${unit.name} lies outside the county`)
    return { ...unit, geom, bbox: bbox(geom), areaKm2: area(geom) / 1e6 }
  })
}

export function padded(b: BBox, by: number): BBox {
  return [b[0] - by, b[1] - by, b[2] + by, b[3] + by]
}

/** Metres → degrees near Sheyang's latitude (≈33.8°), accurate enough for synthetic placement. */
export const metresPerDegreeLat = 110_900
export const metresPerDegreeLon = 92_350

/** A point near `centre` with a gaussian spread of `sigmaM` metres. */
export function scatter(random: Random, centre: Position, sigmaM: number): [number, number] {
  return [
    centre[0]! + (random.normal() * sigmaM) / metresPerDegreeLon,
    centre[1]! + (random.normal() * sigmaM) / metresPerDegreeLat,
  ]
}

/** A point `distanceM` metres from `centre` in a random direction. */
export function offset(random: Random, centre: Position, distanceM: number): [number, number] {
  const angle = random.float(0, 2 * Math.PI)
  return [
    centre[0]! + (Math.cos(angle) * distanceM) / metresPerDegreeLon,
    centre[1]! + (Math.sin(angle) * distanceM) / metresPerDegreeLat,
  ]
}

/** Uniform inside a polygon by rejection from its bounding box. */
export function uniformIn(random: Random, geom: MultiPolygon, box: BBox): [number, number] {
  for (;;) {
    const p: [number, number] = [random.float(box[0], box[2]), random.float(box[1], box[3])]
    if (booleanPointInPolygon(p, geom)) return p
  }
}

/** 6 decimals ≈ 0.1 m: plenty for a map and keeps the JSON small. */
export function round6(p: [number, number]): [number, number] {
  return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6]
}
