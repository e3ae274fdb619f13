import { sql } from 'drizzle-orm'
import { regions } from '../../db/schema.ts'
import { boundaryOf, type GeometryInput } from '../registers/places.ts'
import { changeRow, columnsOf, type RegisterTable, type Row } from '../registers/rows.ts'
import { txRows, type Tx, type Writer } from '../writes/tx.ts'

/** The towns (regions) as the administration edits them: name and boundary (admin only, server/towns/routes.ts). */
export const townTable: RegisterTable = {
  table: regions,
  name: 'regions',
  noun: 'town',
  shape: 'polygon',
  key: { column: regions.code, name: 'code' },
  stamped: false,
  scoped: () => sql`t.kind <> 'county'`,
}

export type TownBody = { name?: string; geometry?: GeometryInput; crs?: string }

/**
 * A versioned change of a town's name or boundary. A new boundary re-places the points and zones
 * under the old and the new one (reassign_places) in the same transaction: a point inside a grid
 * keeps its grid's town (grids carry their town by hand), a point outside every grid takes the
 * town it now falls in.
 */
export async function changeTown(writer: Writer, code: string, version: number, body: TownBody) {
  let old: string | undefined
  let reassigned = 0
  const { geometry, crs, ...fields } = body
  const row: Row = await changeRow(
    writer,
    townTable,
    code,
    version,
    async (tx: Tx) => ({ ...columnsOf(fields), ...(geometry ? await boundaryOf(tx, geometry, crs) : {}) }),
    {
      check: async (tx) => {
        if (!geometry) return
        const [before] = await txRows<{ ewkt: string }>(
          tx,
          sql`SELECT ST_AsEWKT(geom) AS ewkt FROM regions WHERE code = ${code}`,
        )
        old = before!.ewkt
      },
      after: async (tx) => {
        if (old === undefined) return
        const [count] = await txRows<{ n: number }>(
          tx,
          sql`SELECT reassign_places((SELECT ST_Union(ST_GeomFromEWKT(${old}), geom) FROM regions WHERE code = ${code})) AS n`,
        )
        reassigned = count!.n
      },
    },
  )
  return { row, reassigned }
}
