import { checkColumns, checkGeometry, checkRowCount, cellValue, nextTurn, rowsPerTurn } from './bounds.ts'
import { readError } from './problems.ts'
import { decodeText } from './text.ts'
import type { ReadResult, ReadRow } from './types.ts'

export interface FeatureLike {
  properties: Record<string, unknown>
  geometry: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The features of a GeoJSON text: a FeatureCollection, a bare array of features, one Feature, or
 * a bare geometry (one row without attributes). Anything else is refused naming the file and,
 * for a bad feature, its row.
 */
function features(fileName: string, json: unknown): FeatureLike[] {
  const notGeoJson = () =>
    readError('invalid_geojson', fileName, '不是有效的 GeoJSON（应为 FeatureCollection、要素数组或单个要素）')
  const feature = (value: unknown, index: number): FeatureLike => {
    if (!isObject(value) || value.type !== 'Feature')
      throw readError('invalid_geojson', fileName, '不是 GeoJSON 要素（Feature）', { row: index + 1 })
    if (value.properties !== undefined && value.properties !== null && !isObject(value.properties))
      throw readError('invalid_geojson', fileName, '要素的 properties 不是对象', { row: index + 1 })
    return { properties: (value.properties as Record<string, unknown> | null) ?? {}, geometry: value.geometry ?? null }
  }
  if (Array.isArray(json)) return json.map(feature)
  if (!isObject(json)) throw notGeoJson()
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) throw notGeoJson()
    return json.features.map(feature)
  }
  if (json.type === 'Feature') return [feature(json, 0)]
  if (typeof json.type === 'string' && 'coordinates' in json) return [{ properties: {}, geometry: json }]
  if (json.type === 'GeometryCollection') return [{ properties: {}, geometry: json }]
  throw notGeoJson()
}

export function readGeoJson(fileName: string, bytes: Uint8Array, encoding: 'auto' | 'utf-8' | 'gbk'): ReadResult {
  const decoded = decodeText(fileName, bytes, encoding)
  let json: unknown
  try {
    json = JSON.parse(decoded.text)
  } catch {
    throw readError('invalid_json', fileName, '不是有效的 JSON 文本（文件可能不完整或已损坏）')
  }
  const result = featureRows(fileName, features(fileName, json), { format: 'geojson', encoding: decoded.encoding })
  return { ...result, crsName: namedCrs(json) }
}

/** The legacy `crs` member's name as 'EPSG:nnnn' (CRS84 is WGS84 in lon/lat order), or null. */
export function namedCrs(json: unknown): string | null {
  if (!isObject(json) || !isObject(json.crs) || !isObject(json.crs.properties)) return null
  const name = json.crs.properties.name
  if (typeof name !== 'string') return null
  if (/CRS:?84$/i.test(name)) return 'EPSG:4326'
  const code = /EPSG:+(?:[\d.]*:)?(\d{4,5})$/i.exec(name.trim())
  return code ? `EPSG:${code[1]}` : null
}

/**
 * Parsed features as a reader's result: columns are the union of the properties' keys in
 * first-seen order (a feature without a key has null there), rows yielded a turn at a time.
 */
export function featureRows(
  fileName: string,
  list: readonly FeatureLike[],
  { format, encoding }: Pick<ReadResult, 'format' | 'encoding'>,
): ReadResult {
  if (list.length === 0) throw readError('no_rows', fileName, '没有要素（没有数据行）')
  checkRowCount(fileName, list.length)
  const seen = new Set<string>()
  for (const { properties } of list) for (const key of Object.keys(properties)) seen.add(key)
  const columns = [...seen]
  checkColumns(fileName, columns)
  async function* rows(): AsyncGenerator<ReadRow> {
    for (const [index, { properties, geometry }] of list.entries()) {
      const rowNo = index + 1
      const values: ReadRow['values'] = {}
      for (const column of columns) values[column] = cellValue(fileName, rowNo, column, properties[column])
      yield { rowNo, values, geometry: geometry === null ? null : checkGeometry(fileName, rowNo, geometry) }
      if (rowNo % rowsPerTurn === 0) await nextTurn()
    }
  }
  return { format, encoding, columns, prj: null, rows: rows() }
}
