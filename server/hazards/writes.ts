import { and, eq, getTableColumns, sql } from 'drizzle-orm'
import { hazardPhotos, hazards } from '../../db/schema.ts'
import { ApiError, notFound, type ErrorCode } from '../api-error.ts'
import type { Principal } from '../auth/principal.ts'
import { mayDeletePhoto } from '../rules/listing-actions.ts'
import { daysOverdue, escalationLevelFor, hazardOverdue, type EscalationRule } from '../rules/overdue.ts'
import { scopeCondition } from '../scope.ts'
import { audit, snake, type Tx, type Writer } from '../writes/tx.ts'
import { staleVersion } from '../writes/versioned.ts'
import type { StoredPhoto } from './photo.ts'
import type { PhotoMeta, PhotoStage } from './photo-queries.ts'
import { insertPhotos, photoAuditRow } from './photo-writes.ts'
import { hazardColumns, hazardStatusInScope, type HazardRow } from './queries.ts'

export const unprocessable = (message: string, details?: unknown, code: ErrorCode = 'unprocessable') =>
  new ApiError(422, message, details, code)

export type HazardChange = Partial<Omit<typeof hazards.$inferInsert, 'id' | 'version' | 'geom'>>

/**
 * One versioned, audited, scoped change of a hazard, in one transaction: 404 outside the scope,
 * 409 on a stale version, then `decide` checks the rules (throwing ApiError) and returns the
 * columns to set. `note` is kept in the audit row's `after`.
 */
export async function changeHazard(
  { db, scope, principal }: Writer,
  id: number,
  sent: { version: number; note?: string | undefined },
  action: string,
  decide: (row: HazardRow, principal: Principal) => HazardChange,
): Promise<HazardRow> {
  return db.orm.transaction(async (tx) => {
    const [row] = await tx
      .select(hazardColumns)
      .from(hazards)
      .where(and(eq(hazards.id, id), scopeCondition(scope, 'hazards')))
      .for('update')
    if (!row) throw notFound(`No hazard ${id}`)
    if (row.version !== sent.version) throw staleVersion('hazard', snake(row), sent.version)
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
      after: { ...snake(after!), ...(sent.note ? { note: sent.note } : {}) },
    })
    return after!
  })
}

export type Escalation = { id: number; from: number; to: number; days_overdue: number }

/** Raises the overdue hazards in scope to the level `rule` gives them (never lowers one), audited. */
export async function escalateOverdue({ db, scope, principal }: Writer, today: string, rule: EscalationRule) {
  return db.orm.transaction(async (tx) => {
    const overdue = await tx
      .select(hazardColumns)
      .from(hazards)
      .where(and(hazardOverdue('hazards', sql`${today}::date`), scopeCondition(scope, 'hazards')))
      .orderBy(hazards.id)
      .for('update')
    const changes: Escalation[] = []
    for (const row of overdue) {
      const days = daysOverdue(row, today)
      const level = escalationLevelFor(days, rule)
      if (level <= row.escalationLevel) continue
      const [after] = await tx
        .update(hazards)
        .set({ escalationLevel: level, version: row.version + 1, updatedAt: new Date() })
        .where(eq(hazards.id, row.id))
        .returning(hazardColumns)
      await audit(tx, principal, {
        action: 'escalate',
        entity: 'hazards',
        entityId: row.id,
        before: snake(row),
        after: snake(after!),
      })
      changes.push({ id: row.id, from: row.escalationLevel, to: level, days_overdue: days })
    }
    return changes
  })
}

/** 404 unless the hazard is in the caller's scope, 422 once it is closed; `lock` holds it for the write. */
export async function photosMayChange(q: Pick<Tx, 'select'>, scope: Writer['scope'], id: number, lock = false) {
  const row = await hazardStatusInScope(q, scope, id, lock)
  if (!row) throw notFound(`No hazard ${id}`)
  if (row.status === 'closed')
    throw unprocessable(`Hazard ${id} is closed; its photos can no longer change`, undefined, 'hazard_closed')
}

/** Stores re-encoded photos of a hazard in one transaction, the hazard locked and checked again. */
export function addPhotos(writer: Writer, id: number, stage: PhotoStage, photos: StoredPhoto[]): Promise<PhotoMeta[]> {
  return writer.db.orm.transaction(async (tx) => {
    await photosMayChange(tx, writer.scope, id, true)
    return insertPhotos(tx, writer.principal, id, stage, photos)
  })
}

/** Removes a photo (its uploader, county or admin; not once the hazard is closed), audited without its bytes. */
export async function deletePhoto({ db, scope, principal }: Writer, id: number, photo: number): Promise<void> {
  await db.orm.transaction(async (tx) => {
    const hazard = await hazardStatusInScope(tx, scope, id, true)
    if (!hazard) throw notFound(`No hazard ${id}`)
    const { bytes: _bytes, ...columns } = getTableColumns(hazardPhotos)
    const [row] = await tx
      .select(columns)
      .from(hazardPhotos)
      .where(and(eq(hazardPhotos.id, photo), eq(hazardPhotos.hazardId, id)))
    if (!row) throw notFound(`No photo ${photo} of hazard ${id}`)
    if (hazard.status === 'closed')
      throw unprocessable(`Hazard ${id} is closed; its photos are part of its record`, undefined, 'hazard_closed')
    if (!mayDeletePhoto(principal, row.uploadedByUserId)) {
      throw new ApiError(
        403,
        'A photo is removed by the user who uploaded it, or by a county or admin user',
        { uploaded_by_user_id: row.uploadedByUserId },
        'photo_not_yours',
      )
    }
    await tx.delete(hazardPhotos).where(eq(hazardPhotos.id, photo))
    await audit(tx, principal, {
      action: 'delete',
      entity: 'hazard_photos',
      entityId: photo,
      before: photoAuditRow(row),
    })
  })
}
