import ExcelJS from 'exceljs'
/** A table as it leaves the app in a file: a header row and rows of cells (the planner's and the ledgers' exports). */
export type Cell = string | number | null
export type Table = { headers: string[]; rows: Cell[][] }

/** RFC 4180 CSV in UTF-8 with a byte-order mark (so Excel opens the Chinese right), CRLF lines. */
export function toCsv(table: Table): string {
  const cell = (value: string | number | null) => {
    if (value === null) return ''
    const text = String(value)
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
  }
  const lines = [table.headers, ...table.rows].map((row) => row.map(cell).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** A workbook of one sheet per entry; a sheet of several tables leaves a blank row between them. */
export async function toXlsx(sheets: { name: string; tables: Table[] }[]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = '射阳县安全生产网格化监管'
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.tables.forEach((table, index) => {
      if (index > 0) worksheet.addRow([])
      worksheet.addRow(table.headers).font = { bold: true }
      for (const row of table.rows) worksheet.addRow(row)
    })
    worksheet.columns.forEach((column) => {
      column.width = 14
    })
  }
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer
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
