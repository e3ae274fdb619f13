import { sql } from 'drizzle-orm'
import { ApiError, type ErrorCode } from '../api-error.ts'
import type { Principal } from '../auth/principal.ts'
import { boundaryOf, countyWide, type GeometryInput } from '../registers/places.ts'
import { changeRow, columnsOf, createRow, type Row } from '../registers/rows.ts'
import { registerTables } from '../registers/tables.ts'
import { txRows, type Tx, type Writer } from '../writes/tx.ts'

/**
 * Grids as the registers edit them (issue 12). A grid's code is its town's 9 digits and a 3-digit
 * serial (DOMAIN §2), so it names its town: `town_code` must be the code's first 9 digits (422
 * `grid_code_town`); moving a grid to another town is a new grid. Boundaries are the county's:
 * only admin and county users change a geometry or a town (403 `forbidden_role`); a town user edits
 * its grids' name, kind and officer.
 *
 * A grid lies in its town: at least `minShareInTown` of its area inside the town's boundary, else
 * 422 `grid_outside_town` (boundaries drawn on different maps never match exactly, so a sliver
 * outside is allowed; the spatial join places a point by the grid it falls in, whatever the town's
 * line says). A new or moved boundary re-places every row under the old and new boundary
 * (reassign_places, migration 0007) in the same transaction; the answer says how many (`reassigned`).
 */
export const minShareInTown = 0.9

const spec = registerTables.grids

export type GridBody = Record<string, unknown> & { geometry?: GeometryInput; crs?: string; town_code?: string }

const refused = (status: 403 | 409 | 422, code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new ApiError(status, message, details, code)

async function checkTown(tx: Tx, gridCode: string, townCode: string) {
  if (!gridCode.startsWith(townCode))
    throw refused(422, 'grid_code_town', `Grid ${gridCode} is not a code of town ${townCode}`, {
      code: gridCode,
      town_code: townCode,
    })
  const towns = await txRows(tx, sql`SELECT 1 FROM regions WHERE code = ${townCode} AND kind <> 'county'`)
  if (towns.length === 0) throw refused(422, 'unknown_town', `No town ${townCode}`, { town_code: townCode })
}

/** 422 `grid_outside_town` unless most of the grid lies in its town. */
async function checkInTown(tx: Tx, gridCode: string) {
  const [row] = await txRows<{ share: number }>(
    tx,
    sql`SELECT coalesce(ST_Area(ST_Intersection(g.geom, r.geom)) / nullif(ST_Area(g.geom), 0), 0)::float8 AS share
        FROM grids g JOIN regions r ON r.code = g.town_code WHERE g.code = ${gridCode}`,
  )
  const share = row?.share ?? 0
  if (share < minShareInTown)
    throw refused(
      422,
      'grid_outside_town',
      `Only ${Math.round(share * 100)}% of grid ${gridCode} lies in its town; at least ${minShareInTown * 100}% must`,
      { inside_share: Math.round(share * 1000) / 1000, min_share: minShareInTown },
    )
}

/** Re-places the rows under `area` (SQL); how many rows were written. */
async function reassign(tx: Tx, area: ReturnType<typeof sql>) {
  const [row] = await txRows<{ n: number }>(tx, sql`SELECT reassign_places(${area}) AS n`)
  return row!.n
}

const boundaryChange = (body: GridBody) => body.geometry !== undefined || body.town_code !== undefined

function checkBoundaryRole(principal: Principal) {
  if (!countyWide(principal))
    throw refused(403, 'forbidden_role', 'Only admin and county users change a grid’s boundary or town', {
      role: principal.role,
      allowed: ['admin', 'county'],
    })
}

const valuesOf =
  ({ geometry, crs, ...fields }: GridBody) =>
  async (tx: Tx): Promise<Record<string, unknown>> => ({
    ...columnsOf(fields),
    ...(geometry ? await boundaryOf(tx, geometry, crs) : {}),
  })

/** A new grid (admin, county): its code free (409 `grid_code_taken`), in its town; rows under it re-placed. */
export async function createGrid(writer: Writer, body: GridBody & { code: string; town_code: string }) {
  checkBoundaryRole(writer.principal)
  let reassigned = 0
  const { row } = await createRow(writer, spec, valuesOf(body), {
    check: async (tx) => {
      await checkTown(tx, body.code, body.town_code)
      const taken = await txRows(tx, sql`SELECT 1 FROM grids WHERE code = ${body.code}`)
      if (taken.length > 0) throw refused(409, 'grid_code_taken', `Grid ${body.code} exists`, { code: body.code })
    },
    after: async (tx) => {
      await checkInTown(tx, body.code)
      reassigned = await reassign(tx, sql`(SELECT geom FROM grids WHERE code = ${body.code})`)
    },
  })
  return { row, reassigned }
}

/** A versioned change; a new boundary re-places the rows under the old and the new one. */
export async function changeGrid(writer: Writer, code: string, version: number, body: GridBody) {
  if (boundaryChange(body)) checkBoundaryRole(writer.principal)
  let reassigned = 0
  let old: string | undefined
  const row: Row = await changeRow(writer, spec, code, version, valuesOf(body), {
    check: async (tx) => {
      if (body.town_code !== undefined) await checkTown(tx, code, body.town_code)
      if (body.geometry) {
        const [before] = await txRows<{ wkb: string }>(
          tx,
          sql`SELECT ST_AsEWKT(geom) AS wkb FROM grids WHERE code = ${code}`,
        )
        old = before!.wkb
      }
    },
    after: async (tx) => {
      if (boundaryChange(body)) await checkInTown(tx, code)
      if (old !== undefined)
        reassigned = await reassign(
          tx,
          sql`(SELECT ST_Union(ST_GeomFromEWKT(${old}), geom) FROM grids WHERE code = ${code})`,
        )
    },
  })
  return { row, reassigned }
}
