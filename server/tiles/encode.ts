import { geoJSONToTile } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import { sql } from 'drizzle-orm'
import type { Feature, Geometry } from 'geojson'
import type { Database } from '../../db/client.ts'
import { buffer, extent, type TileAddress } from './tile-address.ts'

/** A row of geojsonRowsSql: fid (when the layer has ids), the properties, geojson. */
export type GeojsonRow = Record<string, unknown> & { fid?: number | null; geojson: string }

/** An MVT with no layers: zero bytes (an empty protobuf message), what both encoders send for no features. */
export const emptyTile: Uint8Array<ArrayBuffer> = new Uint8Array(0)

const probe = sql`SELECT ST_AsMVT(q, 'probe') AS tile
  FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_MakePoint(0, 0), ST_MakeEnvelope(-1, -1, 1, 1)) AS geom) q`
const asMvtSupport = new WeakMap<Database, Promise<boolean>>()

/**
 * Whether the database encodes tiles itself: ST_AsMVT needs PostGIS built with protobuf, which
 * Debian's PostGIS is and PGlite's is not. Asked once per database, by trying it.
 */
export function hasAsMvt(db: Database): Promise<boolean> {
  let known = asMvtSupport.get(db)
  if (!known) {
    known = db.rows(probe).then(
      () => true,
      () => false,
    )
    asMvtSupport.set(db, known)
  }
  return known
}

/**
 * The tile from rows in WGS84 (PGlite): geojson-vt projects, clips to the same 64/4096 buffer as
 * ST_AsMVTGeom and rewinds rings as the MVT spec wants; vt-pbf writes the protobuf. The rows are
 * already clipped, simplified and clustered in SQL, so geojson-vt simplifies nothing more
 * (tolerance 0) and drops nothing.
 */
export function encodeTile(
  layerId: string,
  tile: TileAddress,
  rows: GeojsonRow[],
  properties: string[],
): Uint8Array<ArrayBuffer> {
  if (rows.length === 0) return emptyTile
  const features: Feature[] = rows.map((row) => ({
    type: 'Feature',
    ...(row.fid === null || row.fid === undefined ? {} : { id: Number(row.fid) }),
    properties: Object.fromEntries(properties.filter((name) => row[name] !== null).map((name) => [name, row[name]])),
    geometry: JSON.parse(row.geojson) as Geometry,
  }))
  const vectorTile = geoJSONToTile({ type: 'FeatureCollection', features }, tile.z, tile.x, tile.y, {
    extent,
    buffer,
    clip: true,
    tolerance: 0,
    maxZoom: tile.z,
  })
  if (!vectorTile || vectorTile.features.length === 0) return emptyTile
  // pbf writes into an ArrayBuffer of its own.
  return fromGeojsonVt({ [layerId]: vectorTile }, { version: 2, extent }) as Uint8Array<ArrayBuffer>
}
