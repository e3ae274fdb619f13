import { sql, type SQL } from 'drizzle-orm'
import { visibleRow, type Scope } from '../scope.ts'
import type { Collection, Property } from './collections.ts'
import { crs84, type Bbox, type Crs } from './crs.ts'
import type { ItemsQuery, PropertyFilter } from './params.ts'

// DESIGN §4: features are built as text inside PostgreSQL. ST_AsGeoJSON(record) turns a row of
// (properties…, geom) into a Feature; PostGIS 3.3 has no id_column argument, so the top-level id is
// spliced in front of it: '{"id":…,' || '"type": "Feature", …}'. string_agg joins the page;
// JavaScript only wraps the envelope around the text (~4× faster than json_agg).

/** The Feature text of a `paged` row, its coordinates written with the CRS's decimals. */
const featureText = (crs: Crs) =>
  sql.raw(`'{"id":' || to_json(paged.fid)::text || ',' || substr(ST_AsGeoJSON(feature.*, 'geom', ${crs.decimals}), 2)`)

/**
 * What a request's SQL reads as `req.*`, the one place per-request values enter the collections'
 * expressions (server/ogc/collections.ts): `req.today` for hazards.overdue and
 * `req.ammonia_major_hazard_tonnes`, the setting read for this request, for
 * enterprises.major_hazard_source. Every FROM joins it.
 */
export type RequestValues = { today: string; ammoniaMajorHazardTonnes: number }

/**
 * Parameters are cast from text or passed as JS values of their own type: postgres.js serializes
 * a parameter by the type the server infers for it, so the string 'true' sent as a boolean would
 * arrive as false.
 */
const requestValues = ({ today, ammoniaMajorHazardTonnes }: RequestValues) =>
  sql`WITH req AS (SELECT ${today}::text::date AS today,
    ${ammoniaMajorHazardTonnes}::float8::numeric AS ammonia_major_hazard_tonnes)`

const fromClause = (collection: Collection) => sql.raw(`${collection.from} CROSS JOIN req`)

/**
 * A bbox in CRS84/EPSG:4326 is an envelope over the stored geometries (the GiST index). In another
 * CRS the test is exact in that CRS (the geometry transformed to it), after an index pre-filter on
 * the bbox transformed to 4326: its edges densified first, since a straight edge in one CRS is a
 * curve in another, and widened by 1e-7° (1 cm) so a point on the edge is never lost to rounding.
 */
function bboxCondition(collection: Collection, { xy: [minX, minY, maxX, maxY], crs }: Bbox): SQL {
  const envelope = sql`ST_MakeEnvelope(${minX}::float8, ${minY}::float8, ${maxX}::float8, ${maxY}::float8, ${crs.srid}::int)`
  if (crs.srid === 4326) {
    // && alone is exact for points and uses the GiST index; polygons also need the real test.
    return collection.geometryType === 'Point'
      ? sql`t.geom && ${envelope}`
      : sql`t.geom && ${envelope} AND ST_Intersects(t.geom, ${envelope})`
  }
  const segment = Math.max(maxX - minX, maxY - minY) / 64 || 1
  const prefilter = sql`ST_Expand(ST_Transform(ST_Segmentize(${envelope}, ${segment}::float8), 4326), 1e-7::float8)`
  return sql`t.geom && ${prefilter} AND ST_Intersects(ST_Transform(t.geom, ${crs.srid}::int), ${envelope})`
}

/**
 * The stored geometry in the answer's CRS, its axes in the CRS's order. SRID 0 afterwards: with
 * another SRID ST_AsGeoJSON would add a `crs` member, which RFC 7946 dropped and which, naming
 * "EPSG:…" without an axis order, readers would take as x/y; Content-Crs says it instead.
 */
function geometryIn(crs: Crs): SQL {
  if (crs.srid === 4326 && !crs.northFirst) return sql`t.geom`
  const transformed = crs.srid === 4326 ? sql`t.geom` : sql`ST_Transform(t.geom, ${crs.srid}::int)`
  return sql`ST_SetSRID(${crs.northFirst ? sql`ST_FlipCoordinates(${transformed})` : transformed}, 0)`
}

const exprOf = (property: Property) => (typeof property.expr === 'string' ? sql.raw(property.expr) : property.expr)

