import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { usccCheckChar } from '../../../db/uscc.ts'

/** A grid of the demo and a point inside it (WGS84), and a point in another town. */
export async function places(db: Database) {
  const [grid, other] = await db.rows<{ code: string; town_code: string; lon: number; lat: number }>(
    sql`SELECT DISTINCT ON (g.town_code) g.code, g.town_code,
          ST_X(ST_PointOnSurface(g.geom)) AS lon, ST_Y(ST_PointOnSurface(g.geom)) AS lat
        FROM grids g ORDER BY g.town_code, g.code LIMIT 2`,
  )
  return { grid: grid!, other: other! }
}

let serial = 0
/** A valid USCC no demo enterprise has (a random 7-digit body, the right check character). */
export function freshUscc(): string {
  serial += 1
  const body = `91320924MA${String((Date.now() * 10 + serial) % 10_000_000).padStart(7, '0')}`
  return `${body}${usccCheckChar(body)}`
}

/** Deletes rows the suite made, by table and id, children first. */
export async function removeRows(db: Database, made: { table: string; id: number | string }[]) {
  for (const { table, id } of [...made].reverse()) {
    const key = table === 'grids' ? 'code' : 'id'
    await db.rows(sql`DELETE FROM ${sql.identifier(table)} WHERE ${sql.identifier(key)} = ${id}`)
  }
}
