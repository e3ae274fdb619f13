import { zipSync } from 'fflate'
import iconv from 'iconv-lite'
import type { Cell } from '../../http/table-files.ts'
import { cellOf, type ExportColumn, type Value } from './columns.ts'

/**
 * A zipped ESRI Shapefile as Chinese desktop GIS (ArcGIS, QGIS, SuperMap) expects it: .shp/.shx
 * (points, or polygons with outer rings clockwise), a .dbf in GBK with language driver 0x4D
 * (GBK, code page 936) and a .cpg saying GBK, and a .prj of WGS84 (geographic, degrees). The
 * `shapefile` package only reads, and no kept writer does GBK, so the four files are written here
 * from the format's specification (ESRI Shapefile Technical Description, 1998; dBase III). Built
 * in memory: the export bound (lib/limits.ts exportLimits) keeps it to tens of MB.
 */

export const wgs84Prj =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]'

type Position = [number, number]
export type ShapeGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }

export type ShapeFeature = { geometry: ShapeGeometry | null; values: (Value | undefined)[] }

const shapeTypes = { Point: 1, Polygon: 5 } as const

type Box = [number, number, number, number]
const emptyBox = (): Box => [Infinity, Infinity, -Infinity, -Infinity]
function extend(box: Box, [x, y]: Position) {
  box[0] = Math.min(box[0], x)
  box[1] = Math.min(box[1], y)
  box[2] = Math.max(box[2], x)
  box[3] = Math.max(box[3], y)
}

/** A record's content (shape type first), little-endian as the format wants. */
function shapeContent(geometry: ShapeGeometry | null, box: Box): Uint8Array {
  if (geometry === null) {
    const view = new DataView(new ArrayBuffer(4))
    view.setInt32(0, 0, true)
    return new Uint8Array(view.buffer)
  }
  if (geometry.type === 'Point') {
    const view = new DataView(new ArrayBuffer(20))
    view.setInt32(0, shapeTypes.Point, true)
    view.setFloat64(4, geometry.coordinates[0], true)
    view.setFloat64(12, geometry.coordinates[1], true)
    extend(box, geometry.coordinates)
    return new Uint8Array(view.buffer)
  }
  // Every ring of every polygon is a part; PostGIS already ordered them (ST_ForcePolygonCW).
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()
  const points = rings.flat()
  const view = new DataView(new ArrayBuffer(44 + 4 * rings.length + 16 * points.length))
  const own = emptyBox()
  for (const point of points) extend(own, point)
  for (const point of points) extend(box, point)
  view.setInt32(0, shapeTypes.Polygon, true)
  own.forEach((value, i) => view.setFloat64(4 + 8 * i, value, true))
  view.setInt32(36, rings.length, true)
  view.setInt32(40, points.length, true)
  let start = 0
  rings.forEach((ring, i) => {
    view.setInt32(44 + 4 * i, start, true)
    start += ring.length
  })
  const at = 44 + 4 * rings.length
  points.forEach(([x, y], i) => {
    view.setFloat64(at + 16 * i, x, true)
    view.setFloat64(at + 16 * i + 8, y, true)
  })
  return new Uint8Array(view.buffer)
}

