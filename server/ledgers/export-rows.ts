import { ApiError } from '../api-error.ts'
import { exportCap, type Page } from './schemas.ts'

/** Every matching row for a file: one more than the cap is read to know it is over. */
export async function allRows<Row>(
  read: (at: Page) => Promise<{ total: number; rows: Row[] }>,
  cap: number = exportCap,
) {
  const { total, rows } = await read({ limit: cap + 1, offset: 0 })
  if (total > cap) {
    throw new ApiError(
      413,
      `${total} rows match; an export holds at most ${cap}: narrow the filters`,
      { total, max: cap },
      'export_too_large',
    )
  }
  return rows
}
