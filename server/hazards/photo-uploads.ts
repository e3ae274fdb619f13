import { ApiError } from '../api-error.ts'
import { photoLimits, readPhotoHeader, reencodePhoto, type StoredPhoto } from './photo.ts'

/** An uploaded file and what names it in errors (e.g. `photos.0 (IMG_0001.jpg)`). */
export type NamedUpload = { name: string; bytes: Uint8Array }

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
