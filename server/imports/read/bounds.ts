import type { Geometry } from 'geojson'
import { importLimits } from '../../../lib/limits.ts'
import { readError } from './problems.ts'
import type { CellValue } from './types.ts'

/** Rows a reader yields between two turns of the event loop (a 100,000-row file never blocks it long). */
export const rowsPerTurn = 1000

/** Lets other requests run: awaited every `rowsPerTurn` rows by every reader. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export function checkRowCount(fileName: string, rows: number) {
  if (rows > importLimits.maxRows)
    throw readError('too_many_rows', fileName, `超过 ${importLimits.maxRows} 行的上限，请拆分文件后分批导入`)
}

export function checkColumns(fileName: string, columns: readonly string[]) {
  if (columns.length > importLimits.maxColumns)
    throw readError('too_many_columns', fileName, `有 ${columns.length} 列，超过 ${importLimits.maxColumns} 列的上限`)
}

/**
 * A value as the checker takes it: strings, numbers, booleans and null pass; an empty string is
 * null; nested objects and arrays become JSON text. Longer than the cell limit → refused.
 */
export function cellValue(fileName: string, rowNo: number, column: string, value: unknown): CellValue {
  let cell: CellValue
  if (value === undefined || value === null || value === '') cell = null
  else if (typeof value === 'string' || typeof value === 'boolean') cell = value
  else if (typeof value === 'number') cell = Number.isFinite(value) ? value : null
  else cell = JSON.stringify(value)
  if (typeof cell === 'string' && cell.length > importLimits.maxCellLength)
    throw readError(
      'cell_too_long',
      fileName,
      `内容有 ${cell.length} 个字符，超过 ${importLimits.maxCellLength} 个字符的上限`,
      { row: rowNo, field: column },
    )
  return cell
}

const geometryTypes = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
])

/**
 * A geometry as GeoJSON describes it (type and nested coordinate arrays of finite numbers), with
 * no more vertices than the limit; anything else is refused naming the row.
 */
export function checkGeometry(fileName: string, rowNo: number, geometry: unknown): Geometry {
  const invalid = () => readError('invalid_geometry', fileName, '几何不是有效的 GeoJSON 几何对象', { row: rowNo })
  if (typeof geometry !== 'object' || geometry === null) throw invalid()
  const { type } = geometry as { type?: unknown }
  if (typeof type !== 'string' || !geometryTypes.has(type)) throw invalid()
  let vertices = 0
  const walk = (node: unknown, depth: number): void => {
    if (!Array.isArray(node)) throw invalid()
    if (depth === 0) {
      if (node.length < 2 || !node.every((n) => typeof n === 'number' && Number.isFinite(n))) throw invalid()
      vertices += 1
      return
    }
    for (const child of node) walk(child, depth - 1)
  }
  const depths: Record<string, number> = {
    Point: 0,
    MultiPoint: 1,
    LineString: 1,
    MultiLineString: 2,
    Polygon: 2,
    MultiPolygon: 3,
  }
  const visit = (g: { type?: unknown; coordinates?: unknown; geometries?: unknown }) => {
    if (g.type === 'GeometryCollection') {
      if (!Array.isArray(g.geometries)) throw invalid()
      for (const child of g.geometries as unknown[]) {
        if (typeof child !== 'object' || child === null) throw invalid()
        visit(child as typeof g)
      }
      return
    }
    const depth = depths[String(g.type)]
    if (depth === undefined) throw invalid()
    walk(g.coordinates, depth)
  }
  visit(geometry as { type: string })
  if (vertices > importLimits.maxVertices)
    throw readError(
      'too_many_vertices',
      fileName,
      `几何有 ${vertices} 个顶点，超过 ${importLimits.maxVertices} 个的上限`,
      { row: rowNo },
    )
  return geometry as Geometry
}
