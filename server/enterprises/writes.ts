import { sql } from 'drizzle-orm'
import { enterprises } from '../../db/schema.ts'
import { validateUscc } from '../../db/uscc.ts'
import type { locationSources } from '../../db/vocabulary.ts'
import { ApiError } from '../api-error.ts'
import { pointOf } from '../registers/places.ts'
import { changeRow, createRow, type RegisterTable } from '../registers/rows.ts'
import { txRows, type Tx, type Writer } from '../writes/tx.ts'

/** The enterprise register as server/registers/rows.ts writes it. */
export const enterpriseTable: RegisterTable = {
  table: enterprises,
  name: 'enterprises',
  noun: 'enterprise',
  shape: 'point',
  key: { column: enterprises.id, name: 'id' },
  stamped: true,
}

/** A warning that did not stop the write (a USCC whose check character fails: DOMAIN §4). */
export type WriteWarning = { field: string; code: string; message: string }

/**
 * DOMAIN §4, db/uscc.ts: a wrong length or character is refused (422 `invalid_uscc`); a failed
 * check character only warns, since some early codes fail it.
 */
function checkUscc(uscc: string): WriteWarning[] {
  const check = validateUscc(uscc)
  if (check.ok) return []
  if (check.severity === 'error') throw new ApiError(422, check.message, { uscc }, 'invalid_uscc')
  return [{ field: 'uscc', code: 'uscc_check_character', message: check.message }]
}

/** A USCC names one enterprise (enterprises_uscc_idx): 409 `uscc_taken` naming the holder's id. */
async function checkUsccFree(tx: Tx, uscc: string, except: number | null) {
  const [holder] = await txRows<{ id: number }>(tx, sql`SELECT id FROM enterprises WHERE uscc = ${uscc}`)
  if (holder && holder.id !== except)
    throw new ApiError(
      409,
      `USCC ${uscc} belongs to enterprise ${holder.id}`,
      { enterprise_id: holder.id },
      'uscc_taken',
    )
}

/** How the position was taken, by the system it came in, when the body does not say. */
function locationSourceOf(crs: string | null): (typeof locationSources)[number] {
  if (crs === 'GCJ02') return 'gcj02'
  if (crs === 'BD09') return 'bd09'
  if (crs === null || crs === 'EPSG:4326' || crs === 'EPSG:4490') return 'wgs84'
  return 'survey'
}

export type EnterpriseValues = Record<string, unknown> & {
  uscc?: string
  locationSource?: string
  location?: { lon: number; lat: number; crs?: string }
}

/** The columns to write: the location converted to WGS84 (geom, source_crs, and location_source unless sent). */
function placed({ location, ...columns }: EnterpriseValues): Record<string, unknown> {
  if (!location) return columns
  const { geom, sourceCrs } = pointOf(location)
  return { ...columns, geom, sourceCrs, locationSource: columns.locationSource ?? locationSourceOf(sourceCrs) }
}

/** A new enterprise, placed in its town and grid by the trigger; a town user's must land in its town. */
export async function createEnterprise(writer: Writer, values: EnterpriseValues & { uscc: string }) {
  const warnings = checkUscc(values.uscc)
  const { key } = await createRow(writer, enterpriseTable, placed(values), {
    check: (tx) => checkUsccFree(tx, values.uscc, null),
  })
  return { id: key as number, warnings }
}

/** A versioned change; closing is `status: 'closed'` (an enterprise is never deleted: its history stays). */
export async function changeEnterprise(writer: Writer, id: number, version: number, values: EnterpriseValues) {
  const warnings = values.uscc === undefined ? [] : checkUscc(values.uscc)
  await changeRow(writer, enterpriseTable, id, version, placed(values), {
    check: async (tx) => {
      if (values.uscc !== undefined) await checkUsccFree(tx, values.uscc, id)
    },
  })
  return { warnings }
}
