import { and, count, eq } from 'drizzle-orm'
import { hazardPhotos } from '../../db/schema.ts'
import { ApiError } from '../api-error.ts'
import type { Principal } from '../auth/principal.ts'
import { audit, type Tx } from '../writes/tx.ts'
import { photoLimits, type StoredPhoto } from './photo.ts'
import type { PhotoMeta, PhotoStage } from './photo-queries.ts'

/** The photo's row as the audit log keeps it: everything but the bytes. */
export const photoAuditRow = (row: Omit<typeof hazardPhotos.$inferSelect, 'bytes'>) => ({
  id: row.id,
  hazard_id: row.hazardId,
  stage: row.stage,
  content_type: row.contentType,
  width: row.width,
  height: row.height,
  byte_size: row.byteSize,
  sha256: row.sha256,
  uploaded_by_user_id: row.uploadedByUserId,
})

/**
 * Adds re-encoded photos to a hazard inside the write's transaction, audited one by one without
 * their bytes. The caller has locked the hazard row, so the count check holds under concurrency.
 */
export async function insertPhotos(
  tx: Tx,
  principal: Principal,
  hazardId: number,
  stage: PhotoStage,
  photos: StoredPhoto[],
): Promise<PhotoMeta[]> {
  if (photos.length === 0) return []
  const [{ n }] = (await tx
    .select({ n: count() })
    .from(hazardPhotos)
    .where(and(eq(hazardPhotos.hazardId, hazardId), eq(hazardPhotos.stage, stage)))) as [{ n: number }]
  if (n + photos.length > photoLimits.maxPerHazardStage) {
    throw new ApiError(
      422,
      `Hazard ${hazardId} would have ${n + photos.length} ${stage} photos; at most ${photoLimits.maxPerHazardStage} are kept per hazard and stage (it has ${n})`,
      { hazard_id: hazardId, stage, existing: n, sent: photos.length, limit: photoLimits.maxPerHazardStage },
      'too_many_photos',
    )
  }
  const metas: PhotoMeta[] = []
  for (const photo of photos) {
    const [row] = await tx
      .insert(hazardPhotos)
      .values({ hazardId, stage, uploadedByUserId: principal.userId, ...photo })
      .returning()
    const { bytes: _bytes, ...kept } = row!
    await audit(tx, principal, {
      action: 'create',
      entity: 'hazard_photos',
      entityId: kept.id,
      after: photoAuditRow(kept),
    })
    metas.push({
      id: kept.id,
      stage: kept.stage,
      width: kept.width,
      height: kept.height,
      uploaded_by_user_id: kept.uploadedByUserId,
    })
  }
  return metas
}
