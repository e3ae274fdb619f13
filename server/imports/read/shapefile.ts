import * as shapefile from 'shapefile'
import { cellValue, checkColumns, checkGeometry, checkRowCount, nextTurn, rowsPerTurn } from './bounds.ts'
import { readError } from './problems.ts'
import { isUtf8, type TextEncoding } from './text.ts'
import { ImportReadError, type ReadResult, type ReadRow } from './types.ts'
import { extractZip, type ZipEntry } from './zip.ts'

/** One shapefile's parts in a zip, by extension (lower case). */
type Parts = Partial<Record<'shp' | 'dbf' | 'shx' | 'prj' | 'cpg', ZipEntry>>

/**
 * The zip's shapefiles, by path without extension (any folder depth, any case of extension).
 * macOS' "__MACOSX/" and "._" copies are not shapefiles.
 */
function shapefilesIn(entries: readonly ZipEntry[]): Map<string, Parts> {
  const sets = new Map<string, Parts>()
  for (const entry of entries) {
    const match = /^(.*)\.(shp|dbf|shx|prj|cpg)$/i.exec(entry.name)
    if (!match || /(^|\/)__MACOSX\//.test(entry.name) || /(^|\/)\._/.test(entry.name)) continue
    const base = match[1]!
    const key = base.toLowerCase()
    const parts = sets.get(key) ?? {}
    parts[match[2]!.toLowerCase() as keyof Parts] = entry
    sets.set(key, parts)
  }
  return sets
}

/**
 * The shapefile the user means: the zip's only .shp; of several, the only one that has a .dbf;
 * more than one candidate is refused, listing them, since one import is one layer.
 */
function chosenShapefile(fileName: string, entries: readonly ZipEntry[]): Parts & { shp: ZipEntry } {
  const withShp = [...shapefilesIn(entries).values()].filter((parts): parts is Parts & { shp: ZipEntry } => !!parts.shp)
  if (withShp.length === 0)
    throw readError(
      'shapefile_missing_shp',
      fileName,
      '压缩包中没有 .shp 文件，请上传包含 .shp、.dbf（及 .prj）的 zip 压缩包',
    )
  const candidates = withShp.length === 1 ? withShp : withShp.filter((parts) => parts.dbf)
  if (candidates.length === 1) return candidates[0]!
  const names = (candidates.length ? candidates : withShp).map((parts) => parts.shp.name).join('、')
  if (candidates.length === 0)
    throw readError('shapefile_missing_dbf', fileName, `压缩包中的 Shapefile（${names}）都缺少 .dbf 属性文件`)
  throw readError('shapefile_ambiguous', fileName, `压缩包中有多个 Shapefile（${names}），请每个压缩包只放一个图层`)
}

/** A .cpg's code page as an encoding, or undefined for one this reader does not know. */
export function cpgEncoding(text: string): TextEncoding | undefined {
  const code = text
    .trim()
    .toUpperCase()
    .replace(/^ANSI\s*/, '')
  if (['UTF-8', 'UTF8', '65001'].includes(code)) return 'utf-8'
  if (['GBK', '936', 'CP936', 'GB2312', 'GB18030', '54936'].includes(code)) return 'gbk'
  return undefined
}

/** The dbf's text bytes (field names and records), where a wrong encoding shows. */
function dbfText(dbf: Uint8Array): Uint8Array[] {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength)
  const headerLength = dbf.length >= 12 ? view.getUint16(8, true) : dbf.length
  const names: Uint8Array[] = []
  for (let at = 32; at + 11 <= Math.min(headerLength, dbf.length) && dbf[at] !== 0x0d; at += 32) {
    const name = dbf.subarray(at, at + 11)
    const end = name.indexOf(0)
    names.push(end < 0 ? name : name.subarray(0, end))
  }
  return [...names, dbf.subarray(headerLength)]
}

/**
 * The dbf's encoding: the user's choice; under 'auto' the .cpg's; without one, UTF-8 when the
 * text is valid UTF-8 and GBK otherwise (Chinese desktop GIS writes GBK without a .cpg).
 */
function dbfEncoding(
  fileName: string,
  dbf: Uint8Array,
  cpg: string | null,
  chosen: 'auto' | TextEncoding,
): TextEncoding {
  const utf8 = () => dbfText(dbf).every(isUtf8)
  if (chosen === 'gbk') return 'gbk'
  if (chosen === 'utf-8') {
    if (!utf8())
      throw readError(
        'not_utf8',
        fileName,
        '.dbf 属性文件不是有效的 UTF-8 文本（可能是 GBK 编码），请选择 GBK 编码后重试',
      )
    return 'utf-8'
  }
  return (cpg === null ? undefined : cpgEncoding(cpg)) ?? (utf8() ? 'utf-8' : 'gbk')
}

