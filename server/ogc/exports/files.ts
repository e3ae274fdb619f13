import { exportLimits } from '../../../lib/limits.ts'
import { zhCN } from '../../../web/i18n/zh-CN.ts'
import { ApiError } from '../../api-error.ts'
import { csvBom, csvLine, csvType, xlsxStream, xlsxType, type Cell } from '../../http/table-files.ts'
import type { Collection } from '../collections.ts'
import type { ExportGeometry, ExportRow } from '../feature-sql.ts'
import { geojsonType } from '../links.ts'
import type { ItemsQuery } from '../params.ts'
import { exportCount, exportPages, type OgcReader } from '../queries.ts'
import { cellOf, idColumn, propertyColumns, type ExportColumn, type Value } from './columns.ts'
import { geopackage } from './geopackage.ts'
import { zippedShapefile, type ShapeGeometry } from './shapefile.ts'

/**
 * A layer as a file (issue 12, Export): the items' filters, the whole match rather than a page.
 * CSV, XLSX and GeoJSON stream page by page (server/ogc/queries.ts exportPages); the shapefile and
 * the GeoPackage are built in memory (their formats put counts and offsets before the records),
 * within exportLimits.maxFeatures.
 */
export const exportFormats = ['csv', 'xlsx', 'shp', 'gpkg', 'geojson-file'] as const
export type ExportFormat = (typeof exportFormats)[number]

export const isExportFormat = (f: string | null): f is ExportFormat =>
  f !== null && (exportFormats as readonly string[]).includes(f)

/** In-memory files are plain ArrayBuffer-backed bytes (zipSync's and sql.js' results). */
export type ExportFile = { body: ReadableStream | Uint8Array<ArrayBuffer>; type: string; count: number }

const extensions: Record<ExportFormat, string> = {
  csv: 'csv',
  xlsx: 'xlsx',
  shp: 'zip',
  gpkg: 'gpkg',
  'geojson-file': 'geojson',
}

/** The file's name: the layer's Chinese title and the date; ASCII for old clients. */
export const exportFileName = (collection: Collection, format: ExportFormat, today: string) => ({
  name: `${collection.title}-${today}.${extensions[format]}`,
  ascii: `${collection.id}-${today}.${extensions[format]}`,
})

const parsed = (row: ExportRow) => JSON.parse(row.properties) as Record<string, Value>

/** The row's cells under `columns` (id first where the layer has one). */
const valuesOf = (row: ExportRow, columns: ExportColumn[]): (Value | undefined)[] => {
  const properties = parsed(row)
  return columns.map((column) => (column.name === 'id' ? Number(row.fid) : properties[column.name]))
}

/** A stream of text or bytes pulled from an async source: one page per pull, so it waits for the reader. */
function streamOf(chunks: AsyncIterable<string | Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value)
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}

async function* mapPages<T>(pages: AsyncIterable<ExportRow[]>, each: (rows: ExportRow[]) => T): AsyncGenerator<T> {
  for await (const rows of pages) yield each(rows)
}

/** Columns and cells of a table file: id, the properties, and lon/lat for points. */
function tableOf(collection: Collection) {
  const id = idColumn(collection)
  const columns = [...(id ? [id] : []), ...propertyColumns(collection)]
  const points = collection.geometryType === 'Point'
  const headers = [...columns.map((column) => column.header), ...(points ? [zhCN.exports.lon, zhCN.exports.lat] : [])]
  const cells = (row: ExportRow): Cell[] => {
    const values = valuesOf(row, columns)
    const own = columns.map((column, c) => cellOf(column, values[c]))
    return points ? [...own, row.lon ?? null, row.lat ?? null] : own
  }
  return { headers, cells, geometry: (points ? 'lonlat' : 'none') as ExportGeometry }
}

async function all<T>(pages: AsyncIterable<ExportRow[]>, each: (row: ExportRow) => T): Promise<T[]> {
  const out: T[] = []
  for await (const rows of pages) for (const row of rows) out.push(each(row))
  return out
}

/** The file of `query` over `collection` in `format`; 413 export_too_large past the bound. */
export async function exportFile(
  reader: OgcReader,
  collection: Collection,
  query: ItemsQuery,
  format: ExportFormat,
  max: number = exportLimits.maxFeatures,
): Promise<ExportFile> {
  const count = await exportCount(reader, collection, query)
  if (count > max) {
    throw new ApiError(
      413,
      `${count} features match; an export holds at most ${max}: narrow the filters`,
      { total: count, max },
      'export_too_large',
    )
  }
  const pages = (geometry: ExportGeometry) => exportPages(reader, collection, query, geometry)
  switch (format) {
    case 'csv': {
      const table = tableOf(collection)
      async function* lines() {
        yield csvBom + csvLine(table.headers)
        yield* mapPages(pages(table.geometry), (rows) => rows.map((row) => csvLine(table.cells(row))).join(''))
      }
      return { body: streamOf(lines()), type: csvType, count }
    }
    case 'xlsx': {
      const table = tableOf(collection)
      const batches = mapPages(pages(table.geometry), (rows) => rows.map(table.cells))
      return { body: xlsxStream(collection.title, table.headers, batches), type: xlsxType, count }
    }
    case 'geojson-file': {
      async function* text() {
        yield `{"type":"FeatureCollection","name":${JSON.stringify(collection.id)},"features":[`
        let first = true
        for await (const rows of pages('feature')) {
          yield `${first ? '' : ','}${rows.map((row) => row.feature).join(',')}`
          first = false
        }
        yield ']}\n'
      }
      return { body: streamOf(text()), type: geojsonType, count }
    }
    case 'shp': {
      const id = idColumn(collection)
      const columns = [...(id ? [id] : []), ...propertyColumns(collection)]
      const features = await all(pages('shape'), (row) => ({
        geometry: row.geometry ? (JSON.parse(row.geometry) as ShapeGeometry) : null,
        values: valuesOf(row, columns),
      }))
      const body = zippedShapefile(
        collection.id,
        collection.geometryType,
        columns,
        features,
        reader.today,
      ) as Uint8Array<ArrayBuffer>
      return { body, type: 'application/zip', count }
    }
    case 'gpkg': {
      const columns = propertyColumns(collection)
      const integerKey = collection.key.type === 'integer'
      const features = await all(pages('wkb'), (row) => ({
        fid: integerKey ? Number(row.fid) : null,
        wkb: row.wkb ?? null,
        envelope:
          row.min_x == null
            ? null
            : ([row.min_x, row.min_y!, row.max_x!, row.max_y!] as [number, number, number, number]),
        values: valuesOf(row, columns),
      }))
      const body = (await geopackage({
        table: collection.id.replaceAll('-', '_'),
        title: collection.title,
        description: collection.description,
        geometryType: collection.geometryType,
        columns,
        features,
        now: new Date().toISOString(),
      })) as Uint8Array<ArrayBuffer>
      return { body, type: 'application/geopackage+sqlite3', count }
    }
  }
}
