import type { Context, MiddlewareHandler } from 'hono'
import { errorBody } from '../api-error.ts'

const isApi = (path: string) => /^\/(api|ogc)(\/|$)/.test(path)
export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
/** The bodies the API reads; text/plain and form-urlencoded are what a cross-site form or no-cors fetch can send. */
const acceptedTypes = ['application/json', 'multipart/form-data']

/** A write carries a body when it says so; app.request() in tests sends none of the lengths, only the type. */
function hasBody(c: Context): boolean {
  const length = c.req.header('content-length')
  if (length !== undefined) return Number(length) > 0
  return c.req.header('transfer-encoding') !== undefined || c.req.header('content-type') !== undefined
}

/**
 * Before anyone is authenticated, every write (not GET/HEAD/OPTIONS) to /api or /ogc: a browser's
 * `Sec-Fetch-Site: cross-site` is refused (403 `cross_origin`, whatever the credential: no page
 * on another site has any business writing here, the log-in included), and a body must be JSON or
 * multipart (415 `unsupported_media_type`), so no "simple" cross-site request reaches a handler.
 * Writes without a body (log-out, an event-stream ticket) need no type. Cross-site *reads* are
 * left alone: SameSite=Lax sends the cookie only on a top-level navigation, which shows the user
 * their own JSON, and CORS keeps other sites from reading answers.
 */
export const writeGuard: MiddlewareHandler = async (c, next) => {
  if (isSafeMethod(c.req.method) || !isApi(c.req.path)) return next()
  if (c.req.header('sec-fetch-site') === 'cross-site') {
    return c.json(errorBody('Cross-site write refused', 'cross_origin'), 403)
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (hasBody(c) && !acceptedTypes.includes(type)) {
    return c.json(errorBody('Send the body as application/json or multipart/form-data', 'unsupported_media_type'), 415)
  }
  await next()
}
