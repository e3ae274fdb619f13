import { once } from 'node:events'
import busboy from 'busboy'
import type { Context } from 'hono'
import { ApiError } from '../api-error.ts'
import { humanBytes, multipartLimits } from './body-limits.ts'

/** One uploaded file: its part's file name (only for messages) and its bytes. */
export type Upload = { filename: string; bytes: Uint8Array }
/** A multipart/form-data body: text parts by name (the last of a repeated name), files by name in order. */
export type MultipartBody = { fields: Map<string, string>; files: Map<string, Upload[]> }

export type MultipartLimits = { [K in keyof typeof multipartLimits]: number }
/**
 * Called with each file as soon as its last byte has arrived, while the rest of the body still
 * streams; a rejection refuses the request at once (e.g. a pixel budget passed by the 5th of 36
 * photos stops reading there, instead of after all 36).
 */
export type OnFile = (name: string, upload: Upload, index: number) => Promise<void>

const badMultipart = (why: string) =>
  new ApiError(400, `The body is not readable multipart/form-data (${why})`, undefined, 'bad_multipart')

/**
 * Parses a multipart/form-data body as it streams (busboy), within `limits` (server/http/body-limits.ts):
 * the first part, file or byte over a limit stops reading at once and refuses the request with 413,
 * so a body of 100,000 empty parts costs what its first few hundred do. Each file's bytes are
 * joined once, at its end. Byte limits on the whole body come from server/http/body-limit.ts.
 */
export async function readMultipart(
  c: Context,
  { limits = multipartLimits, onFile }: { limits?: MultipartLimits; onFile?: OnFile } = {},
): Promise<MultipartBody> {
  const body = c.req.raw.body
  const contentType = c.req.header('content-type') ?? ''
  if (!body || !contentType.toLowerCase().startsWith('multipart/form-data')) throw badMultipart('no multipart body')
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      // Busboy reports a limit when it is reached; one more makes it report only what passes the limit.
      limits: {
        parts: limits.parts + 1,
        files: limits.files,
        fieldSize: limits.fieldBytes + 1,
        fileSize: limits.fileBytes + 1,
      },
      defParamCharset: 'utf8',
    })
  } catch (error) {
    throw badMultipart(error instanceof Error ? error.message : String(error))
  }

  const fields = new Map<string, string>()
  const files = new Map<string, Upload[]>()
  // The files' checks, one after another; reading waits for them, so the first refusal is the answer.
  let checked: Promise<void> = Promise.resolve()
  const reader = body.getReader()
  let failure: unknown
  let fail: (error: unknown) => void = () => {}
  const parsed = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve)
    fail = (error) => {
      if (failure !== undefined) return
      failure = error
      reject(error)
      void reader.cancel().catch(() => {})
      parser.destroy()
    }
    parser.on('error', (error: Error) => fail(badMultipart(error.message)))
  })

  parser.on('partsLimit', () =>
    fail(
      new ApiError(413, `More than ${limits.parts} parts in one request`, { limit: limits.parts }, 'too_many_parts'),
    ),
  )
  parser.on('filesLimit', () =>
    fail(
      new ApiError(413, `More than ${limits.files} files in one request`, { limit: limits.files }, 'too_many_files'),
    ),
  )
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) {
      fail(
        new ApiError(
          413,
          `The part ${name} is larger than ${limits.fieldBytes} bytes (${humanBytes(limits.fieldBytes)})`,
          { limit: limits.fieldBytes, name },
          'payload_too_large',
        ),
      )
    } else fields.set(name, value)
  })
  parser.on('file', (name, stream, info) => {
    // A destroyed parser ends its open file with an error: that is the refusal already under way.
    stream.on('error', () => {})
    const sameName = files.get(name) ?? []
    if (sameName.length === 0) files.set(name, sameName)
    const label = `${name}.${sameName.length} (${info.filename ?? ''})`
    if (sameName.length >= limits.filesPerName) {
      stream.resume()
      fail(
        new ApiError(
          413,
          `${name}: more than ${limits.filesPerName} files; at most ${limits.filesPerName} photos are kept per hazard and stage`,
          { limit: limits.filesPerName, name },
          'too_many_files',
        ),
      )
      return
    }
    const upload: Upload = { filename: info.filename ?? '', bytes: new Uint8Array() }
    const index = sameName.push(upload) - 1
    const chunks: Buffer[] = []
    let size = 0
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.byteLength
    })
    stream.on('limit', () =>
      fail(
        new ApiError(
          413,
          `${label} is larger than ${limits.fileBytes} bytes (${humanBytes(limits.fileBytes)}), the most a photo may have`,
          { limit: limits.fileBytes },
          'payload_too_large',
        ),
      ),
    )
    stream.on('end', () => {
      const joined = Buffer.concat(chunks, size)
      upload.bytes = new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength)
      if (onFile)
        checked = checked.then(() => (failure === undefined ? onFile(name, upload, index) : undefined)).catch(fail)
    })
  })

  const pump = async () => {
    for (;;) {
      // A body over its byte limit fails here with the 413 of server/http/body-limit.ts.
      const { done, value } = await reader.read()
      await checked
      if (failure !== undefined) return
      if (done) break
      if (!parser.write(value)) await Promise.race([once(parser, 'drain'), parsed])
      // Let the parts' stream events (emitted on the next tick) run, and other requests with them,
      // before the next chunk: a body that arrives all at once cannot hold the event loop.
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
    parser.end()
  }
  await Promise.all([
    pump().catch((error: unknown) =>
      fail(error instanceof ApiError ? error : badMultipart(error instanceof Error ? error.message : String(error))),
    ),
    parsed,
  ])
  await checked
  if (failure !== undefined) throw failure
  return { fields, files }
}

/** Whether the request's body is multipart/form-data (else it is read as JSON). */
export const isMultipart = (c: Context) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')
