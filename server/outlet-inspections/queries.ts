import { and, desc, eq, getTableColumns } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { fireworksOutlets, outletInspections } from '../../db/schema.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import type { Tx } from '../writes/tx.ts'

export const outletInspectionColumns = getTableColumns(outletInspections)
export type OutletInspectionRow = typeof outletInspections.$inferSelect

/** Reads inside or outside a transaction. */
type Reader = Pick<Tx, 'select'>

/** The outlet with what the visit rule reads (server/rules/outlet-visit-due.ts), if it is in the caller's scope. */
export async function outletInScope(q: Reader, scope: Scope, id: number) {
  const o = fireworksOutlets
  const [outlet] = await q
    .select({
      id: o.id,
      name: o.name,
      licence_no: o.licenceNo,
      kind: o.kind,
      status: o.status,
      licence_valid_from: o.licenceValidFrom,
      licence_valid_to: o.licenceValidTo,
      town_code: o.townCode,
      grid_code: o.gridCode,
    })
    .from(o)
    .where(and(eq(o.id, id), scopeCondition(scope, 'fireworks_outlets')))
  return outlet
}

/** The outlet's visits, newest first (the latest date, then the latest recorded). */
export function visitsOf(db: Database, scope: Scope, outletId: number) {
  return db.orm
    .select(outletInspectionColumns)
    .from(outletInspections)
    .where(and(eq(outletInspections.outletId, outletId), scopeCondition(scope, 'outlet_inspections')))
    .orderBy(desc(outletInspections.inspectedOn), desc(outletInspections.id))
}

/** The visit a save with this client_request_id made before, in the caller's scope. */
export async function earlierOutletSave(q: Reader, scope: Scope, key: string) {
  const [earlier] = await q
    .select(outletInspectionColumns)
    .from(outletInspections)
    .where(and(eq(outletInspections.clientRequestId, key), scopeCondition(scope, 'outlet_inspections')))
  return earlier
}
