import type { Geometry, Position } from 'geojson'
import { geometryToWgs84 } from '../../lib/crs.ts'
import { validateUscc } from '../../db/uscc.ts'
import type { CellValue } from './read/types.ts'
import type { FieldDef, LayerDef } from './layers.ts'
import { columnsByField, halfWidth, type Mapping } from './mapping.ts'

/**
 * One row of a file checked against its layer (issue 12): the typed values for the table (`record`,
 * keyed by column; an empty cell leaves the column out, so a new record takes the column's default
 * and a matched one keeps its value), the geometry in WGS84, and every problem, each with a Chinese
 * message naming the row and field. What needs the database (outside the county, self-intersection,
 * duplicates within the file, the matching record) is checked afterwards in SQL (jobs.ts).
 */

export type Severity = 'error' | 'warning'
export interface Problem {
  field: string | null
  column: string | null
  severity: Severity
  code: string
  message: string
}

export interface CheckContext {
  def: LayerDef
  mapping: Mapping
  crs: string
  /** Town name (with and without 镇/乡/街道 …), or 9-digit code → code. */
  towns: Map<string, string>
  /** Grid code or name → its code. */
  grids: Map<string, string>
  /** USCC or name → enterprise id. */
  enterprises: Map<string, number>
  countyCode: string
}

export interface StagedRow {
  rowNo: number
  source: Record<string, CellValue>
  sourceGeometry: Geometry | null
}

export interface CheckedRow {
  rowNo: number
  record: Record<string, unknown>
  problems: Problem[]
  geometry: Geometry | null
}

const where = (rowNo: number, label: string) => `第 ${rowNo} 行 ${label}：`

const text = (value: CellValue): string => (value === null ? '' : String(value).trim())

/** A number as written in a Chinese sheet: half-width, without thousands separators and units. */
export function parseNumber(value: CellValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  const s = halfWidth(text(value)).replace(/[,\s]/g, '')
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined
  return Number(s)
}

const yes = new Set(['是', '√', '✓', '✔', '1', 'true', 'yes', 'y', '有', 't'])
const no = new Set(['否', '×', '✗', '✘', '0', 'false', 'no', 'n', '无', '没有', 'f'])

export function parseBoolean(value: CellValue): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined
  const s = halfWidth(text(value)).toLowerCase()
  return yes.has(s) ? true : no.has(s) ? false : undefined
}

const isoDate = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  if (y < 1900 || y > 2100) return undefined
  return date.toISOString().slice(0, 10)
}

/** yyyy-mm-dd, yyyy/m/d, yyyy.m.d, yyyymmdd, 2024年3月5日, an Excel serial number → yyyy-mm-dd. */
export function parseDate(value: CellValue): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 80_000) return undefined
    // Excel's day 1 is 1900-01-01, counting the non-existent 1900-02-29 (so day 60 and later are one off).
    const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(value) * 86_400_000)
    return date.toISOString().slice(0, 10)
  }
  const s = halfWidth(text(value))
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s)
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]))
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]))
  if (/^\d{4,5}(\.\d+)?$/.test(s)) return parseDate(Number(s))
  return undefined
}

const enumKey = (s: string) =>
  halfWidth(s)
    .trim()
    .toLowerCase()
    .replace(/[\s()（）]/g, '')

/** The vocabulary word for a cell: the value itself, its Chinese label, or one of the label's aliases. */
export function parseEnum(field: FieldDef, value: CellValue): string | undefined {
  const key = enumKey(text(value))
  for (const v of field.values ?? []) {
    if (enumKey(v.value) === key || enumKey(v.label) === key) return v.value
    if (v.aliases?.some((alias) => enumKey(alias) === key)) return v.value
  }
  // 重大风险 → 重大 …: a label with its category word dropped.
  for (const v of field.values ?? []) {
    const stripped = key.replace(/(风险|事故|演练|网点|级)$/, '')
    if (stripped !== key && (v.aliases ?? []).some((alias) => enumKey(alias) === stripped)) return v.value
  }
  return undefined
}

/** Every key a town is known by: its code, its name, and the name without 镇/乡/街道/… . */
export function townKeys(code: string, name: string): string[] {
  const short = name.replace(/(镇|乡|街道|街道办事处|管委会|经济开发区|开发区|农场|区)$/, '')
  return [code, name, ...(short && short !== name ? [short] : [])]
}

type Ring = Position[]

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1]

/** Twice the signed area (shoelace): positive when counter-clockwise. */
const ringArea = (ring: Ring) => {
  let sum = 0
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!
  return sum
}

/**
 * A polygon made safe to store, with what was repaired: duplicate consecutive points removed and an
 * unclosed ring closed (warnings); fewer than 4 positions, or non-numbers, are errors (nothing is
 * kept). Orientation (outer counter-clockwise, holes clockwise, RFC 7946) is fixed after conversion.
 */
