import { sql, type SQL } from 'drizzle-orm'
import { placeSql } from '../candidate-check.ts'
import { inLayout, outletLayoutColumns, type LayoutSql } from '../layout.ts'
import type { PlanChange } from './schemas.ts'

type AddChange = Extract<PlanChange, { kind: 'add' }>

/** The id an added outlet has in a plan's layout: −1, −2, … in the order of the plan's adds. */
export const addedIds = (changes: readonly PlanChange[]) => {
  const refs = new Map<number, string>()
  changes.filter((c): c is AddChange => c.kind === 'add').forEach((c, i) => refs.set(-(i + 1), c.ref))
  return refs
}

const intList = (ids: number[]) =>
  ids.length === 0
    ? sql`ARRAY[]::int[]`
    : sql`ARRAY[${sql.join(
        ids.map((id) => sql`${id}::int`),
        sql`, `,
      )}]::int[]`

/**
 * A plan's layout (server/fireworks/layout.ts): today's outlets with the plan's changes applied —
 * closed ones gone, moved ones at their new point, added ones standing as planned outlets without
 * a licence — each moved or added outlet placed in its town and grid as the spatial-join trigger
 * would place it. The outlets the plan does not touch are read from the table inside the
 * NOT MATERIALIZED `layout`, so the spacing rule still searches them through the GiST index; only
 * the changed ones (at most 2,000) are a materialized list beside them. A close or move of an
 * outlet no longer in the layout (a stored plan gone stale) changes nothing.
 */
export function planLayout(changes: readonly PlanChange[]): LayoutSql {
  const touched = changes.flatMap((c) => (c.kind === 'add' ? [] : [c.outlet_id]))
  const moves = changes.flatMap((c) => (c.kind === 'move' ? [{ id: c.outlet_id, lon: c.lon, lat: c.lat }] : []))
  const adds = changes
    .filter((c): c is AddChange => c.kind === 'add')
    .map((c, i) => ({
      id: -(i + 1),
      name: c.name,
      kind: c.outlet_kind,
      floor_area_m2: c.floor_area_m2,
      dedicated_shop: c.dedicated_shop,
      shares_residence: c.shares_residence,
      lon: c.lon,
      lat: c.lat,
    }))
  const point = (alias: string): SQL => sql.raw(`ST_SetSRID(ST_MakePoint(${alias}.lon, ${alias}.lat), 4326)`)
  return {
    ctes: sql`plan_changed AS MATERIALIZED (
        SELECT o.id, o.name, o.kind, o.status, o.licence_no, o.floor_area_m2, o.dedicated_shop, o.shares_residence,
          o.licence_valid_from, o.licence_valid_to, p.town_code, p.grid_code, ${point('m')} AS geom
        FROM jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) AS m(id int, lon float8, lat float8)
        JOIN fireworks_outlets o ON o.id = m.id AND ${inLayout('o')}
        CROSS JOIN LATERAL (${placeSql(point('m'))}) p
        UNION ALL
        SELECT a.id, a.name, a.kind, 'planned', NULL::text, a.floor_area_m2::numeric, a.dedicated_shop,
          a.shares_residence, NULL::date, NULL::date, p.town_code, p.grid_code, ${point('a')}
        FROM jsonb_to_recordset(${JSON.stringify(adds)}::jsonb)
          AS a(id int, name text, kind text, floor_area_m2 float8, dedicated_shop boolean, shares_residence boolean,
            lon float8, lat float8)
        CROSS JOIN LATERAL (${placeSql(point('a'))}) p
      ), layout AS NOT MATERIALIZED (
        SELECT ${outletLayoutColumns('o')} FROM fireworks_outlets o
        WHERE ${inLayout('o')} AND o.id <> ALL(${intList(touched)})
        UNION ALL
        SELECT * FROM plan_changed
      )`,
  }
}
