import { sql } from 'drizzle-orm'
import { customType } from 'drizzle-orm/pg-core'
import type { Geometry } from 'geojson'

type GeometryKind = 'Point' | 'MultiPolygon' | 'Geometry'

/**
 * A PostGIS geometry column in EPSG:4326. Drizzle's built-in `geometry()` only knows points, so
 * polygons need this. Values go in as GeoJSON; reads that need geometry ask PostGIS for
 * ST_AsGeoJSON instead of decoding EWKB here (see server/ogc/feature-sql.ts).
 */
export const geometry = (name: string, kind: GeometryKind) =>
  customType<{ data: Geometry; driverData: string }>({
    dataType: () => `geometry(${kind},4326)`,
    toDriver: (value) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326)`,
  })(name)