function filterCondition({ property, value }: PropertyFilter): SQL {
  const expr = exprOf(property)
  switch (property.filter.kind) {
    case 'boolean':
      return sql`${expr} = ${value === 'true'}::boolean`
    case 'integer':
      return sql`${expr} = ${Number(value)}::int`
    default:
      return sql`${expr} = ${value}::text`
  }
}

function whereClause(collection: Collection, scope: Scope, conditions: SQL[] = []): SQL {
  return sql.join(
    [...(collection.where ? [sql.raw(collection.where)] : []), visibleRow(collection.scopedBy, scope), ...conditions],
    sql` AND `,
  )
}

const keyExpr = (collection: Collection) => sql.raw(collection.key.expr)

/** SELECT list of the page rows: fid, the properties, geom (in the answer's CRS). */
function pageColumns(collection: Collection, crs: Crs): SQL {
  return sql.join(
    [
      sql`${keyExpr(collection)} AS fid`,
      ...collection.properties.map((property) => sql`${exprOf(property)} AS ${sql.identifier(property.name)}`),
      sql`${geometryIn(crs)} AS geom`,
    ],
    sql`, `,
  )
}

/** The record ST_AsGeoJSON turns into a Feature: the properties and geom, without fid. */
function featureColumns(collection: Collection): SQL {
  return sql.join(
    [...collection.properties.map((property) => sql`paged.${sql.identifier(property.name)}`), sql`paged.geom`],
    sql`, `,
  )
}

function featuresOf(collection: Collection, page: SQL): SQL {
  return sql`FROM (${page}) paged CROSS JOIN LATERAL (SELECT ${featureColumns(collection)}) feature`
}

export type ItemsRow = { matched: number; returned: number; features: string | null }

/** One row: numberMatched, numberReturned and the comma-joined Feature texts of the page. */
export function itemsSql(collection: Collection, query: ItemsQuery, scope: Scope, req: RequestValues): SQL {
  const conditions = [
    ...(query.bbox ? [bboxCondition(collection, query.bbox)] : []),
    ...query.where,
    ...query.filters.map(filterCondition),
  ]
  const where = whereClause(collection, scope, conditions)
  const from = fromClause(collection)
  const page = sql`SELECT ${pageColumns(collection, query.crs)} FROM ${from} WHERE ${where}
    ORDER BY ${keyExpr(collection)} LIMIT ${query.limit}::int OFFSET ${query.offset}::int`
  return sql`${requestValues(req)}
    SELECT (SELECT count(*)::int FROM ${from} WHERE ${where}) AS matched,
      count(*)::int AS returned,
      string_agg(${featureText(query.crs)}, ',' ORDER BY paged.fid) AS features
    ${featuresOf(collection, page)}`
}

export type FeatureRow = { feature: string }

/** The Feature text of one id, or no row. */
export function featureSql(
  collection: Collection,
  id: string | number,
  crs: Crs,
  scope: Scope,
  req: RequestValues,
): SQL {
  const idValue = collection.key.type === 'integer' ? sql`${id}::int` : sql`${id}::text`
  const where = whereClause(collection, scope, [sql`${keyExpr(collection)} = ${idValue}`])
  const page = sql`SELECT ${pageColumns(collection, crs)} FROM ${fromClause(collection)} WHERE ${where}`
  return sql`${requestValues(req)} SELECT ${featureText(crs)} AS feature ${featuresOf(collection, page)}`
}

export type ExtentRow = {
  id: string
  min_lon: number | null
  min_lat: number | null
  max_lon: number | null
  max_lat: number | null
}

/**
 * The scoped ST_Extent of each collection, rounded outwards to the 6 decimals features are
 * written with, so the extent contains every coordinate a client receives.
 */
export function extentsSql(list: readonly Collection[], scope: Scope, req: RequestValues): SQL {
  const one = (collection: Collection) => sql`SELECT ${collection.id}::text AS id,
      floor(ST_XMin(x.e) * 1e6::float8) / 1e6::float8 AS min_lon,
      floor(ST_YMin(x.e) * 1e6::float8) / 1e6::float8 AS min_lat,
      ceil(ST_XMax(x.e) * 1e6::float8) / 1e6::float8 AS max_lon,
      ceil(ST_YMax(x.e) * 1e6::float8) / 1e6::float8 AS max_lat
    FROM (SELECT ST_Extent(t.geom) AS e FROM ${fromClause(collection)} WHERE ${whereClause(collection, scope)}) x`
  return sql`${requestValues(req)} ${sql.join(list.map(one), sql` UNION ALL `)}`
}

