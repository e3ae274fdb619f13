import { sql, type SQL } from 'drizzle-orm'
import { visibleRow, type Scope } from '../scope.ts'
import { clusterFields, type TileField, type TileLayer } from './layers.ts'
import { buffer, extent, tileBounds, type TileAddress, type TileBounds } from './tile-address.ts'

// One set of rows per tile, the same SQL on both engines: fid (the MVT feature id, when the
// layer has one), the fields, and geom in WGS84. PostgreSQL turns them into the tile with
// ST_AsMVTGeom + ST_AsMVT (mvtSql); PGlite, whose PostGIS has no protobuf, sends them as GeoJSON
// to server/tiles/encode.ts. Clipping, simplification and clustering happen here, so both
// encoders get the same features.

/** Cells per tile side when points are clustered: 32 px cells on a 512 px tile. */
const clusterCells = 16
/** Polygons are clipped this many tile widths outside the tile (the encoders then clip to their 64/4096 buffer). */
const clipMargin = (2 * buffer) / extent

const float = (value: number) => sql`${value}::float8`
const envelope = (b: TileBounds) =>
  sql`ST_MakeEnvelope(${float(b.west)}, ${float(b.south)}, ${float(b.east)}, ${float(b.north)}, 4326)`

function whereClause(layer: TileLayer, scope: Scope, conditions: SQL[]): SQL {
  return sql.join(
    [...(layer.where ? [sql.raw(layer.where)] : []), visibleRow(layer.scopedBy, scope), ...conditions],
    sql` AND `,
  )
}

/**
 * A point belongs to exactly one tile per zoom: west and north edges in, east and south out. So
 * cluster counts add up across tiles and a reader that sums tiles (GDAL) counts each point once;
 * `&&` first, for the GiST index.
 */
function inTile(b: TileBounds): SQL {
  return sql`t.geom && ${envelope(b)} AND ST_X(t.geom) >= ${float(b.west)} AND ST_X(t.geom) < ${float(b.east)}
    AND ST_Y(t.geom) > ${float(b.south)} AND ST_Y(t.geom) <= ${float(b.north)}`
}

const fieldColumns = (fields: TileField[]) => fields.map((field) => sql`${field.expr} AS ${sql.identifier(field.name)}`)

const keyColumn = (layer: TileLayer) => (layer.key ? [sql`${sql.raw(layer.key)} AS fid`] : [])

/** Whether the layer's points are clustered at this zoom. */
export const clusteredAt = (layer: TileLayer, z: number) => layer.cluster !== undefined && z <= layer.cluster.maxZoom

/** Polygons meeting the tile, clipped near it and simplified to about one tile unit at this zoom. */
function polygonRows(layer: TileLayer, tile: TileAddress, scope: Scope, fields: TileField[]): SQL {
  const b = tileBounds(tile)
  const clip = envelope(tileBounds(tile, clipMargin))
  const tolerance = 360 / 2 ** tile.z / extent
  const order = layer.key ? sql.raw(layer.key) : sql.raw('t.code')
  return sql`SELECT * FROM (SELECT ${sql.join([...keyColumn(layer), ...fieldColumns(fields)], sql`, `)},
      ST_SimplifyPreserveTopology(ST_ClipByBox2D(t.geom, ${clip}), ${float(tolerance)}) AS geom
    FROM ${sql.raw(layer.from)}
    WHERE ${whereClause(layer, scope, [sql`t.geom && ${envelope(b)}`, sql`ST_Intersects(t.geom, ${envelope(b)})`])}
    ORDER BY ${order}) r
    WHERE NOT ST_IsEmpty(r.geom)`
}

function pointRows(layer: TileLayer, tile: TileAddress, scope: Scope, fields: TileField[]): SQL {
  return sql`SELECT ${sql.join([...keyColumn(layer), ...fieldColumns(fields)], sql`, `)}, t.geom AS geom
    FROM ${sql.raw(layer.from)} WHERE ${whereClause(layer, scope, [inTile(tileBounds(tile))])}
    ORDER BY ${sql.raw(layer.key!)}`
}

/** supercluster's point_count_abbreviated: 999, 1.2k, 12k. */
const abbreviated = (n: SQL) => sql`(CASE WHEN ${n} >= 10000 THEN round(${n} / 1000.0)::int::text || 'k'
  WHEN ${n} >= 1000 THEN (round(${n} / 100.0) / 10)::float8::text || 'k' ELSE ${n}::text END)`

/**
 * Points binned into clusterCells² cells of the tile. A cell holding one point sends that point
 * as it is (with its id and fields); a cell of several sends one feature at their mean position
 * with `point_count` and the layer's counts, so nothing the map counts is dropped.
 */
