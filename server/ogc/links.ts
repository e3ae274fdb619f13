export const jsonType = 'application/json'
export const geojsonType = 'application/geo+json'
export const schemaType = 'application/schema+json'
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
  const url = new URL(requestUrl)
  const pairs = url.search.length > 1 ? url.search.slice(1).split('&') : []
  const isOffset = (pair: string) => new URLSearchParams(pair).has('offset')
  const kept = pairs.map((pair) => (isOffset(pair) ? `offset=${offset}` : pair))
  if (!pairs.some(isOffset)) kept.push(`offset=${offset}`)
  return `${url.origin}${url.pathname}?${kept.join('&')}`
}
