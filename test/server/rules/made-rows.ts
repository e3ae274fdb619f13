import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { createApp } from '../../../server/app.ts'
import { authedRequest } from '../../support/test-app.ts'

/** The first enterprise of the demo grid with the most enterprises: where hand-made rows are placed. */
export async function busiestGridAnchor(db: Database) {
  const [anchor] = await db.rows<{ lon: number; lat: number; grid_code: string; town_code: string }>(sql`
    SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, grid_code, town_code FROM enterprises
    WHERE grid_code = (SELECT grid_code FROM enterprises WHERE grid_code IS NOT NULL
      GROUP BY grid_code ORDER BY count(*) DESC, grid_code LIMIT 1)
    ORDER BY id LIMIT 1`)
  return anchor!
}

/**
 * A hand-made enterprise in the demo grid with the most enterprises (placed on one of its
 * enterprises, so the spatial join puts it there), with the visits and hazards a rule test needs;
 * `remove()` deletes all of it. `at(day)` pins the app's "today".
 */
export async function madeRows(db: Database) {
  const anchor = await busiestGridAnchor(db)
  const point = sql`ST_SetSRID(ST_MakePoint(${anchor.lon}::float8, ${anchor.lat}::float8), 4326)`
  const [enterprise] = await db.rows<{ id: number }>(sql`
    INSERT INTO enterprises (uscc, name, sector, risk_level, geom)
    VALUES ('91320924TESTRULE01', '规则测试企业', 'light_industry', 'general', ${point}) RETURNING id`)
  const id = enterprise!.id
  let today = '2026-10-15'
  const app = createApp({ db, today: () => today })
  return {
    id,
    gridCode: anchor.grid_code,
    townCode: anchor.town_code,
    request: authedRequest(app),
    at(day: string) {
      today = day
    },
    async visit(on: string) {
      await db.rows(sql`DELETE FROM inspections WHERE enterprise_id = ${id}::int`)
      await db.rows(sql`INSERT INTO inspections (enterprise_id, kind, status, inspected_on)
        VALUES (${id}::int, 'routine', 'done', ${on}::date)`)
    },
    async hazard(values: { level: 'general' | 'major'; status: string; deadline: string }) {
      const [row] = await db.rows<{ id: number }>(sql`
        INSERT INTO hazards (enterprise_id, level, status, description, found_on, deadline, geom)
        VALUES (${id}::int, ${values.level}, ${values.status}, '规则测试隐患', '2026-10-01'::date,
          ${values.deadline}::date, ${point}) RETURNING id`)
      return row!.id
    },
    async remove() {
      await db.rows(sql`DELETE FROM hazards WHERE enterprise_id = ${id}::int`)
      await db.rows(sql`DELETE FROM inspections WHERE enterprise_id = ${id}::int`)
      await db.rows(sql`DELETE FROM enterprises WHERE id = ${id}::int`)
    },
  }
}

export type MadeRows = Awaited<ReturnType<typeof madeRows>>

/** GET as `as` (county by default), expecting 200. */
export async function getJson<T>(made: MadeRows, path: string, as = 'county'): Promise<T> {
  const response = await made.request(path, {}, as)
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}
