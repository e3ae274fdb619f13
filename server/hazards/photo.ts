import { createHash } from 'node:crypto'
import sharp, { type OutputInfo } from 'sharp'
import { photoLimits as sharedPhotoLimits } from '../../lib/limits.ts'
import { ApiError } from '../api-error.ts'
import { photoPool } from './photo-pool.ts'

// libvips would give one image all the cores; one thread leaves the other core to the event loop
// and argon2, and the pool (photo-pool.ts) lets one image at a time in.
sharp.concurrency(1)

/**
 * What the server accepts and keeps of a hazard photo: the limits the web checks too (lib/limits.ts)
 * and the pixel budgets only the server can check (the request's byte limits: server/http/body-limits.ts).
 */
export const photoLimits = {
  ...sharedPhotoLimits,
  /** Decoded pixels an upload may have: a bigger "image" is a decompression bomb, not a photo. */
  maxInputPixels: 50_000_000,
  /**
   * Decoded pixels of all the photos of one request together, read from their headers before any
   * is decoded: sixteen 12-megapixel camera photos, or 60 of the phone's 1600 px ones, and not 36
   * PNGs of 7000×7000 px (47 KB each) that would keep a core busy for many seconds.
   */
  maxRequestPixels: 200_000_000,
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

export type PhotoHeader = { format: Format; pixels: number }

/**
 * What an upload's header says: its format (JPEG, PNG or WebP by content, else 415) and pixel
 * count (over photoLimits.maxInputPixels: 413). Nothing is decoded, so this is cheap enough to
 * run on every photo of a request before any is decoded. `name` only labels the error messages.
 */
export async function readPhotoHeader(upload: Uint8Array, name: string): Promise<PhotoHeader> {
  const known = headers.get(upload)
  if (known) return known
  if (upload.byteLength > photoLimits.maxUploadBytes) {
    throw new ApiError(
      413,
      `${name} is ${upload.byteLength} bytes; a photo may have at most ${photoLimits.maxUploadBytes} bytes (10 MB)`,
      { limit: photoLimits.maxUploadBytes, size: upload.byteLength },
      'payload_too_large',
    )
  }
  const format = sniffImageFormat(upload)
  if (!format) {
    throw new ApiError(415, `${name} is not a JPEG, PNG or WebP image`, { accepted: formats }, 'not_an_image')
  }
  let width: number | undefined
  let height: number | undefined
  try {
    const metadata = await sharp(upload, { failOn: 'error' }).metadata()
    if (metadata.format !== format) throw new Error(`decoded as ${metadata.format}`)
    ;({ width, height } = metadata)
  } catch {
    throw damaged(name, format)
  }
  if (!width || !height) throw damaged(name, format)
  if (width * height > photoLimits.maxInputPixels) throw tooManyPixels(name)
  const header = { format, pixels: width * height }
  headers.set(upload, header)
  return header
}

/**
 * Headers already read, by upload: the request's pixel budget reads each header as the file
 * arrives, and the re-encoding needs the format again; the bytes are not parsed twice.
 */
const headers = new WeakMap<Uint8Array, PhotoHeader>()

/**
 * An uploaded photo as the server keeps it: decoded (JPEG, PNG or WebP only), turned upright by its
 * EXIF orientation, its long side bounded to photoLimits.longSide, transparency on white, written
 * as a fresh JPEG without any metadata (no EXIF GPS position, camera or time). What is stored is
 * therefore always a plain JPEG the server made itself. The decoding waits its turn in the photo
 * pool. `name` only labels the error messages.
 */
export async function reencodePhoto(upload: Uint8Array, name: string): Promise<StoredPhoto> {
  const { format } = await readPhotoHeader(upload, name)
  const output = await photoPool.run(() => decode(upload, name, format))
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

async function decode(upload: Uint8Array, name: string, format: Format): Promise<{ data: Buffer; info: OutputInfo }> {
  try {
    return await sharp(upload, { limitInputPixels: photoLimits.maxInputPixels, failOn: 'error' })
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
    throw /pixel limit/i.test(message) ? tooManyPixels(name) : damaged(name, format)
  }
}

const damaged = (name: string, format: Format) =>
  new ApiError(
    415,
    `${name} could not be read as a ${format.toUpperCase()} image (damaged or incomplete)`,
    undefined,
    'not_an_image',
  )

const tooManyPixels = (name: string) =>
  new ApiError(
    413,
    `${name} has more than ${photoLimits.maxInputPixels} pixels`,
    { limit: photoLimits.maxInputPixels },
    'too_many_pixels',
  )
