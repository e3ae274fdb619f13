import { inArray, sql, type SQL } from 'drizzle-orm'
import { hazardPhotos, type hazardPhotoStages } from '../../db/schema.ts'
import type { Tx } from '../writes/tx.ts'

export type PhotoStage = (typeof hazardPhotoStages)[number]
/**
 * What the hazards' JSON says of each photo; the bytes are at /api/hazards/{id}/photos/{photo id}.
 * The uploader decides who may remove it (server/rules/listing-actions.ts `photo_delete:<id>`).
 */
export type PhotoMeta = {
  id: number
  stage: PhotoStage
  width: number
  height: number
  uploaded_by_user_id: number | null
}

/** The photos of the hazard aliased `alias`, as a JSON array of PhotoMeta (oldest first), for a SELECT list. */
export const photosJson = (alias: string): SQL =>
  sql`(SELECT coalesce(json_agg(json_build_object('id', p.id, 'stage', p.stage, 'width', p.width,
    'height', p.height, 'uploaded_by_user_id', p.uploaded_by_user_id) ORDER BY p.id), '[]'::json) FROM hazard_photos p WHERE p.hazard_id = ${sql.raw(alias)}.id)`

const metaColumns = {
  id: hazardPhotos.id,
  hazardId: hazardPhotos.hazardId,
  stage: hazardPhotos.stage,
  width: hazardPhotos.width,
  height: hazardPhotos.height,
  uploaded_by_user_id: hazardPhotos.uploadedByUserId,
}

/** PhotoMeta of these hazards, by hazard id. */
export async function photosOf(tx: Pick<Tx, 'select'>, hazardIds: number[]): Promise<Map<number, PhotoMeta[]>> {
  const byHazard = new Map<number, PhotoMeta[]>(hazardIds.map((id) => [id, []]))
  if (hazardIds.length === 0) return byHazard
  const rows = await tx
    .select(metaColumns)
    .from(hazardPhotos)
    .where(inArray(hazardPhotos.hazardId, hazardIds))
    .orderBy(hazardPhotos.id)
  for (const { hazardId, ...meta } of rows) byHazard.get(hazardId)?.push(meta)
  return byHazard
}
