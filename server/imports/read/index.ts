import { readCsv } from './csv.ts'
import { readGeoJson } from './geojson.ts'
import { readKml, readKmz } from './kml.ts'
import { readError, unsupportedType } from './problems.ts'
import { hasUtf8Bom } from './text.ts'
import { ImportReadError, type ImportFormat, type ReadInput, type ReadResult, type ReadRow } from './types.ts'
import { readShapefile } from './shapefile.ts'
import { readXlsx } from './xlsx.ts'
import { isZip, listZip, type ZipEntry } from './zip.ts'

/**
 * The importer's one entry to the file readers: tells the format by the file name's extension
 * and by the bytes (a zip's contents, JSON's first character, KML's root), then hands the file to
 * its reader. A file whose name and bytes disagree, or that is none of the formats, is refused
 * with a Chinese message naming it. Every reader's failure is an ImportReadError.
 */
export async function readFile(input: ReadInput): Promise<ReadResult> {
  try {
    const result = await readByFormat(input)
    return { ...result, rows: guarded(input.fileName, result.rows) }
  } catch (error) {
    throw asReadError(input.fileName, error)
  }
}

/**
 * A library's own error (or a reader's slip) as an ImportReadError, so the user never sees a raw
 * message; the original stays as `cause` for the server's log.
 */
function asReadError(fileName: string, error: unknown): ImportReadError {
  if (error instanceof ImportReadError) return error
  return Object.assign(readError('unreadable', fileName, '无法读取，文件可能已损坏或格式不符'), { cause: error })
}

async function* guarded(fileName: string, rows: AsyncIterable<ReadRow>): AsyncGenerator<ReadRow> {
  try {
    yield* rows
  } catch (error) {
    throw asReadError(fileName, error)
  }
}

async function readByFormat(input: ReadInput): Promise<ReadResult> {
  const { fileName, bytes } = input
  const encoding = input.encoding ?? 'auto'
  if (bytes.length === 0) throw readError('empty_file', fileName, '是空文件（0 字节）')
  const format = detectFormat(fileName, bytes)
  switch (format.format) {
    case 'geojson':
      return readGeoJson(fileName, bytes, encoding)
    case 'csv':
      return readCsv(fileName, bytes, encoding)
    case 'xlsx':
      return readXlsx(fileName, bytes)
    case 'kml':
      return readKml(fileName, bytes, encoding)
    case 'shapefile':
      return readShapefile(fileName, bytes, format.entries ?? [], encoding)
    case 'kmz':
      return readKmz(fileName, bytes, format.entries ?? [], encoding)
  }
}

type Sniffed = 'zip' | 'json' | 'xml' | 'text' | 'binary'

/** What the first bytes say: a zip, JSON, XML, plain text or something binary (a PNG, a PDF, an .xls). */
function sniff(bytes: Uint8Array): Sniffed {
  if (isZip(bytes)) return 'zip'
  const head = bytes.subarray(hasUtf8Bom(bytes) ? 3 : 0, 8192)
  if (head.includes(0)) return 'binary'
  const text = new TextDecoder('utf-8').decode(head).trimStart()
  if (text.startsWith('{') || text.startsWith('[')) return 'json'
  if (text.startsWith('<?xml') || (text.startsWith('<') && /<kml[\s>]/i.test(text))) return 'xml'
  return 'text'
}

const extensionOf = (name: string) => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''

export interface DetectedFormat {
  format: ImportFormat | 'kmz'
  /** A zip's entries, listed (not inflated) while telling its format. */
  entries?: ZipEntry[]
}

/** The format of a file, from its extension and its bytes together. */
export function detectFormat(fileName: string, bytes: Uint8Array): DetectedFormat {
  const extension = extensionOf(fileName)
  const kind = sniff(bytes)
  const mismatch = (what: string) =>
    readError('unsupported_type', fileName, `扩展名为 .${extension}，但内容不是 ${what}，文件可能已损坏或扩展名有误`)
  if (kind === 'zip') {
    const entries = listZip(fileName, bytes)
    const has = (test: (name: string) => boolean) => entries.some((entry) => test(entry.name.toLowerCase()))
    if (has((name) => name === 'xl/workbook.xml')) {
      if (extension !== 'xlsx' && extension !== '') throw mismatch('zip 压缩的 Shapefile 或 KMZ')
      return { format: 'xlsx', entries }
    }
    if (extension === 'xlsx') throw mismatch('XLSX 工作簿')
    if (
      extension === 'kmz' ||
      (!has((name) => name.endsWith('.shp') || name.endsWith('.dbf')) && has((name) => name.endsWith('.kml')))
    )
      return { format: 'kmz', entries }
    if (extension === 'zip' || extension === '') return { format: 'shapefile', entries }
    throw unsupportedType(fileName)
  }
  if (extension === 'xlsx') throw mismatch('XLSX 工作簿（XLSX 是 zip 压缩包）')
  if (extension === 'xls') throw unsupportedType(fileName, '（旧版 Excel .xls，请在 Excel 中另存为 .xlsx）')
  if (extension === 'zip' || extension === 'kmz')
    throw readError('zip_corrupt', fileName, '不是 zip 压缩包，或压缩包不完整或已损坏')
  if (kind === 'json' && ['geojson', 'json', ''].includes(extension)) return { format: 'geojson' }
  if (kind === 'xml' && ['kml', 'xml', ''].includes(extension)) return { format: 'kml' }
  if (kind === 'text' && ['csv', 'txt', 'tsv'].includes(extension)) return { format: 'csv' }
  if (['geojson', 'json'].includes(extension)) throw mismatch('JSON 文本')
  if (extension === 'kml') throw mismatch('KML（XML）文本')
  if (['csv', 'txt', 'tsv'].includes(extension)) throw mismatch('CSV 文本')
  throw unsupportedType(fileName)
}
