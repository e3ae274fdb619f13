import { and, eq, sql } from 'drizzle-orm'
import { hazards, inspections } from '../../db/schema.ts'
import { ApiError, notFound } from '../api-error.ts'
import type { StoredPhoto } from '../hazards/photo.ts'
import { insertPhotos } from '../hazards/photo-writes.ts'
import { hazardColumns } from '../hazards/queries.ts'
import { scopeCondition } from '../scope.ts'
import { audit, snake, txRows, type Writer } from '../writes/tx.ts'
import { staleVersion, versionRequired } from '../writes/versioned.ts'
import { inspectionColumns, inspectionTarget, savedResult, type InspectionRow } from './queries.ts'
import type { InspectionBody } from './schemas.ts'

/**
 * Saves an inspection in one transaction: a new one, or the planned one it completes (locked,
 * versioned: `version` is what the caller sent, 428 without one), then its hazards — each copying
 * the enterprise's location, reported by the caller — with their re-encoded photos. 404 when the
 * enterprise or the planned inspection is outside the caller's scope; everything audited.
 */
export function saveInspection(
  { db, scope, principal }: Writer,
  body: InspectionBody,
  photos: StoredPhoto[][],
  version: number | undefined,
) {
  return db.orm.transaction(async (tx) => {
    const enterpriseId = body.enterprise_id
    if ((await inspectionTarget(tx, scope, enterpriseId)) === 'no_enterprise') {
      throw notFound(`No enterprise ${enterpriseId}`)
    }
    const visit = {
      kind: body.kind,
      status: 'done' as const,
      inspectedOn: body.inspected_on,
      inspectors: body.inspectors,
      findings: body.findings ?? null,
      clientRequestId: body.client_request_id ?? null,
    }
    let inspection: InspectionRow | undefined
    if (body.planned_inspection_id === undefined) {
      ;[inspection] = await tx
        .insert(inspections)
        .values({ enterpriseId, ...visit })
        .returning(inspectionColumns)
      await audit(tx, principal, {
        action: 'create',
        entity: 'inspections',
        entityId: inspection!.id,
        after: snake(inspection!),
      })
    } else {
      const planned = body.planned_inspection_id
      const [before] = await tx
        .select(inspectionColumns)
        .from(inspections)
        .where(and(eq(inspections.id, planned), scopeCondition(scope, 'inspections')))
        .for('update')
      if (!before || before.enterpriseId !== enterpriseId) {
        throw notFound(`No planned inspection ${planned} of enterprise ${enterpriseId}`)
      }
      if (version === undefined) throw versionRequired()
      if (before.version !== version) throw staleVersion('inspection', snake(before), version)
      if (before.status !== 'planned') throw new ApiError(422, `Inspection ${planned} is already done`)
      ;[inspection] = await tx
        .update(inspections)
        .set({ ...visit, version: before.version + 1, updatedAt: new Date() })
        .where(eq(inspections.id, planned))
        .returning(inspectionColumns)
      await audit(tx, principal, {
        action: 'complete',
        entity: 'inspections',
        entityId: planned,
        before: snake(before),
        after: snake(inspection!),
      })
    }
    for (const [i, h] of body.hazards.entries()) {
      // The geometry is copied inside PostgreSQL, exactly; the trigger assigns town and grid.
      const [{ id }] = (await txRows<{ id: number }>(
        tx,
        sql`INSERT INTO hazards (enterprise_id, inspection_id, level, status, category, description, found_on, found_by,
            reported_by_user_id, deadline, geom)
          SELECT e.id, ${inspection!.id}::int, ${h.level}, ${h.deadline ? 'assigned' : 'reported'}, ${h.category ?? null},
            ${h.description}, ${body.inspected_on}::date, ${principal.displayName}, ${principal.userId}::int,
            ${h.deadline ?? null}::date, e.geom
          FROM enterprises e WHERE e.id = ${enterpriseId}::int
          RETURNING id`,
      )) as [{ id: number }]
      const [row] = await tx.select(hazardColumns).from(hazards).where(eq(hazards.id, id))
      await audit(tx, principal, { action: 'create', entity: 'hazards', entityId: id, after: snake(row!) })
      await insertPhotos(tx, principal, id, 'found', photos[i] ?? [])
    }
    return savedResult(tx, inspection!)
  })
}