function repairPolygons(polygons: Ring[][], report: (severity: Severity, code: string, message: string) => void) {
  let duplicates = 0
  let unclosed = 0
  let broken = false
  let fewest = Infinity
  const repaired = polygons.map((rings) =>
    rings.map((ring) => {
      if (
        !Array.isArray(ring) ||
        ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      ) {
        broken = true
        return ring
      }
      const out: Ring = []
      for (const p of ring) {
        if (out.length > 0 && samePosition(out[out.length - 1]!, p)) duplicates++
        else out.push([p[0]!, p[1]!])
      }
      fewest = Math.min(fewest, out.length)
      if (out.length >= 4 && !samePosition(out[0]!, out[out.length - 1]!)) {
        unclosed++
        out.push([...out[0]!])
      }
      return out
    }),
  )
  if (broken) {
    report('error', 'bad_geometry', '多边形含有非数字坐标')
    return undefined
  }
  if (fewest < 4 || repaired.length === 0 || repaired.some((rings) => rings.length === 0)) {
    const n = Number.isFinite(fewest) ? fewest : 0
    report('error', 'too_few_points', `多边形的环只有 ${n} 个坐标，至少需要 4 个（首尾闭合）`)
    return undefined
  }
  if (unclosed > 0) report('warning', 'ring_closed', `${unclosed} 个环首尾未闭合，已自动闭合`)
  if (duplicates > 0) report('warning', 'duplicate_points', `删除了 ${duplicates} 个重复的相邻点`)
  return repaired
}

function orient(polygons: Ring[][]): number {
  let flipped = 0
  for (const rings of polygons)
    rings.forEach((ring, i) => {
      const area = ringArea(ring)
      if (area !== 0 && (i === 0) !== area > 0) {
        ring.reverse()
        flipped++
      }
    })
  return flipped
}

const finite = (g: Geometry): boolean => {
  const walk = (c: unknown): boolean =>
    typeof (c as number[])[0] === 'number'
      ? Number.isFinite((c as number[])[0]) && Number.isFinite((c as number[])[1])
      : (c as unknown[]).every(walk)
  return 'coordinates' in g && walk(g.coordinates)
}

/** The row's geometry in WGS84, from the file's geometry or its longitude/latitude columns. */
function rowGeometry(row: StagedRow, ctx: CheckContext, byField: Map<string, string>, problem: ProblemFn) {
  const { def } = ctx
  if (def.geometry === 'none') return null
  const geometry = row.sourceGeometry
  if (def.geometry === 'point') {
    let xy: [number, number] | undefined
    if (geometry?.type === 'Point') xy = [geometry.coordinates[0]!, geometry.coordinates[1]!]
    else if (geometry?.type === 'MultiPoint' && geometry.coordinates.length === 1)
      xy = [geometry.coordinates[0]![0]!, geometry.coordinates[0]![1]!]
    else if (geometry) {
      problem('error', 'wrong_geometry', 'lon', `应为点，文件中是 ${geometry.type}`)
      return null
    } else {
      const lonColumn = byField.get('lon')
      const latColumn = byField.get('lat')
      const lonCell = lonColumn ? text(row.source[lonColumn] ?? null) : ''
      const latCell = latColumn ? text(row.source[latColumn] ?? null) : ''
      if (lonCell === '' || latCell === '') {
        problem('error', 'missing_coordinates', lonCell === '' ? 'lon' : 'lat', '缺少坐标')
        return null
      }
      const x = parseNumber(row.source[lonColumn!] ?? null)
      const y = parseNumber(row.source[latColumn!] ?? null)
      if (x === undefined || y === undefined) {
        problem(
          'error',
          'bad_coordinates',
          x === undefined ? 'lon' : 'lat',
          `“${x === undefined ? lonCell : latCell}”不是数字`,
        )
        return null
      }
      xy = [x, y]
    }
    if (!Number.isFinite(xy[0]) || !Number.isFinite(xy[1])) {
      problem('error', 'bad_coordinates', 'lon', '坐标不是数字')
      return null
    }
    return convert({ type: 'Point', coordinates: xy }, ctx.crs, problem)
  }
  if (!geometry) {
    problem('error', 'missing_geometry', null, '缺少多边形几何')
    return null
  }
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    problem('error', 'wrong_geometry', null, `应为多边形，文件中是 ${geometry.type}`)
    return null
  }
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  const repaired = repairPolygons(polygons, (severity, code, message) => problem(severity, code, null, message))
  if (!repaired) return null
  const converted = convert({ type: 'MultiPolygon', coordinates: repaired }, ctx.crs, problem)
  if (!converted) return null
  const flipped = orient(converted.coordinates)
  if (flipped > 0)
    problem('warning', 'ring_orientation', null, `${flipped} 个环方向相反，已改正（外环逆时针、内环顺时针）`)
  return geometry.type === 'Polygon' ? { type: 'Polygon' as const, coordinates: converted.coordinates[0]! } : converted
}

function convert<G extends Geometry & { type: 'Point' | 'MultiPolygon' }>(
  geometry: G,
  crs: string,
  problem: ProblemFn,
) {
  try {
    const converted = geometryToWgs84(geometry as never, crs) as G
    if (!finite(converted)) throw new Error('not finite')
    return converted
  } catch {
    problem('error', 'bad_coordinates', geometry.type === 'Point' ? 'lon' : null, `坐标无法按 ${crs} 换算`)
    return null
  }
}