function clusterRows(layer: TileLayer, tile: TileAddress, scope: Scope, fields: TileField[]): SQL {
  const b = tileBounds(tile)
  const counts = layer.cluster!.counts
  const counted = fields.filter((field) => counts.some((count) => count.field === field.name))
  const cellX = sql`floor((ST_X(t.geom) - ${float(b.west)}) / ${float((b.east - b.west) / clusterCells)})::int`
  const cellY = sql`floor((${float(b.north)} - ST_Y(t.geom)) / ${float((b.north - b.south) / clusterCells)})::int`
  const key = sql.raw(layer.key!)
  const countColumns = counts.map((count) => {
    const value = sql`pts.${sql.identifier(count.field)}`
    const when = count.equals === undefined ? sql`${value}` : sql`${value} = ${count.equals}::text`
    return sql`count(*) FILTER (WHERE ${when})::int AS ${sql.identifier(count.name)}`
  })
  const clusterNulls = clusterFields(layer).map((field) => sql`NULL AS ${sql.identifier(field.name)}`)
  const fieldNulls = fields.map((field) => sql`NULL AS ${sql.identifier(field.name)}`)
  return sql`WITH pts AS (
      SELECT ${key} AS fid, ${sql.join([...fieldColumns(counted), sql`t.geom`], sql`, `)},
        ${cellX} AS cx, ${cellY} AS cy
      FROM ${sql.raw(layer.from)} WHERE ${whereClause(layer, scope, [inTile(b)])}
    ), cells AS (
      SELECT cx, cy, count(*)::int AS n, ${sql.join(countColumns, sql`, `)}, ST_Centroid(ST_Collect(pts.geom)) AS geom
      FROM pts GROUP BY cx, cy
    )
    SELECT ${key} AS fid, ${sql.join([...fieldColumns(fields), ...clusterNulls], sql`, `)}, t.geom AS geom,
      NULL::int AS cx, NULL::int AS cy
    FROM ${sql.raw(layer.from)}
    WHERE ${key} IN (SELECT pts.fid FROM pts JOIN cells USING (cx, cy) WHERE cells.n = 1)
    UNION ALL
    SELECT NULL, ${sql.join(fieldNulls, sql`, `)}, true, n, ${abbreviated(sql`n`)},
      ${sql.join(
        counts.map((count) => sql`${sql.identifier(count.name)}`),
        sql`, `,
      )}, geom, cx, cy
    FROM cells WHERE n > 1
    ORDER BY fid NULLS LAST, cx, cy`
}

/** The tile's rows: [fid,] the fields (and a cluster's fields), geom in EPSG:4326. */
export function tileRowsSql(layer: TileLayer, tile: TileAddress, scope: Scope, fields: TileField[]): SQL {
  if (layer.geometry === 'polygon') return polygonRows(layer, tile, scope, fields)
  return clusteredAt(layer, tile.z) ? clusterRows(layer, tile, scope, fields) : pointRows(layer, tile, scope, fields)
}

/** The property names of a tile's features, in column order. */
export const propertyNames = (layer: TileLayer, fields: TileField[], z: number) => [
  ...fields.map((field) => field.name),
  ...(clusteredAt(layer, z) ? clusterFields(layer).map((field) => field.name) : []),
]

const rowColumns = (layer: TileLayer, properties: string[]) =>
  [...(layer.key ? ['fid'] : []), ...properties].map((name) => sql`r.${sql.identifier(name)}`)

/** PostGIS with protobuf: the whole tile in one statement (one bytea row). */
export function mvtSql(layer: TileLayer, tile: TileAddress, rows: SQL, properties: string[]): SQL {
  const columns = rowColumns(layer, properties)
  const idColumn = layer.key ? sql`, 'fid'` : sql``
  return sql`SELECT ST_AsMVT(mvt, ${layer.id}::text, ${extent}::int, 'geom'${idColumn}) AS tile FROM (
      SELECT ${sql.join(columns, sql`, `)},
        ST_AsMVTGeom(ST_Transform(r.geom, 3857), ST_TileEnvelope(${tile.z}::int, ${tile.x}::int, ${tile.y}::int),
          ${extent}::int, ${buffer}::int, true) AS geom
      FROM (${rows}) r
    ) mvt WHERE mvt.geom IS NOT NULL`
}

/** The same rows with their geometry as GeoJSON text, for the JavaScript encoder. */
export function geojsonRowsSql(layer: TileLayer, rows: SQL, properties: string[]): SQL {
  const columns = rowColumns(layer, properties)
  return sql`SELECT ${sql.join(columns, sql`, `)}, ST_AsGeoJSON(r.geom, 7) AS geojson FROM (${rows}) r`
}

export type ExtentRow = { west: number | null; south: number | null; east: number | null; north: number | null }

/** The scoped extent of the layer's features, for TileJSON's bounds. */
export function extentSql(layer: TileLayer, scope: Scope): SQL {
  return sql`SELECT ST_XMin(x.e) AS west, ST_YMin(x.e) AS south, ST_XMax(x.e) AS east, ST_YMax(x.e) AS north
    FROM (SELECT ST_Extent(t.geom) AS e FROM ${sql.raw(layer.from)} WHERE ${whereClause(layer, scope, [])}) x`
}
