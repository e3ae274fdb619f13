import { and, eq, getTableColumns } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { hazardPhotos, hazards } from '../../db/schema.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { Tx } from '../writes/tx.ts'

// Geometry stays out of rows that cross the API (it goes out as GeoJSON through /ogc only).
const { geom: _geom, ...columns } = getTableColumns(hazards)
/** Every column of a hazard but its geometry. */
export const hazardColumns = columns

export type HazardRow = Omit<typeof hazards.$inferSelect, 'geom'>

/** Reads inside or outside a transaction. */
type Reader = Pick<Tx, 'select'>

/** The hazard, if it is in the caller's scope. */
export async function hazardInScope(db: Database, scope: Scope, id: number): Promise<HazardRow | undefined> {
  const [row] = await db.orm
    .select(hazardColumns)
    .from(hazards)
    .where(and(eq(hazards.id, id), scopeCondition(scope, 'hazards')))
  return row
}

/** The hazard's id and status if it is in the caller's scope; `lock` holds the row for a write. */
export async function hazardStatusInScope(q: Reader, scope: Scope, id: number, lock = false) {
  const query = q
    .select({ id: hazards.id, status: hazards.status })
    .from(hazards)
    .where(and(eq(hazards.id, id), scopeCondition(scope, 'hazards')))
  const [row] = lock ? await query.for('update') : await query
  return row
}

/** A stored photo's bytes, type and hash, if its hazard is in the caller's scope. */
export async function photoFile(db: Database, scope: Scope, hazardId: number, photoId: number) {
  const [row] = await db.orm
    .select({ bytes: hazardPhotos.bytes, contentType: hazardPhotos.contentType, sha256: hazardPhotos.sha256 })
    .from(hazardPhotos)
    .innerJoin(hazards, eq(hazards.id, hazardPhotos.hazardId))
    .where(and(eq(hazardPhotos.id, photoId), eq(hazards.id, hazardId), scopeCondition(scope, 'hazards')))
  return row
}
