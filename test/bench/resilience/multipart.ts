/** Hand-built multipart bodies: fetch's FormData cannot send broken, truncated or enormous forms. */

export const boundary = 'ResilienceBoundary7MA4YWxkTrZu0gW'
export const multipartType = `multipart/form-data; boundary=${boundary}`

/** The smallest valid PNG (1×1, grey). */
export const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
  'base64',
)

export type Part = { name: string; filename?: string; type?: string; data: string | Uint8Array }

/** One form; `close: false` leaves out the closing boundary. */
export function multipart(parts: readonly Part[], { close = true } = {}): Buffer {
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`
    const type = part.type ?? (part.filename === undefined ? undefined : 'application/octet-stream')
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`,
      ),
      Buffer.from(part.data),
      Buffer.from('\r\n'),
    )
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return Buffer.concat(chunks)
}

/**
 * `count` empty file parts named `name`, built by repeating one part's bytes (100,000 `photos`
 * parts are ~10 MB: the request of the issue's first point, whose parts were a little shorter).
 */
export function emptyFileParts(name: string, count: number): Buffer {
  const part = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a"\r\n\r\n\r\n`)
  return Buffer.concat([Buffer.alloc(part.length * count, part), Buffer.from(`--${boundary}--\r\n`)])
}
