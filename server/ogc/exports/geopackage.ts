import initSqlJs, { type SqlJsStatic } from 'sql.js'
import type { ExportColumn, Value } from './columns.ts'

/**
 * An OGC GeoPackage 1.3 (OGC 12-128r18) of one feature table, written with sql.js (SQLite in
 * WebAssembly): application_id 'GPKG', user_version 10300, gpkg_spatial_ref_sys with the three
 * required rows (EPSG:4326 and the undefined ones), gpkg_contents, gpkg_geometry_columns, and
 * the features with GeoPackage binary geometries (header + the WKB of PostGIS ST_AsBinary).
 * Columns keep the property names and codes (as GeoJSON does). No R-tree spatial index: sql.js'
 * build has no rtree module (`no such module: rtree`), and the extension is optional; QGIS and
 * GDAL read the table without it. Built in memory, within the export bound.
 */

let sqlJs: Promise<SqlJsStatic> | undefined

const wgs84Definition =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'

export type GpkgFeature = {
  fid: number | null
  /** Hex WKB (ST_AsBinary, little-endian) and its envelope. */
  wkb: string | null
  envelope: [number, number, number, number] | null
  values: (Value | undefined)[]
}

const sqlType: Record<ExportColumn['type'], string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  list: 'TEXT',
}

/** GeoPackage binary: 'GP', version 0, flags (little-endian, envelope [minx,maxx,miny,maxy] or none), srs_id, WKB. */
function gpkgGeometry(wkbHex: string, envelope: GpkgFeature['envelope'], srsId: number): Uint8Array {
  const wkb = Buffer.from(wkbHex, 'hex')
  // Points carry no envelope (the spec recommends none: it would repeat the point).
  const withEnvelope = envelope !== null && (envelope[0] !== envelope[2] || envelope[1] !== envelope[3])
  const header = new DataView(new ArrayBuffer(8 + (withEnvelope ? 32 : 0)))
  header.setUint8(0, 0x47)
  header.setUint8(1, 0x50)
  header.setUint8(2, 0)
  header.setUint8(3, 0x01 | ((withEnvelope ? 1 : 0) << 1))
  header.setInt32(4, srsId, true)
  if (withEnvelope) {
    const [minX, minY, maxX, maxY] = envelope
    ;[minX, maxX, minY, maxY].forEach((value, i) => header.setFloat64(8 + 8 * i, value, true))
  }
  const out = new Uint8Array(header.byteLength + wkb.length)
  out.set(new Uint8Array(header.buffer), 0)
  out.set(wkb, header.byteLength)
  return out
}

function sqlValue(column: ExportColumn, value: Value | undefined): string | number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (Array.isArray(value)) return value.join(',')
  if (column.type === 'integer' || column.type === 'number') return Number(value)
  return value
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`

export async function geopackage(options: {
  table: string
  title: string
  description: string
  geometryType: 'Point' | 'MultiPolygon'
  columns: ExportColumn[]
  features: GpkgFeature[]
  now: string
}): Promise<Uint8Array> {
  const SQL = await (sqlJs ??= initSqlJs())
  const db = new SQL.Database()
  try {
    const { table, columns, features } = options
    db.run(`PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;`)
    db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
      organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`)
    db.run(`INSERT INTO gpkg_spatial_ref_sys VALUES
      ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
      ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
      ('WGS 84 geodetic', 4326, 'EPSG', 4326, '${wgs84Definition}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`)
    db.run(`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
      identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`)
    db.run(`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
      geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`)
    const geometryType = options.geometryType.toUpperCase()
    const definitions = columns.map((column) => `${quoted(column.name)} ${sqlType[column.type]}`)
    db.run(
      `CREATE TABLE ${quoted(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${geometryType}${definitions.map((d) => `, ${d}`).join('')})`,
    )
    const box = [Infinity, Infinity, -Infinity, -Infinity]
    const insert = db.prepare(
      `INSERT INTO ${quoted(table)} (fid, geom${columns.map((column) => `, ${quoted(column.name)}`).join('')})
       VALUES (?, ?${columns.map(() => ', ?').join('')})`,
    )
    db.run('BEGIN')
    for (const feature of features) {
      if (feature.envelope) {
        box[0] = Math.min(box[0]!, feature.envelope[0])
        box[1] = Math.min(box[1]!, feature.envelope[1])
        box[2] = Math.max(box[2]!, feature.envelope[2])
        box[3] = Math.max(box[3]!, feature.envelope[3])
      }
      insert.run([
        feature.fid,
        feature.wkb === null ? null : gpkgGeometry(feature.wkb, feature.envelope, 4326),
        ...columns.map((column, c) => sqlValue(column, feature.values[c])),
      ])
    }
    db.run('COMMIT')
    insert.free()
    const extent = box.every(Number.isFinite) ? box : [null, null, null, null]
    db.run(
      `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
       VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)`,
      [table, options.title, options.description, options.now, ...(extent as (number | null)[])],
    )
    db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)`, [table, geometryType])
    return db.export()
  } finally {
    db.close()
  }
}
