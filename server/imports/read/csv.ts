import Papa from 'papaparse'
import { cellValue, checkColumns, checkRowCount, nextTurn, rowsPerTurn } from './bounds.ts'
import { readError } from './problems.ts'
import { decodeText } from './text.ts'
import type { ReadResult, ReadRow } from './types.ts'

/** Characters papaparse parses between two pauses (a few thousand rows). */
const chunkChars = 256 * 1024

/**
 * The text's rows in batches: papaparse parses one chunk of text, pauses, and resumes when the
 * batch has been taken, so a big file is parsed a chunk per turn of the event loop.
 */
async function* batches(text: string, delimiter: string): AsyncGenerator<string[][]> {
  const queue: (string[][] | null)[] = []
  let wake: (() => void) | undefined
  let parser: Papa.Parser | undefined
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: true,
    chunkSize: chunkChars,
    chunk(results: Papa.ParseResult<string[]>, handle: Papa.Parser) {
      parser = handle
      handle.pause()
      queue.push(results.data)
      wake?.()
    },
    complete() {
      queue.push(null)
      wake?.()
    },
  })
  for (;;) {
    if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
    const batch = queue.shift()
    if (batch === null || batch === undefined) return
    yield batch
    parser?.resume()
  }
}

/**
 * The header's names as columns: blanks get their position ("列3"), a repeated name gets a suffix
 * ("名称_2") so every column can be mapped on its own.
 */
export function headerColumns(header: readonly unknown[]): string[] {
  const used = new Set<string>()
  return header.map((cell, index) => {
    const name = String(cell ?? '').trim() || `列${index + 1}`
    let unique = name
    for (let n = 2; used.has(unique); n++) unique = `${name}_${n}`
    used.add(unique)
    return unique
  })
}

/**
 * A CSV file (papaparse): the first row is the header; values stay the strings they are (the
 * checker parses numbers, so a code like "0123" keeps its zero); an empty cell is null. Comma,
 * semicolon and tab delimiters are recognised. The rows stream through papaparse's Node stream,
 * a chunk of text at a time.
 */
export function readCsv(fileName: string, bytes: Uint8Array, encoding: 'auto' | 'utf-8' | 'gbk'): ReadResult {
  const decoded = decodeText(fileName, bytes, encoding)
  const { text } = decoded
  const head = Papa.parse<string[]>(text.slice(0, 1024 * 1024), {
    preview: 2,
    skipEmptyLines: true,
    delimitersToGuess: [',', ';', '\t'],
  })
  const header = head.data[0]
  if (!header || header.every((cell) => cell.trim() === ''))
    throw readError('no_rows', fileName, '没有表头，也没有数据行')
  if (head.data.length < 2) throw readError('no_rows', fileName, '只有表头，没有数据行')
  const columns = headerColumns(header)
  checkColumns(fileName, columns)
  const { delimiter } = head.meta

  async function* rows(): AsyncGenerator<ReadRow> {
    let rowNo = -1
    for await (const batch of batches(text, delimiter))
      for (const fields of batch) {
        rowNo += 1
        if (rowNo === 0) continue
        checkRowCount(fileName, rowNo)
        if (fields.length !== columns.length)
          throw readError(
            'ragged_row',
            fileName,
            `列数为 ${fields.length}，表头有 ${columns.length} 列（请检查分隔符、引号或多余的逗号）`,
            { row: rowNo },
          )
        const values: ReadRow['values'] = {}
        columns.forEach((column, index) => {
          values[column] = cellValue(fileName, rowNo, column, fields[index])
        })
        yield { rowNo, values, geometry: null }
        if (rowNo % rowsPerTurn === 0) await nextTurn()
      }
  }
  return { format: 'csv', encoding: decoded.encoding, columns, prj: null, rows: rows() }
}