type ProblemFn = (severity: Severity, code: string, field: string | null, message: string) => void

/** Checks one row: its record, WGS84 geometry and problems. */
export function checkRow(row: StagedRow, ctx: CheckContext): CheckedRow {
  const { def } = ctx
  const byField = columnsByField(ctx.mapping)
  const problems: Problem[] = []
  const record: Record<string, unknown> = {}
  const fieldDef = new Map(def.fields.map((field) => [field.field, field]))
  const problem: ProblemFn = (severity, code, field, message) => {
    const label = field ? (fieldDef.get(field)?.label ?? field) : '几何'
    problems.push({
      field,
      column: field ? (byField.get(field) ?? null) : null,
      severity,
      code,
      message: where(row.rowNo, label) + message,
    })
  }

  for (const field of def.fields) {
    if (field.kind === 'lon' || field.kind === 'lat') continue
    const column = byField.get(field.field)
    const cell = column === undefined ? null : (row.source[column] ?? null)
    const raw = text(cell)
    if (raw === '') {
      if (field.required) problem('error', 'missing', field.field, column ? '为空' : '缺少此列')
      continue
    }
    const value = parseField(field, cell, raw, ctx, (severity, code, message) =>
      problem(severity, code, field.field, message),
    )
    if (value !== undefined && field.column) record[field.column] = value
  }
  if (def.layer === 'towns') Object.assign(record, { kind: 'town', parent_code: ctx.countyCode })
  if (def.layer === 'towns' && typeof record.code === 'string' && !/^\d{9}$/.test(record.code))
    problem('error', 'bad_code', 'code', `“${record.code}”不是 9 位区划代码`)
  const geometry = rowGeometry(row, ctx, byField, problem)
  return { rowNo: row.rowNo, record, problems, geometry }
}

function parseField(
  field: FieldDef,
  cell: CellValue,
  raw: string,
  ctx: CheckContext,
  problem: (severity: Severity, code: string, message: string) => void,
): unknown {
  switch (field.kind) {
    case 'text':
      return field.list
        ? raw
            .split(/[、,，;；\s]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : raw
    case 'integer': {
      const n = parseNumber(cell)
      const level = /^([一二三四])级?$/.exec(raw)
      const value = level ? '一二三四'.indexOf(level[1]!) + 1 : n
      if (value === undefined || !Number.isInteger(value))
        return void problem('error', 'bad_integer', `“${raw}”不是整数`)
      if (field.range && (value < field.range[0] || value > field.range[1]))
        return void problem('error', 'out_of_range', `${value} 不在 ${field.range[0]}–${field.range[1]} 之间`)
      return value
    }
    case 'number': {
      const n = parseNumber(cell)
      if (n === undefined) return void problem('error', 'bad_number', `“${raw}”不是数字`)
      if (n < 0 || n > 9_999_999) return void problem('error', 'out_of_range', `${n} 超出范围`)
      return n
    }
    case 'boolean': {
      const b = parseBoolean(cell)
      if (b === undefined) return void problem('error', 'bad_boolean', `“${raw}”应为 是/否`)
      return b
    }
    case 'date': {
      const d = parseDate(cell)
      if (d === undefined)
        return void problem('error', 'bad_date', `“${raw}”不是日期（如 2024-03-05、2024/3/5、2024年3月5日）`)
      return d
    }
    case 'enum': {
      const v = parseEnum(field, cell)
      if (v === undefined)
        return void problem(
          'error',
          'unknown_value',
          `“${raw}”不是可选值之一：${(field.values ?? []).map((value) => value.label).join('、')}`,
        )
      return v
    }
    case 'uscc': {
      const code = halfWidth(raw).toUpperCase().replace(/\s/g, '')
      const check = validateUscc(code)
      if (!check.ok && check.severity === 'error')
        return void problem('error', 'bad_uscc', `“${raw}”不是 18 位统一社会信用代码（${check.message}）`)
      if (!check.ok) problem('warning', 'uscc_check_char', `“${code}”校验位不符（${check.message}）`)
      return code
    }
    case 'town': {
      const code = ctx.towns.get(raw) ?? ctx.towns.get(halfWidth(raw).replace(/\s/g, ''))
      if (!code) return void problem('error', 'unknown_town', `“${raw}”不是射阳县的镇（区）`)
      return code
    }
    case 'grid': {
      const code = ctx.grids.get(raw)
      if (!code) return void problem('error', 'unknown_grid', `“${raw}”不是已有的网格`)
      return code
    }
    case 'enterprise': {
      const id = ctx.enterprises.get(halfWidth(raw).toUpperCase()) ?? ctx.enterprises.get(raw)
      if (id === undefined)
        return void problem('error', 'unknown_enterprise', `“${raw}”不是库中已有的企业（信用代码或名称）`)
      return id
    }
    case 'lon':
    case 'lat':
      return undefined
  }
}
