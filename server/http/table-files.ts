import { PassThrough, Readable } from 'node:stream'
import ExcelJS from 'exceljs'
/** A table as it leaves the app in a file: a header row and rows of cells (the planner's and the ledgers' exports). */
export type Cell = string | number | null
export type Table = { headers: string[]; rows: Cell[][] }

export const csvType = 'text/csv; charset=utf-8'
export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** The byte-order mark that makes Excel open UTF-8 CSV with the Chinese right. */
export const csvBom = '\uFEFF'

/** One RFC 4180 CSV line with its CRLF. */
export function csvLine(row: readonly Cell[]): string {
  const cell = (value: Cell) => {
    if (value === null) return ''
    const text = String(value)
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  return `${row.map(cell).join(',')}\r\n`
}

/** RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel opens the Chinese right), CRLF lines. */
export function toCsv(table: Table): string {
  return csvBom + [table.headers, ...table.rows].map(csvLine).join('')
}

const creator = '射阳县安全生产网格化监管'
const columnWidth = 14

/** A workbook of one sheet per entry; a sheet of several tables leaves a blank row between them. */
export async function toXlsx(sheets: { name: string; tables: Table[] }[]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = creator
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.tables.forEach((table, index) => {
      if (index > 0) worksheet.addRow([])
      worksheet.addRow(table.headers).font = { bold: true }
      for (const row of table.rows) worksheet.addRow(row)
    })
    worksheet.columns.forEach((column) => {
      column.width = columnWidth
    })
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer
}

/**
 * A one-sheet workbook written while its rows are read (exceljs' streaming WorkbookWriter): each
 * batch of rows is committed to the zip as it comes, so the first bytes leave before the last row
 * is read and the rows are never all in memory. A failure while reading ends the stream with it.
 */
export function xlsxStream(sheetName: string, headers: string[], batches: AsyncIterable<Cell[][]>): ReadableStream {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  workbook.creator = creator
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = headers.map((header) => ({ header, width: columnWidth }))
  sheet.getRow(1).font = { bold: true }
  const write = async () => {
    sheet.getRow(1).commit()
    for await (const rows of batches) {
      for (const row of rows) sheet.addRow(row).commit()
      // Let the zip drain before the next batch is read.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve))
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return Readable.toWeb(out) as ReadableStream
}

/**
 * Content-Disposition for a download with a Chinese name: an ASCII `filename` for old clients and
 * the real name as RFC 5987 `filename*` (UTF-8, percent-encoded; also ' ( ) * which
 * encodeURIComponent leaves alone but attr-char does not allow).
 */
export function attachment(name: string, asciiName: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`
}
