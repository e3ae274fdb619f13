import { z } from 'zod'
import { badRequest } from '../api-error.ts'
import { exactText, idParam, maxInt } from '../http/values.ts'
import { filterableProperties, type Collection, type Filter, type Property } from './collections.ts'
import { crs84, crsUris, findCrs, type Crs } from './crs.ts'

/**
 * Page size: 1000 by default (a town's enterprises in one request, a county layer in a few), at
 * most 10,000 (a whole county layer; keeps one response to a few MB). A larger `limit` is clamped,
 * as OGC API – Features Part 1 (/req/core/fc-limit-response-1) allows.
 */
export const defaultLimit = 1000
export const maxLimit = 10_000

/** The four bbox numbers in the order of the bbox CRS's axes, 6-number bboxes reduced to 4. */
type BboxNumbers = [number, number, number, number]
/** A bbox as x/y (east, north) corners [minX, minY, maxX, maxY] in `crs`. */
export type Bbox = { xy: [number, number, number, number]; crs: Crs }
export type PropertyFilter = { property: Property & { filter: Filter }; value: string }
export type ItemsQuery = { bbox?: Bbox; crs: Crs; limit: number; offset: number; filters: PropertyFilter[] }

/** Parameters every items request may carry besides the collection's property filters. */
const itemsParameters = ['bbox', 'bbox-crs', 'limit', 'offset', 'f', 'crs'] as const
const featureParameters = ['f', 'crs'] as const

const decimal = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/
const digits = /^\d+$/

const bboxSchema = z.string().transform((value, ctx): BboxNumbers => {
  const parts = value.split(',').map((part) => part.trim())
  if (parts.length !== 4 && parts.length !== 6) {
    ctx.addIssue({
      code: 'custom',
      message: `bbox must be 4 comma-separated numbers (lower corner, upper corner in the axis order of bbox-crs; minLon,minLat,maxLon,maxLat in CRS84), or 6 with heights; got ${parts.length} value(s)`,
    })
    return z.NEVER
  }
  const notNumber = parts.find((part) => !decimal.test(part))
  if (notNumber !== undefined) {
    ctx.addIssue({ code: 'custom', message: `bbox values must be decimal numbers; "${notNumber}" is not` })
    return z.NEVER
  }
  const numbers = parts.map(Number)
  // With 6 values the heights are the 3rd and 6th; they are ignored.
  return (numbers.length === 6 ? [0, 1, 3, 4] : [0, 1, 2, 3]).map((i) => numbers[i]!) as BboxNumbers
})

/**
 * Where a bbox may lie in each CRS, as x/y: the world in degrees; EPSG:3857's square; for the
 * Gauss-Krüger zone EPSG:4549, eastings within 500 km of the false easting and northings from the
 * equator to 60°N — wider than its area of use, narrow enough that PostGIS's inverse projection
 * stays defined (farther out it errors, which must be a 400, not a 500).
 */
function bboxBounds(crs: Crs): { bounds: BboxNumbers; text: string } {
  if (crs.geographic) {
    return {
      bounds: [-180, -90, 180, 90],
      text: 'longitudes must be within [-180, 180] and latitudes within [-90, 90]',
    }
  }
  if (crs.srid === 3857) {
    return {
      bounds: [-20037508.35, -20048966.11, 20037508.35, 20048966.11],
      text: 'x and y must be within ±20037508.35 m',
    }
  }
  return {
    bounds: [0, 0, 1_000_000, 6_700_000],
    text: 'eastings must be within [0, 1000000] m and northings within [0, 6700000] m',
  }
}

/** The bbox's corners as x/y in its CRS, checked against the CRS's bounds and for inversion. */
function bboxInCrs(numbers: BboxNumbers, crs: Crs, value: string): Bbox {
  const [a, b, c, d] = numbers
  const xy: Bbox['xy'] = crs.northFirst ? [b, a, d, c] : [a, b, c, d]
  const [minX, minY, maxX, maxY] = xy
  const { bounds, text } = bboxBounds(crs)
  const inside = (x: number, y: number) => x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3]
  const axes = crs.geographic
    ? crs.northFirst
      ? 'minLat,minLon,maxLat,maxLon'
      : 'minLon,minLat,maxLon,maxLat'
    : crs.northFirst
      ? 'minNorthing,minEasting,maxNorthing,maxEasting'
      : 'minX,minY,maxX,maxY'
  const details = { parameter: 'bbox', value, bbox_crs: crs.uri, axis_order: axes }
  if (!inside(minX, minY) || !inside(maxX, maxY)) {
    const where = crs.geographic ? 'the world' : `what ${crs.uri} covers`
    throw badRequest(`bbox is outside ${where}: ${text} (axis order ${axes} in ${crs.uri})`, details)
  }
  // Sheyang never crosses the antimeridian, so minLon > maxLon is a mistake, not a wrap-around.
  if (minX > maxX || minY > maxY) {
    throw badRequest(`bbox is inverted: in ${crs.uri} the order is ${axes}, lower corner first`, details)
  }
  return { xy, crs }
}

