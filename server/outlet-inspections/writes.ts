import { outletInspections } from '../../db/schema.ts'
import { notFound } from '../api-error.ts'
import { audit, snake, type Writer } from '../writes/tx.ts'
import { outletInScope, outletInspectionColumns } from './queries.ts'
import type { OutletInspectionBody } from './schemas.ts'

/**
 * Records a visit to an outlet in one transaction, audited: 404 when the outlet is outside the
 * caller's scope (a grid officer records only in their grids). The trigger of migration 0005 gives
 * the visit its outlet's town and grid. A new row, so no version to compare.
 */
export function saveOutletInspection({ db, scope, principal }: Writer, outletId: number, body: OutletInspectionBody) {
  return db.orm.transaction(async (tx) => {
    if (!(await outletInScope(tx, scope, outletId))) throw notFound(`No fireworks outlet ${outletId}`)
    const [visit] = await tx
      .insert(outletInspections)
      .values({
        outletId,
        kind: body.kind,
        inspectedOn: body.inspected_on,
        inspectors: body.inspectors,
        findings: body.findings ?? null,
        createdByUserId: principal.userId,
        clientRequestId: body.client_request_id ?? null,
      })
      .returning(outletInspectionColumns)
    await audit(tx, principal, {
      action: 'create',
      entity: 'outlet_inspections',
      entityId: visit!.id,
      after: snake(visit!),
    })
    return visit!
  })
}
