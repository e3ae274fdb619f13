import { Unzip, UnzipInflate, unzipSync } from 'fflate'
import iconv from 'iconv-lite'
import { importLimits } from '../../../lib/limits.ts'
import { readError } from './problems.ts'
import { ImportReadError } from './types.ts'

export interface ZipEntry {
  /** The name as a person reads it (a GBK name stored without the UTF-8 flag decoded). */
  name: string
  /** The name as fflate gives it, which is how the entry is found again when inflating. */
  rawName: string
  /** Bytes the zip's central directory says the entry expands to. */
  originalSize: number
}

/** Bytes pushed to the inflating stream at a time: one push expands to at most ~16 MB (deflate's 1:1032). */
const pushBytes = 16 * 1024

const corrupt = (fileName: string) => readError('zip_corrupt', fileName, '压缩包不完整或已损坏，请重新压缩后上传')

const tooLarge = (fileName: string) =>
  readError(
    'zip_too_large',
    fileName,
    `压缩包解压后超过 ${importLimits.maxUnzippedBytes / 1024 / 1024} MB 的上限（疑似压缩炸弹），已拒绝`,
  )

/**
 * A name fflate read without the UTF-8 flag comes as latin1 (one char per byte): Windows' zip
 * writes Chinese names that way in GBK, macOS' in UTF-8 without the flag. The bytes are taken back
 * and decoded as UTF-8 when they are valid UTF-8, else as GBK. (A flagged UTF-8 name made only of
 * latin1 letters would be read again; it is ASCII in practice, which both readings keep.)
 */
export function entryName(raw: string): string {
  const codes = [...raw].map((c) => c.charCodeAt(0))
  if (codes.some((code) => code > 0xff) || codes.every((code) => code < 0x80)) return raw
  const bytes = Buffer.from(raw, 'latin1')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return iconv.decode(bytes, 'gb18030')
  }
}

export const isZip = (bytes: Uint8Array) =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)

/**
 * The zip's entries from its central directory, nothing inflated: more entries or more declared
 * bytes than the limits is refused here, before anything is expanded. Folders are left out.
 */
export function listZip(fileName: string, bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = []
  let count = 0
  let declared = 0
  try {
    unzipSync(bytes, {
      filter(file) {
        count += 1
        declared += file.originalSize
        if (count > importLimits.maxZipEntries)
          throw readError(
            'zip_too_many_entries',
            fileName,
            `压缩包中的文件超过 ${importLimits.maxZipEntries} 个，已拒绝`,
          )
        if (declared > importLimits.maxUnzippedBytes) throw tooLarge(fileName)
        if (!file.name.endsWith('/'))
          entries.push({ name: entryName(file.name), rawName: file.name, originalSize: file.originalSize })
        return false
      },
    })
  } catch (error) {
    if (error instanceof ImportReadError) throw error
    throw corrupt(fileName)
  }
  return entries
}

/**
 * The chosen entries' bytes, inflated as a stream a small piece at a time, so an entry that
 * expands beyond what the central directory declared (a zip that lies about its sizes) is stopped
 * at once rather than after filling the memory.
 */
export function extractZip(fileName: string, bytes: Uint8Array, wanted: readonly ZipEntry[]): Map<string, Uint8Array> {
  const want = new Map(wanted.map((entry) => [entry.rawName, entry]))
  const found = new Map<string, Uint8Array>()
  let total = 0
  let failure: ImportReadError | undefined
  const unzip = new Unzip((file) => {
    const entry = want.get(file.name)
    if (!entry || found.has(file.name)) return
    const chunks: Uint8Array[] = []
    let size = 0
    file.ondata = (error, chunk, final) => {
      if (failure) return
      if (error) {
        failure = corrupt(fileName)
        return
      }
      size += chunk.length
      total += chunk.length
      if (size > entry.originalSize || total > importLimits.maxUnzippedBytes) {
        failure = tooLarge(fileName)
        file.terminate()
        return
      }
      chunks.push(chunk)
      if (final) found.set(file.name, Buffer.concat(chunks, size))
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  try {
    for (let start = 0; start < bytes.length && !failure; start += pushBytes)
      unzip.push(bytes.subarray(start, start + pushBytes), start + pushBytes >= bytes.length)
  } catch {
    throw corrupt(fileName)
  }
  if (failure) throw failure
  if (wanted.some((entry) => !found.has(entry.rawName))) throw corrupt(fileName)
  return found
}