/**
 * The shapefile package's Node build decodes the .dbf with the pure-JS text-encoding polyfill:
 * 100,000 records took 8 s. Node's own TextDecoder (ICU, which knows GBK) decodes the same bytes
 * to the same text five times faster, so it replaces the polyfill's on the open source. Should the
 * package's inside change, the polyfill simply stays (slower, same values).
 */
function withNativeDecoder(source: object, encoding: TextEncoding) {
  const dbf = (source as { _dbf?: { _decode?: unknown } })._dbf
  if (typeof dbf?._decode !== 'function') return
  const decoder = new TextDecoder(encoding)
  dbf._decode = (bytes: Uint8Array) => decoder.decode(bytes)
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * What the shapefile package makes of a blank dbf date ("        " → new Date(0, -1, 0)): no
 * county record is dated 1899-11-30, so that day reads as no date.
 */
const blankDate = new Date(0, -1, 0).getTime()

/** A dbf date (the shapefile package makes it at local midnight) as yyyy-mm-dd; a blank one null. */
const dbfDate = (date: Date) =>
  Number.isNaN(date.getTime()) || date.getTime() === blankDate
    ? null
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`

/**
 * A zipped ESRI Shapefile (the shapefile package over the inflated .shp and .dbf): attributes
 * from the .dbf in its encoding, the geometry as stored (the .prj, given back as text, tells its
 * coordinate system). Rows are read record by record and yielded a turn at a time.
 */
export async function readShapefile(
  fileName: string,
  bytes: Uint8Array,
  entries: readonly ZipEntry[],
  encoding: 'auto' | TextEncoding,
): Promise<ReadResult> {
  const parts = chosenShapefile(fileName, entries)
  if (!parts.dbf) throw readError('shapefile_missing_dbf', fileName, `压缩包中的 ${parts.shp.name} 缺少 .dbf 属性文件`)
  const wanted = [parts.shp, parts.dbf, parts.prj, parts.cpg].filter((entry): entry is ZipEntry => !!entry)
  const files = extractZip(fileName, bytes, wanted)
  const text = (entry: ZipEntry | undefined) =>
    entry ? new TextDecoder('utf-8').decode(files.get(entry.rawName)!).trim() : null
  const shp = files.get(parts.shp.rawName)!
  const dbf = files.get(parts.dbf.rawName)!
  const prj = text(parts.prj) || null
  const used = dbfEncoding(fileName, dbf, text(parts.cpg), encoding)
  const damaged = () => readError('shapefile_corrupt', fileName, `${parts.shp.name} 或其 .dbf 文件不完整或已损坏`)

  if (dbf.length < 32) throw damaged()
  const records = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength).getUint32(4, true)
  if (records === 0) throw readError('no_rows', fileName, `${parts.shp.name} 没有要素（没有数据行）`)
  checkRowCount(fileName, records)

  let source: shapefile.Source<GeoJSON.Feature>
  let first: { done: boolean; value: GeoJSON.Feature }
  try {
    source = await shapefile.open(shp, dbf, { encoding: used })
    withNativeDecoder(source, used)
    first = await source.read()
  } catch {
    throw damaged()
  }
  const columns = first.done ? [] : Object.keys(first.value.properties ?? {})
  checkColumns(fileName, columns)

  async function* rows(): AsyncGenerator<ReadRow> {
    let rowNo = 0
    for (let step = first; !step.done;) {
      rowNo += 1
      checkRowCount(fileName, rowNo)
      const properties = step.value.properties ?? {}
      const values: ReadRow['values'] = {}
      for (const column of columns) {
        const value: unknown = properties[column]
        values[column] = value instanceof Date ? dbfDate(value) : cellValue(fileName, rowNo, column, value)
      }
      const { geometry } = step.value
      yield { rowNo, values, geometry: geometry ? checkGeometry(fileName, rowNo, geometry) : null }
      if (rowNo % rowsPerTurn === 0) await nextTurn()
      try {
        step = await source.read()
      } catch (error) {
        if (error instanceof ImportReadError) throw error
        throw damaged()
      }
    }
  }
  return { format: 'shapefile', encoding: used, columns, prj, rows: rows() }
}
