import { sql, type SQL } from 'drizzle-orm'

/**
 * Ground distances for the siting rules. Every rule measures on the WGS84 spheroid (`::geography`,
 * whose ST_Distance is spheroidal by default: GeographicLib's inverse problem, as the browser's
 * check computes it), never in degrees. The degree test only narrows the candidates first, so the
 * GiST indexes on the geometry columns do the searching.
 */

/** The spheroidal distance in metres between two geometries in EPSG:4326. */
export const groundDistance = (a: SQL, b: SQL): SQL => sql`ST_Distance(${a}::geography, ${b}::geography)`

/**
 * A radius in degrees that surely holds every point within `metres` of `around`: a degree of
 * latitude is at least 110,574 m and a degree of longitude at least 111,319 m × cos(latitude), so
 * dividing by the smaller of the two (taken a degree nearer the pole) and adding 1 % overshoots.
 */
export const degreesCovering = (metres: SQL | number, around: SQL): SQL =>
  sql`(${metres}::float8 * 1.01 / (110574.0 * cos(radians(least(abs(ST_Y(${around})) + 1.0, 89.0)))))`

/** An index-friendly prefilter: `candidate` may lie within `metres` of `around` (a point). */
export const mayLieWithin = (candidate: SQL, around: SQL, metres: SQL | number): SQL =>
  sql`ST_DWithin(${candidate}, ${around}, ${degreesCovering(metres, around)})`
