import type { SQL } from 'drizzle-orm'
import { z } from 'zod'
import { badRequest } from '../api-error.ts'
import { exactText, idParam, maxInt } from '../http/values.ts'
import { filterableProperties, type Collection, type Filter, type Property } from './collections.ts'
import { filterLangs, parseFilter } from './cql2.ts'
import { datetimeCondition, parseDatetime } from './datetime.ts'
import { filterCondition } from './filter-sql.ts'
import { bboxInCrs, crs84, crsUris, findCrs, type Bbox, type BboxNumbers, type Crs } from './crs.ts'

/**
 * Page size: 1000 by default (a town's enterprises in one request, a county layer in a few), at
 * most 10,000 (a whole county layer; keeps one response to a few MB). A larger `limit` is clamped,
 * as OGC API – Features Part 1 (/req/core/fc-limit-response-1) allows.
 */
export const defaultLimit = 1000
export const maxLimit = 10_000

export type PropertyFilter = { property: Property & { filter: Filter }; value: string }
export type ItemsQuery = {
  bbox?: Bbox
  crs: Crs
  limit: number
  offset: number
  filters: PropertyFilter[]
  /** Conditions from `filter` (CQL2) and `datetime`, already checked and parameterised. */
  where: SQL[]
}

/** Parameters every items request may carry besides the collection's property filters. */
const itemsParameters = [
  'bbox',
  'bbox-crs',
  'limit',
  'offset',
  'f',
  'crs',
  'filter',
  'filter-lang',
  'filter-crs',
  'datetime',
] as const
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

/** The CRS answers are written in (CRS84 unless `crs` names another); `f` is the route's (server/ogc/format.ts). */
function answerCrs(params: URLSearchParams): Crs {
  const crs = params.get('crs')
  return crs === null ? crs84 : parse('crs', crsSchema('crs'), crs, { allowed: crsUris })
}

/** The allowed query parameters of a collection's items: the standard ones, then its filters. */
export const itemsParameterNames = (collection: Collection) => [
  ...itemsParameters,
  ...filterableProperties(collection).map((property) => property.name),
]

/** An HTML page shows fewer features by default: a table a person reads, with its map. */
export const htmlDefaultLimit = 100

export function parseItemsQuery(
  collection: Collection,
  params: URLSearchParams,
  { pageSize = defaultLimit }: { pageSize?: number } = {},
): ItemsQuery {
  checkNames(params, itemsParameterNames(collection))
  const crs = answerCrs(params)
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
  const datetime = params.get('datetime')
  return {
    ...(bbox === null ? {} : { bbox: bboxInCrs(parse('bbox', bboxSchema, bbox), bboxCrs, bbox) }),
    crs,
    limit: limit === null ? pageSize : parse('limit', limitSchema, limit),
    offset: offset === null ? 0 : parse('offset', offsetSchema, offset),
    filters,
    where: [
      ...cqlCondition(collection, params),
      ...(datetime === null ? [] : [datetimeCondition(collection, parseDatetime(collection, datetime))]),
    ],
  }
}

/** `filter` in `filter-lang` (cql2-text by default) with `filter-crs` (CRS84 by default) as SQL. */
function cqlCondition(collection: Collection, params: URLSearchParams): SQL[] {
  const filter = params.get('filter')
  const langText = params.get('filter-lang')
  const crsText = params.get('filter-crs')
  if (filter === null) {
    const stray = langText !== null ? 'filter-lang' : crsText !== null ? 'filter-crs' : undefined
    if (stray) throw badRequest(`${stray} is given without filter`, { parameter: stray })
    return []
  }
  const lang =
    langText === null ? 'cql2-text' : parse('filter-lang', filterLangSchema, langText, { allowed: filterLangs })
  const filterCrs =
    crsText === null ? crs84 : parse('filter-crs', crsSchema('filter-crs'), crsText, { allowed: crsUris })
  return [filterCondition(collection, parseFilter(filter, lang), filterCrs)]
}

const filterLangSchema = z.enum(filterLangs, {
  error: `filter-lang must be one of: ${filterLangs.join(', ')} (cql-text is the draft name GDAL 3.6 sends)`,
})

/** Checks that a request without parameters has none (queryables). */
export function checkNoParameters(params: URLSearchParams) {
  checkNames(params, ['f'])
  const f = params.get('f')
  if (f !== null && f !== 'json') throw badRequest('f must be json here', { parameter: 'f', value: f })
}

/** Checks a single feature's query; returns the CRS it is written in. */
export function parseFeatureQuery(params: URLSearchParams): Crs {
  checkNames(params, featureParameters)
  return answerCrs(params)
}

/** A feature id as the collection's key type, or undefined when it cannot name a feature. */
export function parseFeatureId(collection: Collection, featureId: string): string | number | undefined {
  // A key PostgreSQL could not hold (a NUL, an int beyond 2^31−1) names nothing.
  if (collection.key.type === 'text') return exactText(100).safeParse(featureId).success ? featureId : undefined
  const parsed = idParam.safeParse(featureId)
  return parsed.success ? parsed.data : undefined
}

/** Files are written in CRS84 (WGS84 lon/lat, as desktop GIS and the importer read them). */
export function checkExportCrs(query: ItemsQuery) {
  if (query.crs.uri !== crs84.uri) {
    throw badRequest(`files are written in CRS84; crs must be ${crs84.uri} or left out`, {
      parameter: 'crs',
      value: query.crs.uri,
      allowed: [crs84.uri],
    })
  }
}
