import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { hazardPhotos, type hazardPhotoStages } from '../../db/schema.ts'
import { ApiError, badRequest } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { Principal } from '../auth/principal.ts'
import { photoLimits, reencodePhoto, type StoredPhoto } from '../hazards/photo.ts'
import { audit, type Tx } from './tx.ts'

export type PhotoStage = (typeof hazardPhotoStages)[number]
/** What the hazards' JSON says of each photo; the bytes are at /api/hazards/{id}/photos/{photo id}. */
export type PhotoMeta = { id: number; stage: PhotoStage; width: number; height: number }

/** The photos of the hazard aliased `alias`, as a JSON array of PhotoMeta (oldest first), for a SELECT list. */
export const photosJson = (alias: string): SQL =>
  sql`(SELECT coalesce(json_agg(json_build_object('id', p.id, 'stage', p.stage, 'width', p.width,
    'height', p.height) ORDER BY p.id), '[]'::json) FROM hazard_photos p WHERE p.hazard_id = ${sql.raw(alias)}.id)`

const metaColumns = {
  id: hazardPhotos.id,
  hazardId: hazardPhotos.hazardId,
  stage: hazardPhotos.stage,
  width: hazardPhotos.width,
  height: hazardPhotos.height,
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
    metas.push({ id: kept.id, stage: kept.stage, width: kept.width, height: kept.height })
  }
  return metas
}

/** DESIGN §7: a too-big body is refused while it is read, before it fills the memory. */
export const photoBodyLimit = bodyLimit({
  maxSize: photoLimits.maxRequestBytes,
  onError: (c) =>
    c.json(
      {
        error: `The request is larger than ${photoLimits.maxRequestBytes} bytes (40 MB); send fewer photos at a time, each at most 10 MB`,
        code: 'payload_too_large',
        details: { limit: photoLimits.maxRequestBytes },
      },
      413,
    ),
})

export const isMultipart = (c: Context<AppEnv>) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')

/** The parts of a multipart/form-data body: text fields and files by name, repeated names kept in order. */
export async function readMultipart(c: Context<AppEnv>) {
  let form: Record<string, string | File | (string | File)[]>
  try {
    form = await c.req.parseBody({ all: true })
  } catch {
    throw badRequest('The body is not readable multipart/form-data')
  }
  const fields = new Map<string, string>()
  const files = new Map<string, File[]>()
  for (const [name, value] of Object.entries(form)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (typeof part === 'string') fields.set(name, part)
      else files.set(name, [...(files.get(name) ?? []), part])
    }
  }
  return { fields, files }
}

/** Re-encodes uploaded files (413 too big, 415 not an image), named in errors by `label(i)`. */
export async function reencodeUploads(files: File[], label: (i: number, file: File) => string) {
  const photos: StoredPhoto[] = []
  for (const [i, file] of files.entries()) {
    const name = label(i, file)
    if (file.size > photoLimits.maxUploadBytes) {
      throw new ApiError(
        413,
        `${name} is ${file.size} bytes; a photo may have at most ${photoLimits.maxUploadBytes} bytes (10 MB)`,
        { limit: photoLimits.maxUploadBytes, size: file.size },
      )
    }
    photos.push(await reencodePhoto(new Uint8Array(await file.arrayBuffer()), name))
  }
  return photos
}
