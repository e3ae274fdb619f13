import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { hazardPhotos, type hazardPhotoStages } from '../../db/schema.ts'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { Principal } from '../auth/principal.ts'
import { photoLimits, readPhotoHeader, reencodePhoto, type StoredPhoto } from './photo.ts'
import { audit, type Tx } from '../writes/tx.ts'

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

export const isMultipart = (c: Context<AppEnv>) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')

/** An uploaded file and what names it in errors (e.g. `photos.0 (IMG_0001.jpg)`). */
export type NamedUpload = { name: string; bytes: Uint8Array }

/**
 * Re-encodes the uploads of one request (413 too big, 415 not an image). Every header is read
 * first and the request's pixels summed against photoLimits.maxRequestPixels, so a request over
 * its budget costs no decoding at all; then the photos are decoded one after another through the
 * process's photo pool, so one request never holds more than one decoding slot. The caller has
 * checked the scope already: out of scope costs nothing here.
 */
/**
 * The pixels of one request's photos, summed from their headers as each arrives and refused (413
 * pixel_budget) the moment the sum passes photoLimits.maxRequestPixels: a header costs no decoding,
 * and a request over its budget is refused before the rest of it is even read.
 */
export function pixelBudget() {
  let pixels = 0
  return async ({ name, bytes }: NamedUpload) => {
    pixels += (await readPhotoHeader(bytes, name)).pixels
    if (pixels > photoLimits.maxRequestPixels) {
      throw new ApiError(
        413,
        `The photos of this request have at least ${pixels} pixels together; a request may have at most ${photoLimits.maxRequestPixels} (send fewer or smaller photos at a time)`,
        { budget: photoLimits.maxRequestPixels, pixels },
        'pixel_budget',
      )
    }
  }
}

/**
 * Re-encodes the uploads of one request (413 too big, 415 not an image). Every header is read
 * first and the request's pixels summed against the budget, so a request over it costs no decoding
 * at all; then the photos are decoded one after another through the process's photo pool, so one
 * request never holds more than one decoding slot. The caller has checked the scope already: out
 * of scope costs nothing here.
 */
export async function reencodeUploads(uploads: NamedUpload[]): Promise<StoredPhoto[]> {
  const budget = pixelBudget()
  for (const upload of uploads) await budget(upload)
  const photos: StoredPhoto[] = []
  for (const { name, bytes } of uploads) photos.push(await reencodePhoto(bytes, name))
  return photos
}
