import { desc, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { fireworksPlans, users } from '../../../db/schema.ts'
import { ApiError, notFound } from '../../api-error.ts'
import { snake } from '../../writes/tx.ts'
import { inLayout } from '../layout.ts'
import type { PlanChange } from './schemas.ts'

/** Plain rows of a statement, from the database or inside a transaction (txRows). */
export type RowsOf = <T>(query: SQL) => Promise<T[]>

/** `{ outlet id: version }` of today's layout: a plan's base, and what adopting compares it with. */
export const layoutVersions = sql`(SELECT coalesce(jsonb_object_agg(o.id::text, o.version), '{}'::jsonb)
  FROM fireworks_outlets o WHERE ${inLayout('o')})`

const changeCount = (kind: string) =>
  sql`(SELECT count(*) FROM jsonb_array_elements(${fireworksPlans.changes}) c WHERE c->>'kind' = ${kind})::int`

/** A plan as listed; `stale`: a draft whose base no longer matches the outlets (adopting it would be refused). */
export const planListColumns = {
  id: fireworksPlans.id,
  name: fireworksPlans.name,
  year: fireworksPlans.year,
  note: fireworksPlans.note,
  status: fireworksPlans.status,
  version: fireworksPlans.version,
  createdAt: fireworksPlans.createdAt,
  updatedAt: fireworksPlans.updatedAt,
  createdByName: users.displayName,
  adoptedAt: fireworksPlans.adoptedAt,
  changeCounts: sql<{ close: number; move: number; add: number }>`jsonb_build_object('close', ${changeCount('close')},
    'move', ${changeCount('move')}, 'add', ${changeCount('add')})`,
  stale: sql<boolean>`(${fireworksPlans.status} = 'draft' AND ${fireworksPlans.base} <> ${layoutVersions})`,
}

export const planColumns = { ...planListColumns, changes: sql<PlanChange[]>`${fireworksPlans.changes}` }

/** The plans of `year` (all years without one), newest year first, then the last changed. */
export function plans(db: Database, year?: number) {
  return db.orm
    .select(planListColumns)
    .from(fireworksPlans)
    .leftJoin(users, eq(users.id, fireworksPlans.createdByUserId))
    .where(year === undefined ? undefined : eq(fireworksPlans.year, year))
    .orderBy(desc(fireworksPlans.year), desc(fireworksPlans.updatedAt), fireworksPlans.id)
}

/** One plan with its changes, or undefined. */
export async function plan(db: Pick<Database, 'orm'>, id: number) {
  const [row] = await db.orm
    .select(planColumns)
    .from(fireworksPlans)
    .leftJoin(users, eq(users.id, fireworksPlans.createdByUserId))
    .where(eq(fireworksPlans.id, id))
  return row
}

/** One plan with its changes, snake_cased as the API sends it; 404 when there is none. */
export async function storedPlan(db: Pick<Database, 'orm'>, id: number) {
  const row = await plan(db, id)
  if (!row) throw notFound(`No plan ${id}`)
  return snake(row)
}

/**
 * 422 unless every outlet a change closes or moves stands in today's layout and every supplier
 * named exists: `unknown_outlet` (details.outlet_ids) or `unknown_enterprise` (details.enterprise_ids).
 */
export async function checkReferences(rowsOf: RowsOf, changes: readonly PlanChange[]) {
  const outletIds = changes.flatMap((c) => (c.kind === 'add' ? [] : [c.outlet_id]))
  const supplierIds = changes.flatMap((c) =>
    c.kind === 'add' && c.supplier_enterprise_id ? [c.supplier_enterprise_id] : [],
  )
  const list = (ids: number[]) =>
    sql.join(
      [0, ...ids].map((id) => sql`${id}::int`),
      sql`, `,
    )
  const [found] = await rowsOf<{ outlets: number[]; enterprises: number[] }>(
    sql`SELECT
      ARRAY(SELECT o.id FROM fireworks_outlets o WHERE o.id IN (${list(outletIds)}) AND ${inLayout('o')}) AS outlets,
      ARRAY(SELECT e.id FROM enterprises e WHERE e.id IN (${list(supplierIds)})) AS enterprises`,
  )
  const missingOutlets = [...new Set(outletIds.filter((id) => !found!.outlets.includes(id)))]
  if (missingOutlets.length > 0) {
    throw new ApiError(
      422,
      `No outlet ${missingOutlets.join(', ')} in the layout (active or planned) to close or move`,
      { outlet_ids: missingOutlets },
      'unknown_outlet',
    )
  }
  const missingSuppliers = [...new Set(supplierIds.filter((id) => !found!.enterprises.includes(id)))]
  if (missingSuppliers.length > 0) {
    throw new ApiError(
      422,
      `No enterprise ${missingSuppliers.join(', ')} to supply an added outlet`,
      { enterprise_ids: missingSuppliers },
      'unknown_enterprise',
    )
  }
}
