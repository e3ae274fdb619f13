export const jsonType = 'application/json'
export const geojsonType = 'application/geo+json'
export const schemaType = 'application/schema+json'
export const htmlType = 'text/html'
export const queryablesRel = 'http://www.opengis.net/def/rel/ogc/1.0/queryables'

export type Link = { href: string; rel: string; type: string; title?: string }

/** Absolute URL of an OGC API path ("/collections/…") on the origin the request came to. */
export function ogcUrl(requestUrl: string, path = ''): string {
  return `${new URL(requestUrl).origin}/ogc${path}`
}

/**
 * The request's own URL with only `offset` changed: every other parameter (bbox, filters, limit, f…)
 * is kept byte for byte, because clients such as GDAL follow next links blindly and a link that
 * dropped bbox would turn a small query into a walk over the whole table.
 */
export function withOffset(requestUrl: string, offset: number): string {
  return withParams(requestUrl, { offset: String(offset) })
}

/**
 * The request's own URL with the `changes` set (replaced where present, appended otherwise), every
 * other parameter kept byte for byte: the next page, or the same page in another format.
 */
export function withParams(requestUrl: string, changes: Record<string, string>): string {
  const url = new URL(requestUrl)
  const pairs = url.search.length > 1 ? url.search.slice(1).split('&') : []
  const nameOf = (pair: string) => [...new URLSearchParams(pair).keys()][0]
  const encoded = (name: string) => `${encodeURIComponent(name)}=${encodeURIComponent(changes[name]!)}`
  const kept = pairs.map((pair) => {
    const name = nameOf(pair)
    return name !== undefined && Object.hasOwn(changes, name) ? encoded(name) : pair
  })
  const present = new Set(pairs.map(nameOf))
  for (const name of Object.keys(changes)) if (!present.has(name)) kept.push(encoded(name))
  return `${url.origin}${url.pathname}?${kept.join('&')}`
}
