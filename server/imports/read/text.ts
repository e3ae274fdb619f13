import iconv from 'iconv-lite'
import { readError } from './problems.ts'

export type TextEncoding = 'utf-8' | 'gbk'

const utf8Bom = [0xef, 0xbb, 0xbf]

export const hasUtf8Bom = (bytes: Uint8Array) => utf8Bom.every((b, i) => bytes[i] === b)

/** Whether the bytes are valid UTF-8 (strictly: one bad sequence and they are not). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** GBK text as Windows writes it; decoded as GB18030, its superset, so no character is lost. */
export const decodeGbk = (bytes: Uint8Array) =>
  iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'gb18030')

/**
 * A text file's bytes as a string. A UTF-8 BOM means UTF-8; 'auto' takes UTF-8 when the bytes are
 * valid UTF-8 and GBK otherwise (a Chinese Excel's "CSV" is GBK); an explicit 'utf-8' on bytes that
 * are not UTF-8 is refused with the hint to choose GBK rather than read as mojibake.
 */
export function decodeText(
  fileName: string,
  bytes: Uint8Array,
  encoding: 'auto' | TextEncoding,
): { text: string; encoding: TextEncoding } {
  const bom = hasUtf8Bom(bytes)
  if (encoding === 'gbk' && !bom) return { text: decodeGbk(bytes), encoding: 'gbk' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    if (encoding === 'utf-8' || bom)
      throw readError('not_utf8', fileName, '不是有效的 UTF-8 文本（可能是 GBK 编码），请选择 GBK 编码后重试')
    return { text: decodeGbk(bytes), encoding: 'gbk' }
  }
}
