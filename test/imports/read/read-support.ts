import { expect } from 'vitest'
import { readFile } from '../../../server/imports/read/index.ts'
import { ImportReadError, type ReadInput, type ReadRow } from '../../../server/imports/read/types.ts'

/** Reads a file made by the test and collects every row. */
export async function readAll(fileName: string, content: string | Uint8Array, encoding?: ReadInput['encoding']) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  const result = await readFile({ fileName, bytes, ...(encoding ? { encoding } : {}) })
  const rows: ReadRow[] = []
  for await (const row of result.rows) rows.push(row)
  return { ...result, rows }
}

/** The ImportReadError a read (including its rows) ends with; fails the test if it ends well. */
export async function readFailure(
  fileName: string,
  content: string | Uint8Array,
  encoding?: ReadInput['encoding'],
): Promise<ImportReadError> {
  try {
    await readAll(fileName, content, encoding)
  } catch (error) {
    expect(error).toBeInstanceOf(ImportReadError)
    return error as ImportReadError
  }
  throw new Error(`${fileName} was read without an error`)
}
