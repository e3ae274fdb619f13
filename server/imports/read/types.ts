import type { Geometry } from 'geojson'

/**
 * What every file reader of the importer gives the checker (server/imports): the file's columns and
 * its rows, streamed, with values as read and the geometry as read (in the file's coordinate system,
 * not yet converted). Tables (CSV, XLSX) have no geometry: their longitude/latitude are columns.
 */
export type ImportFormat = 'geojson' | 'shapefile' | 'csv' | 'xlsx' | 'kml'

export type CellValue = string | number | boolean | null

export interface ReadRow {
  /** 1-based row of data (a spreadsheet user's row minus the header; a feature's index + 1). */
  rowNo: number
  values: Record<string, CellValue>
  geometry: Geometry | null
}

export interface ReadResult {
  format: ImportFormat
  /** The text encoding used ('utf-8' or 'gbk'), or null where the format fixes it (XLSX). */
  encoding: string | null
  /** Attribute names in the file's order. */
  columns: string[]
  /** A shapefile's .prj, as text, when the zip has one. */
  prj: string | null
  /**
   * The coordinate system a GeoJSON names in its (pre-RFC 7946) `crs` member, as QGIS writes it
   * for projected data, normalised to 'EPSG:nnnn' ('urn:ogc:def:crs:OGC:1.3:CRS84' → 'EPSG:4326');
   * absent or null when the file names none.
   */
  crsName?: string | null
  rows: AsyncIterable<ReadRow>
}

export interface ReadInput {
  /** The uploaded file's name (messages name it; the format is told by it and by the bytes). */
  fileName: string
  bytes: Uint8Array
  /** 'auto' (default): UTF-8 unless the bytes are not valid UTF-8 and are valid GBK, or a .cpg says. */
  encoding?: 'auto' | 'utf-8' | 'gbk'
}

/**
 * A file the importer cannot read: `message` is Chinese and names the file and, where there is one,
 * the row and field (e.g. "企业.csv 第 12 行：列数为 7，表头有 9 列"). Never a stack trace.
 */
export class ImportReadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly where: { row?: number; field?: string } = {},
  ) {
    super(message)
  }
}
