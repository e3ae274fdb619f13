import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'

/** What a 304 keeps of the 200 it stands for (RFC 9110 §15.4.5). */
const kept304Headers = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary']

const matches = (etag: string, ifNoneMatch: string | null) =>
  ifNoneMatch === '*' ||
  (ifNoneMatch?.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === etag.replace(/^W\//, ''))

/**
 * Weak ETags from a SHA-1 of the body, and 304 for a matching If-None-Match (DESIGN §4).
 *
 * Hono's etag middleware hashes a `clone()` of the response, and with it the app now and then
 * handed back a response whose body counted as already read ("Body is unusable"): 3 and 6 in 300
 * pairs of /api/stats/grids + /towns reads on PostGIS, 0 in 600 with this one. These answers are
 * JSON or GeoJSON built whole in memory, so the body is read once here and a new response made of it.
 */
export const bodyEtag: MiddlewareHandler = async (c, next) => {
  const ifNoneMatch = c.req.header('if-none-match') ?? null
  await next()
  if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !c.res.ok || !c.res.body) return
  // A file (an attachment: the layer exports) streams; hashing would read it whole before its first byte.
  if (c.res.headers.get('content-disposition')?.startsWith('attachment')) return
  let etag = c.res.headers.get('etag')
  if (!etag) {
    const body = new Uint8Array(await c.res.arrayBuffer())
    etag = `W/"${createHash('sha1').update(body).digest('hex')}"`
    const headers = new Headers(c.res.headers)
    headers.set('etag', etag)
    c.res = new Response(body, { status: c.res.status, statusText: c.res.statusText, headers })
  }
  if (matches(etag, ifNoneMatch)) {
    const headers = new Headers()
    for (const name of kept304Headers) {
      const value = c.res.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    // Through undefined, so Hono does not copy the 200's headers (content-type, length) onto the 304.
    c.res = undefined
    c.res = new Response(null, { status: 304, headers })
  }
}
