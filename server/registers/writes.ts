import { sql } from 'drizzle-orm'
import { ApiError } from '../api-error.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import { txRows, type Tx, type Writer } from '../writes/tx.ts'
import { boundaryOf, pointOf, type GeometryInput } from './places.ts'
import { changeRow, columnsOf, createRow, deleteRow, type Row } from './rows.ts'
import { registerTables, type Register } from './tables.ts'

/**
 * The writes of the registers edited at /api/sensitive-sites, /api/zones, /api/confined-spaces,
 * /api/accidents and /api/drills (grids: server/grids/writes.ts), through server/registers/rows.ts.
 * A body's `location` or `geometry` (+ `crs`) becomes `geom` and `source_crs`; a confined space, an
 * accident or a drill names an enterprise the caller can see (422 `unknown_enterprise`), whose
 * position (or town, for a drill) it takes when it sends none.
 */

export type Body = Record<string, unknown> & {
  location?: { lon: number; lat: number; crs?: string }
  geometry?: GeometryInput
  crs?: string
  enterprise_id?: number | null
  town_code?: string | null
}

type Enterprise = { lon: number; lat: number; town_code: string | null }

/** The enterprise in the caller's scope, or 422 `unknown_enterprise`. */
async function enterpriseOf(tx: Tx, scope: Scope, id: number): Promise<Enterprise> {
  const [found] = await txRows<Enterprise>(
    tx,
    sql`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, town_code FROM enterprises
        WHERE id = ${id}::int AND ${scopeCondition(scope, 'enterprises')}`,
  )
  if (!found) throw new ApiError(422, `No enterprise ${id} in your area`, { enterprise_id: id }, 'unknown_enterprise')
  return found
}

/** The columns a body writes, made inside the transaction (positions converted, boundaries checked). */
const valuesOf =
  (register: Register, scope: Scope, body: Body) =>
  async (tx: Tx, before: Row | undefined): Promise<Record<string, unknown>> => {
    const { location, geometry, crs, ...fields } = body
    const columns = columnsOf(fields)
    if (location) {
      const { geom, sourceCrs } = pointOf(location)
      Object.assign(columns, { geom, sourceCrs })
    }
    if (geometry) Object.assign(columns, await boundaryOf(tx, geometry, crs))
    else if (crs !== undefined) throw new ApiError(422, 'crs goes with a geometry', { crs }, 'invalid_geometry')
    const enterpriseId = body.enterprise_id
    if (enterpriseId !== undefined && enterpriseId !== null) {
      const enterprise = await enterpriseOf(tx, scope, enterpriseId)
      const point = { type: 'Point' as const, coordinates: [enterprise.lon, enterprise.lat] }
      // A new space or accident without a position stands at its enterprise.
      if (!location && !before && register !== 'drills') Object.assign(columns, { geom: point, sourceCrs: null })
      if (register === 'drills' && body.town_code === undefined) columns.townCode = enterprise.town_code
    }
    return columns
  }

export async function createRegisterRow(writer: Writer, register: Register, body: Body) {
  const spec = registerTables[register]
  return (await createRow(writer, spec, valuesOf(register, writer.scope, body))).row
}

export function changeRegisterRow(writer: Writer, register: Register, id: number, version: number, body: Body) {
  return changeRow(writer, registerTables[register], id, version, valuesOf(register, writer.scope, body))
}

export function deleteRegisterRow(writer: Writer, register: 'sensitive-sites' | 'zones', id: number, version: number) {
  return deleteRow(writer, registerTables[register], id, version)
}
