import { createHash } from 'node:crypto'
import sharp, { type OutputInfo } from 'sharp'
import { ApiError } from '../api-error.ts'

/** What the server accepts and keeps of a hazard photo. */
export const photoLimits = {
  /** Bytes of one uploaded file, before re-encoding (a phone's full-size JPEG fits). */
  maxUploadBytes: 10 * 1024 * 1024,
  /** Bytes of one request body: several photos, or an inspection with its hazards' photos. */
  maxRequestBytes: 40 * 1024 * 1024,
  /** Photos per hazard and stage (整改前 / 整改后). */
  maxPerHazardStage: 9,
  /** The stored JPEG's long side, in pixels. */
  longSide: 1600,
  /** Decoded pixels an upload may have: a bigger "image" is a decompression bomb, not a photo. */
  maxInputPixels: 50_000_000,
}

const formats = ['jpeg', 'png', 'webp'] as const
type Format = (typeof formats)[number]

/** The image format by its first bytes; the client's MIME type and file name are not trusted. */
export function sniffImageFormat(bytes: Uint8Array): Format | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v)
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp'
  return null
}

export type StoredPhoto = {
  contentType: 'image/jpeg'
  bytes: Uint8Array
  width: number
  height: number
  byteSize: number
  sha256: string
}

/**
 * An uploaded photo as the server keeps it: decoded (JPEG, PNG or WebP only), turned upright by its
 * EXIF orientation, its long side bounded to photoLimits.longSide, transparency on white, written
 * as a fresh JPEG without any metadata (no EXIF GPS position, camera or time). What is stored is
 * therefore always a plain JPEG the server made itself. `name` only labels the error messages.
 */
export async function reencodePhoto(upload: Uint8Array, name: string): Promise<StoredPhoto> {
  if (upload.byteLength > photoLimits.maxUploadBytes) {
    throw new ApiError(
      413,
      `${name} is ${upload.byteLength} bytes; a photo may have at most ${photoLimits.maxUploadBytes} bytes (10 MB)`,
      { limit: photoLimits.maxUploadBytes, size: upload.byteLength },
    )
  }
  const format = sniffImageFormat(upload)
  if (!format) throw new ApiError(415, `${name} is not a JPEG, PNG or WebP image`, { accepted: formats })
  let output: { data: Buffer; info: OutputInfo }
  try {
    const image = sharp(upload, { limitInputPixels: photoLimits.maxInputPixels, failOn: 'error' })
    const metadata = await image.metadata()
    if (metadata.format !== format) throw new Error(`decoded as ${metadata.format}`)
    output = await image
      .rotate()
      .resize({
        width: photoLimits.longSide,
        height: photoLimits.longSide,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/pixel limit/i.test(message)) {
      throw new ApiError(413, `${name} has more than ${photoLimits.maxInputPixels} pixels`, {
        limit: photoLimits.maxInputPixels,
      })
    }
    throw new ApiError(415, `${name} could not be read as a ${format.toUpperCase()} image (damaged or incomplete)`)
  }
  const bytes = new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength)
  return {
    contentType: 'image/jpeg',
    bytes,
    width: output.info.width,
    height: output.info.height,
    byteSize: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
}