/** The 100-byte header shared by .shp and .shx. */
function mainHeader(shapeType: number, bytes: number, box: Box): Uint8Array {
  const view = new DataView(new ArrayBuffer(100))
  view.setInt32(0, 9994, false)
  view.setInt32(24, bytes / 2, false)
  view.setInt32(28, 1000, true)
  view.setInt32(32, shapeType, true)
  const finite = box.every(Number.isFinite) ? box : [0, 0, 0, 0]
  finite.forEach((value, i) => view.setFloat64(36 + 8 * i, value, true))
  return new Uint8Array(view.buffer)
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

function shpAndShx(shapeType: number, features: ShapeFeature[]) {
  const box = emptyBox()
  const records: Uint8Array[] = []
  const index: Uint8Array[] = []
  let offset = 100
  features.forEach((feature, i) => {
    const content = shapeContent(feature.geometry, box)
    const head = new DataView(new ArrayBuffer(8))
    head.setInt32(0, i + 1, false)
    head.setInt32(4, content.length / 2, false)
    records.push(new Uint8Array(head.buffer), content)
    const entry = new DataView(new ArrayBuffer(8))
    entry.setInt32(0, offset / 2, false)
    entry.setInt32(4, content.length / 2, false)
    index.push(new Uint8Array(entry.buffer))
    offset += 8 + content.length
  })
  const shp = concat([mainHeader(shapeType, offset, box), ...records])
  const shx = concat([mainHeader(shapeType, 100 + 8 * features.length, box), ...index])
  return { shp, shx }
}

const gbk = (text: string) => iconv.encode(text, 'gbk')

/** At most `bytes` of GBK, never splitting a character. */
function gbkPrefix(text: string, bytes: number): Buffer {
  let encoded = gbk(text)
  let chars = text.length
  while (encoded.length > bytes) encoded = gbk(text.slice(0, --chars))
  return encoded
}

type FieldType = 'C' | 'N' | 'D'

const maxCharacterBytes = 254

/** A field's dBase type and size; numbers and dates have fixed widths, text the widest value's. */
function fieldOf(column: ExportColumn): { type: FieldType; length: number; decimals: number } {
  if (column.type === 'integer') return { type: 'N', length: 11, decimals: 0 }
  if (column.type === 'number') return { type: 'N', length: 19, decimals: 6 }
  if (column.type === 'date') return { type: 'D', length: 8, decimals: 0 }
  return { type: 'C', length: 0, decimals: 0 }
}

/** A cell's bytes before padding: GBK text (cut at 254 bytes), a right-aligned number, yyyymmdd. */
function cellBytes(field: { type: FieldType; length: number; decimals: number }, cell: Cell): Buffer | null {
  if (cell === null) return null
  if (field.type === 'D') return Buffer.from(String(cell).replaceAll('-', '').slice(0, 8), 'latin1')
  if (field.type === 'N') {
    const text = Number(cell).toFixed(field.decimals)
    return Buffer.from(text.length > field.length ? '*'.repeat(field.length) : text.padStart(field.length), 'latin1')
  }
  return gbkPrefix(String(cell), maxCharacterBytes)
}

/** dBase III table in GBK: field names (≤ 10 bytes) and text values, each cell encoded once. */
function dbf(columns: ExportColumn[], features: ShapeFeature[], today: string): Uint8Array {
  const fields = columns.map(fieldOf)
  const cells = features.map((feature) =>
    columns.map((column, c) => cellBytes(fields[c]!, cellOf(column, feature.values[c]))),
  )
  fields.forEach((field, c) => {
    if (field.type === 'C') field.length = Math.max(1, ...cells.map((row) => row[c]?.length ?? 0))
  })
  const headerLength = 32 + 32 * fields.length + 1
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0)
  const out = Buffer.alloc(headerLength + recordLength * features.length + 1, 0x20)
  out.fill(0, 0, headerLength)
  out[0] = 0x03
  out[1] = Number(today.slice(0, 4)) - 1900
  out[2] = Number(today.slice(5, 7))
  out[3] = Number(today.slice(8, 10))
  out.writeUInt32LE(features.length, 4)
  out.writeUInt16LE(headerLength, 8)
  out.writeUInt16LE(recordLength, 10)
  // Language driver 0x4D: GBK (code page 936), for readers that ignore the .cpg.
  out[29] = 0x4d
  fields.forEach((field, i) => {
    const at = 32 + 32 * i
    const name = gbk(columns[i]!.shpField)
    if (name.length > 10) throw new Error(`dbf field name ${columns[i]!.shpField} is over 10 bytes in GBK`)
    name.copy(out, at)
    out[at + 11] = field.type.charCodeAt(0)
    out[at + 16] = field.length
    out[at + 17] = field.decimals
  })
  out[headerLength - 1] = 0x0d
  // Records: a blank deletion flag, then each field left-aligned in its width (blanks are the fill).
  cells.forEach((row, r) => {
    let at = headerLength + r * recordLength + 1
    row.forEach((bytes, c) => {
      bytes?.copy(out, at)
      at += fields[c]!.length
    })
  })
  out[out.length - 1] = 0x1a
  return out
}

/** The zip of `<base>.shp/.shx/.dbf/.prj/.cpg`; ASCII names inside, so every unzip reads them. */
export function zippedShapefile(
  base: string,
  geometryType: 'Point' | 'MultiPolygon',
  columns: ExportColumn[],
  features: ShapeFeature[],
  today: string,
): Uint8Array {
  const { shp, shx } = shpAndShx(geometryType === 'Point' ? shapeTypes.Point : shapeTypes.Polygon, features)
  return zipSync({
    [`${base}.shp`]: shp,
    [`${base}.shx`]: shx,
    [`${base}.dbf`]: dbf(columns, features, today),
    [`${base}.prj`]: new TextEncoder().encode(wgs84Prj),
    [`${base}.cpg`]: new TextEncoder().encode('GBK'),
  })
}
