import { and, eq, getTableColumns } from 'drizzle-orm'
import { enterprises, hazards, inspections } from '../../db/schema.ts'
import { photosOf } from '../hazards/photo-queries.ts'
import { hazardColumns } from '../hazards/queries.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { Tx } from '../writes/tx.ts'

export const inspectionColumns = getTableColumns(inspections)
export type InspectionRow = typeof inspections.$inferSelect

/** Reads inside or outside a transaction. */
type Reader = Pick<Tx, 'select'>

/**
 * Whether an inspection of this enterprise (completing `plannedId`, when given) may be saved by the
 * caller: `no_enterprise` when the enterprise is outside their scope, `no_planned` when the planned
 * inspection is not one of its own in their scope.
 */
export async function inspectionTarget(q: Reader, scope: Scope, enterpriseId: number, plannedId?: number) {
  const [enterprise] = await q
    .select({ id: enterprises.id })
    .from(enterprises)
    .where(and(eq(enterprises.id, enterpriseId), scopeCondition(scope, 'enterprises')))
  if (!enterprise) return 'no_enterprise' as const
  if (plannedId === undefined) return 'in_scope' as const
  const [planned] = await q
    .select({ enterpriseId: inspections.enterpriseId })
    .from(inspections)
    .where(and(eq(inspections.id, plannedId), scopeCondition(scope, 'inspections')))
  return planned?.enterpriseId === enterpriseId ? ('in_scope' as const) : ('no_planned' as const)
}

/** What a save answers: the inspection, its hazards with their photos. */
export async function savedResult(q: Reader, inspection: InspectionRow) {
  const created = await q
    .select(hazardColumns)
    .from(hazards)
    .where(eq(hazards.inspectionId, inspection.id))
    .orderBy(hazards.id)
  const photos = await photosOf(
    q,
    created.map((h) => h.id),
  )
  return { inspection, hazards: created.map((h) => ({ ...h, photos: photos.get(h.id)! })) }
}
export type SavedInspection = Awaited<ReturnType<typeof savedResult>>

/** The inspection a save with this client_request_id made before, in the caller's scope. */
export async function earlierSave(q: Reader, scope: Scope, key: string): Promise<InspectionRow | undefined> {
  const [earlier] = await q
    .select(inspectionColumns)
    .from(inspections)
    .where(and(eq(inspections.clientRequestId, key), scopeCondition(scope, 'inspections')))
  return earlier
}