const crsSchema = (name: string) =>
  z.string().transform((value, ctx): Crs => {
    const crs = findCrs(value)
    if (crs) return crs
    ctx.addIssue({ code: 'custom', message: `${name} must be one of: ${crsUris.join(', ')}` })
    return z.NEVER
  })

const limitSchema = z
  .string()
  .regex(digits, 'limit must be a positive integer')
  .transform(Number)
  .refine((limit) => limit >= 1, 'limit must be a positive integer')
  .transform((limit) => Math.min(limit, maxLimit))

const offsetSchema = z
  .string()
  .regex(digits, 'offset must be a non-negative integer')
  .transform(Number)
  .refine((offset) => offset <= maxInt, `offset must be at most ${maxInt}`)

const formatSchema = z.enum(['json', 'geojson'], {
  error: 'f must be json or geojson (GeoJSON is the only format served)',
})

function filterSchema(name: string, filter: Filter): z.ZodType<string> {
  switch (filter.kind) {
    case 'enum':
      return z.enum(filter.values as [string, ...string[]], {
        error: `${name} must be one of: ${filter.values.join(', ')}`,
      })
    case 'boolean':
      return z.enum(['true', 'false'], { error: `${name} must be true or false` })
    case 'integer':
      return z.string().regex(/^\d{1,9}$/, `${name} must be a non-negative integer`)
    case 'text':
      return z.string().min(1, `${name} must not be empty`).max(200, `${name} is too long`).pipe(exactText(200))
  }
}

/** Runs one parameter through its schema; a failure is a 400 naming the parameter. */
function parse<T>(name: string, schema: z.ZodType<T>, value: string, details: Record<string, unknown> = {}): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw badRequest(result.error.issues[0]?.message ?? `${name} is invalid`, { parameter: name, value, ...details })
}

/** Rejects parameters outside `allowed` and parameters given twice. */
function checkNames(params: URLSearchParams, allowed: readonly string[]) {
  const names = [...params.keys()]
  const unknown = [...new Set(names.filter((name) => !allowed.includes(name)))]
  if (unknown.length > 0) {
    throw badRequest(
      `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`,
      {
        unknown,
        allowed,
      },
    )
  }
  const repeated = names.find((name, index) => names.indexOf(name) !== index)
  if (repeated !== undefined)
    throw badRequest(`Query parameter ${repeated} is given more than once`, { parameter: repeated })
}

/** Checks `f`; returns the CRS answers are written in (CRS84 unless `crs` names another). */
function formatAndCrs(params: URLSearchParams): Crs {
  const f = params.get('f')
  if (f !== null) parse('f', formatSchema, f)
  const crs = params.get('crs')
  return crs === null ? crs84 : parse('crs', crsSchema('crs'), crs, { allowed: crsUris })
}

/** The allowed query parameters of a collection's items: the standard ones, then its filters. */
export const itemsParameterNames = (collection: Collection) => [
  ...itemsParameters,
  ...filterableProperties(collection).map((property) => property.name),
]

export function parseItemsQuery(collection: Collection, params: URLSearchParams): ItemsQuery {
  checkNames(params, itemsParameterNames(collection))
  const crs = formatAndCrs(params)
  const bboxCrsText = params.get('bbox-crs')
  const bboxCrs =
    bboxCrsText === null ? crs84 : parse('bbox-crs', crsSchema('bbox-crs'), bboxCrsText, { allowed: crsUris })
  const bbox = params.get('bbox')
  const limit = params.get('limit')
  const offset = params.get('offset')
  const filters = filterableProperties(collection).flatMap((property): PropertyFilter[] => {
    const value = params.get(property.name)
    if (value === null) return []
    const allowed = property.filter.kind === 'enum' ? { allowed: property.filter.values } : {}
    return [{ property, value: parse(property.name, filterSchema(property.name, property.filter), value, allowed) }]
  })
  return {
    ...(bbox === null ? {} : { bbox: bboxInCrs(parse('bbox', bboxSchema, bbox), bboxCrs, bbox) }),
    crs,
    limit: limit === null ? defaultLimit : parse('limit', limitSchema, limit),
    offset: offset === null ? 0 : parse('offset', offsetSchema, offset),
    filters,
  }
}

/** Checks a single feature's query; returns the CRS it is written in. */
export function parseFeatureQuery(params: URLSearchParams): Crs {
  checkNames(params, featureParameters)
  return formatAndCrs(params)
}

/** A feature id as the collection's key type, or undefined when it cannot name a feature. */
export function parseFeatureId(collection: Collection, featureId: string): string | number | undefined {
  // A key PostgreSQL could not hold (a NUL, an int beyond 2^31−1) names nothing.
  if (collection.key.type === 'text') return exactText(100).safeParse(featureId).success ? featureId : undefined
  const parsed = idParam.safeParse(featureId)
  return parsed.success ? parsed.data : undefined
}
