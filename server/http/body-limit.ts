import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../api-error.ts'
import { bodyLimitFor, humanBytes } from './body-limits.ts'

const tooLarge = (limit: number, advice: string | undefined) =>
  new ApiError(
    413,
    `The request is larger than ${limit} bytes (${humanBytes(limit)})${advice ? `; ${advice}` : ''}`,
    { limit },
    'payload_too_large',
  )

/**
 * Bounds every request body by its route's limit (server/http/body-limits.ts), mounted before
 * authentication so an anonymous client is bounded too. A declared Content-Length over the limit
 * is refused before a byte is read; otherwise the body is counted as it is read, whatever the
 * header said or when there is none (chunked), and reading fails with the 413 as soon as the
 * count passes the limit. A body nobody reads costs nothing.
 */
export const limitBody: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
  const { limit, advice } = bodyLimitFor(c.req.method, c.req.path, c.req.header('content-type'))
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > limit) throw tooLarge(limit, advice)
  const body = c.req.raw.body
  if (!body) return next()
  let size = 0
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength
        if (size > limit) throw tooLarge(limit, advice)
        controller.enqueue(chunk)
      },
    }),
  )
  // A stream body needs `duplex` in Node's Request; the DOM typings do not know the option.
  const init: RequestInit & { duplex: 'half' } = { body: counted, duplex: 'half' }
  c.req.raw = new Request(c.req.raw, init)
  return next()
}
