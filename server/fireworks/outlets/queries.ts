import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import type { outletKinds, outletStatuses } from '../../../db/schema.ts'
import { scopeCondition, type Scope } from '../../scope.ts'
import { judgedLayout } from '../engine.ts'
import { todaysLayout } from '../layout.ts'
import { ifVisible, type RuleContext } from '../rule-context.ts'

/** An outlet as the planner reads and edits it; `lon`/`lat` are the stored WGS84 coordinates, unrounded. */
export type Outlet = {
  id: number
  name: string
  licence_no: string | null
  kind: (typeof outletKinds)[number]
  status: (typeof outletStatuses)[number]
  floor_area_m2: number
  storage_limit_kg: number | null
  operator: string | null
  phone: string | null
  address: string | null
  dedicated_shop: boolean
  shares_residence: boolean
  licence_valid_from: string | null
  licence_valid_to: string | null
  supplier_enterprise_id: number | null
  /** The supplier's name and place; null when the caller's scope does not reach the supplier. */
  supplier_name: string | null
  supplier_lon: number | null
  supplier_lat: number | null
  town_code: string | null
  grid_code: string | null
  /** The system the position was sent in (lib/crs.ts); null: placed on the map in WGS84. */
  source_crs: string | null
  version: number
  /** Error-severity rules it breaks in today's layout; 0 when it is not in the layout. */
  violation_count: number
  lon: number
  lat: number
}

/** The columns of an outlet row `o` (with its supplier `e`), as `Outlet` names them. */
const outletColumns = (scope: Scope) => sql`o.id, o.name, o.licence_no, o.kind, o.status,
  o.floor_area_m2::float8 AS floor_area_m2, o.storage_limit_kg::float8 AS storage_limit_kg, o.operator, o.phone,
  o.address, o.dedicated_shop, o.shares_residence, o.licence_valid_from::text AS licence_valid_from,
  o.licence_valid_to::text AS licence_valid_to, o.supplier_enterprise_id,
  ${ifVisible(scopeCondition(scope, 'e'), sql`e.name`)} AS supplier_name,
  ${ifVisible(scopeCondition(scope, 'e'), sql`ST_X(e.geom)`)} AS supplier_lon,
  ${ifVisible(scopeCondition(scope, 'e'), sql`ST_Y(e.geom)`)} AS supplier_lat,
  o.town_code, o.grid_code, o.source_crs, o.version, ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat`

/**
 * Every outlet in the caller's scope, any status (or only `ids`), with the count of error rules it
 * breaks: the engine runs over today's layout for them in the same statement.
 */
export function outletsInScope(db: Database, context: RuleContext, ids?: readonly number[]): Promise<Outlet[]> {
  const only = ids
    ? sql`AND o.id IN (${sql.join(
        [0, ...ids].map((id) => sql`${id}::int`),
        sql`, `,
      )})`
    : sql``
  return db.rows<Outlet>(sql`
    WITH ${judgedLayout(context, todaysLayout, only)}
    SELECT ${outletColumns(context.scope)}, coalesce(n.errors, 0)::int AS violation_count
    FROM fireworks_outlets o
    LEFT JOIN enterprises e ON e.id = o.supplier_enterprise_id
    LEFT JOIN (SELECT subject_id, count(*) AS errors FROM v WHERE severity = 'error' GROUP BY subject_id) n
      ON n.subject_id = o.id
    WHERE ${scopeCondition(context.scope, 'o')} ${only}
    ORDER BY o.id`)
}

/** The outlets as a GeoJSON FeatureCollection of points; the properties are `Outlet` without lon/lat. */
export function outletFeatures(outlets: Outlet[]) {
  return {
    type: 'FeatureCollection' as const,
    features: outlets.map(({ lon, lat, ...properties }) => ({
      type: 'Feature' as const,
      id: properties.id,
      geometry: { type: 'Point' as const, coordinates: [lon, lat] as [number, number] },
      properties,
    })),
  }
}

/** The names of outlets by id (any status, unscoped: for a county-wide plan's export). */
export async function outletNames(db: Database, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.rows<{ id: number; name: string }>(
    sql`SELECT id, name FROM fireworks_outlets WHERE id IN (${sql.join(
      [0, ...ids].map((id) => sql`${id}::int`),
      sql`, `,
    )})`,
  )
  return new Map(rows.map((row) => [row.id, row.name]))
}