/**
 * What an export page carries besides the properties: the GeoJSON Feature text (a GeoJSON file),
 * lon/lat (the points of a CSV/XLSX), the geometry as GeoJSON with the shapefile's ring order
 * (outer rings clockwise), or as hex WKB with its envelope (GeoPackage).
 */
export type ExportGeometry = 'feature' | 'lonlat' | 'shape' | 'wkb' | 'none'

export type ExportRow = {
  fid: number | string
  /** The properties as JSON text (dates as yyyy-mm-dd). */
  properties: string
  feature?: string
  lon?: number | null
  lat?: number | null
  geometry?: string | null
  wkb?: string | null
  min_x?: number | null
  min_y?: number | null
  max_x?: number | null
  max_y?: number | null
}

/**
 * Files keep every stored digit (PostGIS writes the shortest text that reads back as the same
 * double): points are stored to 6 decimals, but boundaries drawn or imported carry more, and an
 * export read back by the importer must be the same geometry.
 */
const fileDecimals = 15

function exportGeometryColumns(geometry: ExportGeometry): SQL {
  switch (geometry) {
    case 'feature':
      return sql`, ${featureText({ ...crs84, decimals: fileDecimals })} AS feature`
    case 'lonlat':
      return sql`, ST_X(paged.geom) AS lon, ST_Y(paged.geom) AS lat`
    case 'shape':
      return sql`, ST_AsGeoJSON(ST_ForcePolygonCW(paged.geom), ${sql.raw(String(fileDecimals))}) AS geometry`
    case 'wkb':
      return sql`, encode(ST_AsBinary(paged.geom, 'NDR'), 'hex') AS wkb,
        ST_XMin(paged.geom) AS min_x, ST_YMin(paged.geom) AS min_y, ST_XMax(paged.geom) AS max_x, ST_YMax(paged.geom) AS max_y`
    case 'none':
      return sql``
  }
}

/** The export's filter: the items' own (bbox, property filters, CQL2, datetime), without a page. */
function exportWhere(collection: Collection, query: ItemsQuery, scope: Scope): SQL {
  return whereClause(collection, scope, [
    ...(query.bbox ? [bboxCondition(collection, query.bbox)] : []),
    ...query.where,
    ...query.filters.map(filterCondition),
  ])
}

/** How many features an export of `query` holds. */
export function exportCountSql(collection: Collection, query: ItemsQuery, scope: Scope, req: RequestValues): SQL {
  return sql`${requestValues(req)} SELECT count(*)::int AS matched
    FROM ${fromClause(collection)} WHERE ${exportWhere(collection, query, scope)}`
}

/**
 * One page of an export by key (keyset: the rows after `after`, in key order), so each page is an
 * index range scan however deep the export is, instead of an OFFSET that rereads what came before.
 * Geometries in CRS84, as stored.
 */
export function exportPageSql(
  collection: Collection,
  query: ItemsQuery,
  scope: Scope,
  req: RequestValues,
  page: { after: number | string | undefined; size: number; geometry: ExportGeometry },
): SQL {
  const key = keyExpr(collection)
  const afterValue = collection.key.type === 'integer' ? sql`${page.after}::int` : sql`${page.after}::text`
  const where = sql`${exportWhere(collection, query, scope)}${page.after === undefined ? sql`` : sql` AND ${key} > ${afterValue}`}`
  const rows = sql`SELECT ${pageColumns(collection, crs84)} FROM ${fromClause(collection)} WHERE ${where}
    ORDER BY ${key} LIMIT ${page.size}::int`
  const properties = sql.join(
    collection.properties.map((property) => sql`paged.${sql.identifier(property.name)}`),
    sql`, `,
  )
  return sql`${requestValues(req)}
    SELECT paged.fid, (SELECT row_to_json(p)::text FROM (SELECT ${properties}) p) AS properties
      ${exportGeometryColumns(page.geometry)}
    ${featuresOf(collection, rows)} ORDER BY paged.fid`
}
