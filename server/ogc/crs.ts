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
}

export const crs84Uri = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`

export const crs84: Crs = { uri: crs84Uri, srid: 4326, northFirst: false, geographic: true, decimals: 6 }

export const supportedCrs: readonly Crs[] = [
  crs84,
  { uri: epsg(4326), srid: 4326, northFirst: true, geographic: true, decimals: 6 },
  { uri: epsg(4490), srid: 4490, northFirst: true, geographic: true, decimals: 6 },
  { uri: epsg(4549), srid: 4549, northFirst: true, geographic: false, decimals: 3 },
  { uri: epsg(3857), srid: 3857, northFirst: false, geographic: false, decimals: 3 },
]

export const crsUris = supportedCrs.map((crs) => crs.uri)

export const findCrs = (uri: string) => supportedCrs.find((crs) => crs.uri === uri)

/** The form Part 2 asks for in the Content-Crs header. */
export const contentCrs = (crs: Crs) => `<${crs.uri}>`
