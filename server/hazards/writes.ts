import { and, eq, getTableColumns } from 'drizzle-orm'
import type { Context } from 'hono'
import { hazards } from '../../db/schema.ts'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { principalOf, type Principal } from '../auth/principal.ts'
import { scopeCondition } from '../scope.ts'
import { audit, snake, type Tx } from '../writes/tx.ts'
import { sentVersion, staleVersion } from '../writes/versioned.ts'

// Geometry stays out of rows that cross the API (it goes out as GeoJSON through /ogc only).
const { geom: _geom, ...columns } = getTableColumns(hazards)
export const hazardColumns = columns

export type HazardRow = Awaited<ReturnType<typeof lockHazard>>

async function lockHazard(tx: Tx, c: Context<AppEnv>, id: number) {
  const [row] = await tx
    .select(hazardColumns)
    .from(hazards)
    .where(and(eq(hazards.id, id), scopeCondition(c.get('scope'), 'hazards')))
    .for('update')
  return row
}

export type HazardChange = Partial<Omit<typeof hazards.$inferInsert, 'id' | 'version' | 'geom'>>

/**
 * One versioned, audited, scoped change of a hazard, in one transaction: 404 outside the scope,
 * 409 on a stale version, then `decide` checks the rules (throwing ApiError) and returns the
 * columns to set. `note` is kept in the audit row's `after`.
 */
export async function changeHazard(
  c: Context<AppEnv>,
  id: number,
  body: { version?: number | undefined; note?: string | undefined },
  action: string,
  decide: (row: NonNullable<HazardRow>, principal: Principal) => HazardChange,
) {
  const principal = principalOf(c)
  const version = sentVersion(c, body.version)
  return c.get('db').orm.transaction(async (tx) => {
    const row = await lockHazard(tx, c, id)
    if (!row) throw notFound(`No hazard ${id}`)
    if (row.version !== version) throw staleVersion('hazard', snake(row) as typeof row, version)
    const change = decide(row, principal)
    const [after] = await tx
      .update(hazards)
      .set({ ...change, version: row.version + 1, updatedAt: new Date() })
      .where(eq(hazards.id, id))
      .returning(hazardColumns)
    await audit(tx, principal, {
      action,
      entity: 'hazards',
      entityId: id,
      before: snake(row),
      after: { ...snake(after!), ...(body.note ? { note: body.note } : {}) },
    })
    return after!
  })
}
