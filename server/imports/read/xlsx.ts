import { Readable } from 'node:stream'
import ExcelJS, { type CellValue as ExcelValue, type Row } from 'exceljs'
import { cellValue, checkColumns, checkRowCount, nextTurn, rowsPerTurn } from './bounds.ts'
import { headerColumns } from './csv.ts'
import { readError } from './problems.ts'
import { ImportReadError, type CellValue, type ReadResult, type ReadRow } from './types.ts'

/**
 * The file in small pieces for exceljs' stream: each piece is inflated and parsed in one go, so
 * small pieces keep each turn of the event loop short.
 */
function* pieces(bytes: Uint8Array) {
  for (let start = 0; start < bytes.length; start += 16 * 1024)
    yield Buffer.from(bytes.subarray(start, start + 16 * 1024))
}

const pad = (n: number) => String(n).padStart(2, '0')

/** A date cell as text: yyyy-mm-dd, with the time when it has one (Excel dates are UTC in exceljs). */
function dateText(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds()
  if (seconds === 0) return day
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`
}

/** A cell as the checker takes it: formulas give their result, rich text its plain text, errors null. */
export function excelValue(value: ExcelValue | undefined): string | number | boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return dateText(value)
  if ('richText' in value) return value.richText.map((run) => run.text).join('')
  if ('formula' in value || 'sharedFormula' in value) {
    const { result } = value as { result?: unknown }
    if (result instanceof Date) return dateText(result)
    if (typeof result === 'object' && result !== null) return null
    return (result as string | number | boolean | undefined) ?? null
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : excelValue(value.text)
  return null
}

/** A row's cells, 1-based column to value, without the empty ones. */
function cells(row: Row): Map<number, string | number | boolean | null> {
  const found = new Map<number, string | number | boolean | null>()
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    const value = excelValue(cell.value)
    if (value !== null && value !== '') found.set(column, value)
  })
  return found
}

/**
 * An XLSX workbook (exceljs' streaming WorkbookReader, so 100,000 rows never sit in memory as a
 * whole workbook): the first worksheet, its first non-empty row the header, data rows numbered
 * from it. Dates become yyyy-mm-dd text; numbers stay numbers.
 */
export async function readXlsx(fileName: string, bytes: Uint8Array): Promise<ReadResult> {
  const corrupt = () =>
    readError('invalid_xlsx', fileName, '不是有效的 XLSX 工作簿，文件可能已损坏，请在 Excel 中另存后重试')
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(pieces(bytes)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  })
  let sheetRows: AsyncIterator<Row>
  const rethrow = (error: unknown): never => {
    if (error instanceof ImportReadError) throw error
    throw corrupt()
  }
  try {
    const sheets = reader[Symbol.asyncIterator]()
    const first = await sheets.next()
    if (first.done) throw readError('no_rows', fileName, '没有工作表')
    sheetRows = first.value[Symbol.asyncIterator]()
  } catch (error) {
    return rethrow(error)
  }
  const next = () => sheetRows.next().catch(rethrow)

  let header: { number: number; cells: Map<number, string | number | boolean | null> } | undefined
  for (let step = await next(); !step.done; step = await next()) {
    const found = cells(step.value)
    if (found.size > 0) {
      header = { number: step.value.number, cells: found }
      break
    }
  }
  if (!header) throw readError('no_rows', fileName, '第一个工作表是空的，没有表头，也没有数据行')
  const width = Math.max(...header.cells.keys())
  const columns = headerColumns(Array.from({ length: width }, (_, i) => header.cells.get(i + 1) ?? ''))
  checkColumns(fileName, columns)
  const headerRow = header.number

  let firstData: IteratorResult<Row>
  for (firstData = await next(); !firstData.done && cells(firstData.value).size === 0; firstData = await next());
  if (firstData.done) throw readError('no_rows', fileName, '只有表头，没有数据行')

  async function* rows(): AsyncGenerator<ReadRow> {
    let count = 0
    for (let step = firstData; !step.done; step = await next()) {
      const found = cells(step.value)
      if (found.size === 0) continue
      const rowNo = step.value.number - headerRow
      count += 1
      checkRowCount(fileName, count)
      const beyond = [...found.keys()].find((column) => column > width)
      if (beyond !== undefined)
        throw readError('ragged_row', fileName, `第 ${beyond} 列有内容，但表头只有 ${width} 列`, { row: rowNo })
      const values: Record<string, CellValue> = {}
      columns.forEach((column, index) => {
        values[column] = cellValue(fileName, rowNo, column, found.get(index + 1))
      })
      yield { rowNo, values, geometry: null }
      if (count % rowsPerTurn === 0) await nextTurn()
    }
  }
  return { format: 'xlsx', encoding: null, columns, prj: null, rows: rows() }
}
