import { badRequest } from '../api-error.ts'

/**
 * JSON (GeoJSON for features) or a server-rendered HTML page (server/ogc/html/). `f` decides when
 * given; without it a browser's Accept does: HTML only when text/html is named, with a weight above
 * zero and at least that of every JSON type it names. `*\/*` alone (curl, GDAL, QGIS) stays JSON,
 * so no existing client sees a change.
 */
export type Format = 'json' | 'html'

const jsonTypes = ['application/json', 'application/geo+json', 'application/schema+json']

/** The weight (q) of each media type an Accept header names. */
function weights(accept: string): Map<string, number> {
  const byType = new Map<string, number>()
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = params.find((param) => param.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (type && Number.isFinite(weight)) byType.set(type, Math.max(byType.get(type) ?? 0, weight))
  }
  return byType
}

export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false
  const byType = weights(accept)
  const html = byType.get('text/html') ?? 0
  return html > 0 && jsonTypes.every((type) => (byType.get(type) ?? 0) <= html)
}

/**
 * The answer's format. `jsonNames` are the values of `f` that mean JSON here (items also take
 * geojson); `fileNames` the files the route answers itself (items: server/ogc/exports/), named in
 * the 400 for anything else.
 */
export function answerFormat(
  f: string | null,
  accept: string | undefined,
  jsonNames: readonly string[] = ['json'],
  fileNames: readonly string[] = [],
) {
  if (f === null) return prefersHtml(accept) ? 'html' : 'json'
  if (f === 'html') return 'html'
  if (jsonNames.includes(f)) return 'json'
  const allowed = [...jsonNames, 'html', ...fileNames]
  throw badRequest(`f must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`, {
    parameter: 'f',
    value: f,
    allowed,
  })
}
