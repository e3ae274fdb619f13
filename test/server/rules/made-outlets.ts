import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { createApp } from '../../../server/app.ts'
import { authedRequest } from '../../support/test-app.ts'
import { busiestGridAnchor } from './made-rows.ts'

type Outlet = {
  kind: 'fixed' | 'temporary'
  status?: 'active' | 'suspended' | 'closed' | 'planned'
  licence?: [from: string, to: string]
}

/**
 * Hand-made fireworks outlets in the demo grid with the most enterprises (placed on one of them,
 * so the spatial join puts them there), with the visits a rule test needs; `remove()` deletes all
 * of it. `at(day)` pins the app's "today".
 */
export async function madeOutlets(db: Database) {
  const anchor = await busiestGridAnchor(db)
  const ids: number[] = []
  let today = '2026-10-15'
  const app = createApp({ db, today: () => today })
  return {
    gridCode: anchor.grid_code,
    townCode: anchor.town_code,
    request: authedRequest(app),
    at(day: string) {
      today = day
    },
    async outlet({ kind, status = 'active', licence }: Outlet) {
      const [row] = await db.rows<{ id: number }>(sql`
        INSERT INTO fireworks_outlets (licence_no, name, kind, status, floor_area_m2, licence_valid_from, licence_valid_to, geom)
        VALUES (${`(苏)LS〔2026〕T${String(ids.length + 1).padStart(4, '0')}`}, ${`巡查规则测试网点${ids.length + 1}`},
          ${kind}, ${status}, 20, ${licence?.[0] ?? null}::date, ${licence?.[1] ?? null}::date,
          ST_SetSRID(ST_MakePoint(${anchor.lon}::float8, ${anchor.lat}::float8), 4326))
        RETURNING id`)
      ids.push(row!.id)
      return row!.id
    },
    /** The outlet's only visit is on `on` (none when null). */
    async visit(outletId: number, on: string | null) {
      await db.rows(sql`DELETE FROM outlet_inspections WHERE outlet_id = ${outletId}::int`)
      if (on === null) return
      await db.rows(sql`INSERT INTO outlet_inspections (outlet_id, kind, inspected_on, inspectors)
        VALUES (${outletId}::int, 'routine', ${on}::date, ARRAY['测试员'])`)
    },
    async remove() {
      for (const id of ids) {
        await db.rows(sql`DELETE FROM audit_log WHERE entity = 'outlet_inspections'
          AND entity_id IN (SELECT id::text FROM outlet_inspections WHERE outlet_id = ${id}::int)`)
        await db.rows(sql`DELETE FROM outlet_inspections WHERE outlet_id = ${id}::int`)
        await db.rows(sql`DELETE FROM fireworks_outlets WHERE id = ${id}::int`)
      }
    },
  }
}

export type MadeOutlets = Awaited<ReturnType<typeof madeOutlets>>
