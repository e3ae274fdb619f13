import { badRequest } from '../api-error.ts'

/**
 * OGC API – Features Part 2 (CRS by reference): the coordinate reference systems features can be
 * asked in (`crs`) and a bbox given in (`bbox-crs`). Geometries are stored in EPSG:4326 with
 * longitude first (= CRS84); PostGIS transforms (ST_Transform, both engines carry the EPSG rows).
 *
 * Axis order is the CRS definition's, as Part 2 requires: CRS84 and EPSG:3857 are x/east first;
 * EPSG:4326 and EPSG:4490 (CGCS2000) are latitude first; EPSG:4549 (CGCS2000 / 3-degree
 * Gauss-Krüger CM 120E, Sheyang's zone) is defined with northing (X) first, then easting (Y) —
 * so answers in 4549 are [northing, easting], as surveyors write them and as GDAL and QGIS expect
 * from the definition.
 */
export type Crs = {
  uri: string
  /** The spatial_ref_sys row PostGIS transforms to. */
  srid: number
  /** The definition's first axis is north (latitude or northing): coordinates are flipped from x/y. */
  northFirst: boolean
  /** Geographic CRSs are in degrees (the stored 6 decimals, ~0.1 m); projected ones in metres to the millimetre. */
  geographic: boolean
  decimals: number
  /**
   * Where coordinates may lie, as x/y [minX, minY, maxX, maxY], and how to say so: the world in
   * degrees; EPSG:3857's square; for the Gauss-Krüger zone EPSG:4549, eastings within 500 km of the
   * false easting and northings from the equator to 60°N — wider than its area of use, narrow
   * enough that PostGIS's inverse projection stays defined (farther out it errors, which must be
   * a 400, not a 500).
   */
  bounds: [number, number, number, number]
  boundsText: string
}

const world = {
  bounds: [-180, -90, 180, 90] as Crs['bounds'],
  boundsText: 'longitudes must be within [-180, 180] and latitudes within [-90, 90]',
}

export const crs84Uri = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`

export const crs84: Crs = { uri: crs84Uri, srid: 4326, northFirst: false, geographic: true, decimals: 6, ...world }

export const supportedCrs: readonly Crs[] = [
  crs84,
  { uri: epsg(4326), srid: 4326, northFirst: true, geographic: true, decimals: 6, ...world },
  { uri: epsg(4490), srid: 4490, northFirst: true, geographic: true, decimals: 6, ...world },
  {
    uri: epsg(4549),
    srid: 4549,
    northFirst: true,
    geographic: false,
    decimals: 3,
    bounds: [0, 0, 1_000_000, 6_700_000],
    boundsText: 'eastings must be within [0, 1000000] m and northings within [0, 6700000] m',
  },
  {
    uri: epsg(3857),
    srid: 3857,
    northFirst: false,
    geographic: false,
    decimals: 3,
    bounds: [-20037508.35, -20048966.11, 20037508.35, 20048966.11],
    boundsText: 'x and y must be within ±20037508.35 m',
  },
]

/** The names of a CRS's axes in its order, for error messages. */
export const axisNames = (crs: Crs) =>
  crs.geographic
    ? crs.northFirst
      ? ['lat', 'lon']
      : ['lon', 'lat']
    : crs.northFirst
      ? ['northing', 'easting']
      : ['x', 'y']

/** Whether an x/y position lies within the CRS's bounds. */
export const inBounds = (crs: Crs, x: number, y: number) =>
  x >= crs.bounds[0] && x <= crs.bounds[2] && y >= crs.bounds[1] && y <= crs.bounds[3]

export const crsUris = supportedCrs.map((crs) => crs.uri)

export const findCrs = (uri: string) => supportedCrs.find((crs) => crs.uri === uri)

/** The form Part 2 asks for in the Content-Crs header. */
export const contentCrs = (crs: Crs) => `<${crs.uri}>`

/** The four bbox numbers in the order of the bbox CRS's axes, 6-number bboxes reduced to 4. */
export type BboxNumbers = [number, number, number, number]
/** A bbox as x/y (east, north) corners [minX, minY, maxX, maxY] in `crs`. */
export type Bbox = { xy: [number, number, number, number]; crs: Crs }

/** A bbox's corners as x/y in its CRS, checked against the CRS's bounds and for inversion. */
export function bboxInCrs(numbers: BboxNumbers, crs: Crs, value: string, parameter = 'bbox'): Bbox {
  const [a, b, c, d] = numbers
  const xy: Bbox['xy'] = crs.northFirst ? [b, a, d, c] : [a, b, c, d]
  const [minX, minY, maxX, maxY] = xy
  const [first, second] = axisNames(crs).map((name) => name.charAt(0).toUpperCase() + name.slice(1))
  const axes = `min${first},min${second},max${first},max${second}`
  const details = { parameter, value, crs: crs.uri, axis_order: axes }
  if (!inBounds(crs, minX, minY) || !inBounds(crs, maxX, maxY)) {
    const where = crs.geographic ? 'the world' : `what ${crs.uri} covers`
    throw badRequest(`${parameter} is outside ${where}: ${crs.boundsText} (axis order ${axes} in ${crs.uri})`, details)
  }
  // Sheyang never crosses the antimeridian, so minLon > maxLon is a mistake, not a wrap-around.
  if (minX > maxX || minY > maxY) {
    throw badRequest(`${parameter} is inverted: in ${crs.uri} the order is ${axes}, lower corner first`, details)
  }
  return { xy, crs }
}
