/**
 * OGC API – Features, Part 1: Core + GeoJSON (DESIGN §4), mounted at /ogc.
 *
 * | method | path                                        | returns                                        |
 * |--------|---------------------------------------------|------------------------------------------------|
 * | GET    | /ogc                                        | landing page: title and links                  |
 * | GET    | /ogc/conformance                            | conformance classes (Part 1, Part 2 crs)       |
 * | GET    | /ogc/api                                    | OpenAPI 3.0 document (GDAL reads the filters)  |
 * | GET    | /ogc/collections                            | every collection with its scoped extent        |
 * | GET    | /ogc/collections/{collectionId}             | one collection                                 |
 * | GET    | /ogc/collections/{collectionId}/queryables  | JSON Schema of what `filter` may name          |
 * | GET    | /ogc/collections/{collectionId}/items       | FeatureCollection page (application/geo+json)  |
 * | GET    | /ogc/collections/{collectionId}/items/{id}  | one Feature (application/geo+json)             |
 *
 * Collections (server/ogc/collections.ts): towns, grids, enterprises, dust, confined-spaces,
 * fireworks-outlets, sensitive-sites, zones, hazards. Items take bbox (in bbox-crs, CRS84 by
 * default), limit (default 1000, clamped to 10000), offset, f=json|geojson, crs (server/ogc/crs.ts:
 * CRS84, EPSG:4326, 4490, 4549, 3857; Content-Crs names it) and the collection's property filters
 * (?town_code=…&risk_level=…), filter + filter-lang (cql2-text, cql2-json; server/ogc/cql2.ts)
 * + filter-crs, and datetime on the collections with a date (hazards, dust, fireworks-outlets);
 * anything else is a 400 that lists what is allowed.
 *
 * Files (issue 12, server/ogc/exports/): items with f=csv|xlsx|shp|gpkg|geojson-file answer the whole
 * match of every filter above as an attachment with a Chinese name, not a page (limit and offset do
 * not apply; crs must be CRS84): CSV and XLSX with Chinese headers and labels (lon/lat columns for
 * points), a zipped GBK shapefile, a GeoPackage, one GeoJSON FeatureCollection. CSV, XLSX and GeoJSON
 * stream; more than lib/limits.ts exportLimits.maxFeatures features is a 413 export_too_large.
 *
 * The landing page, conformance, collections, one collection, items and one item also answer as
 * HTML (server/ogc/html/): with f=html, or without f to a browser whose Accept names text/html
 * (server/ogc/format.ts). Each answer links to the other format as `alternate`.
 */
import { Hono, type Context } from 'hono'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { collectionIds, collections, findCollection, type Collection } from './collections.ts'
import { contentCrs, crs84, crs84Uri, crsUris, type Crs } from './crs.ts'
import type { ExtentRow } from './feature-sql.ts'
import { exportFile, exportFileName, exportFormats, isExportFormat, type ExportFormat } from './exports/files.ts'
import { answerFormat, type Format } from './format.ts'
import {
  collectionPage,
  collectionsPage,
  conformancePage,
  itemPage,
  itemsPage as itemsHtml,
  landingPage,
} from './html/views.ts'
import type { Feature } from './html/views.ts'
import { localHref } from './html/page.ts'
import {
  geojsonType,
  htmlType,
  jsonType,
  ogcUrl,
  queryablesRel,
  schemaType,
  withOffset,
  withParams,
  type Link,
} from './links.ts'
import { openApiDocument, openApiType } from './openapi.ts'
import {
  checkExportCrs,
  checkNoParameters,
  htmlDefaultLimit,
  parseFeatureId,
  parseFeatureQuery,
  parseItemsQuery,
} from './params.ts'
import { queryablesDocument } from './queryables.ts'
import { attachment } from '../http/table-files.ts'
import { collectionExtents, featureText, itemsPage, type OgcReader } from './queries.ts'

const title = '射阳县安全生产网格化监管'

const conformsTo = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/property-property',
]

type Ctx = Context<AppEnv>

function collectionOrThrow(id: string): Collection {
  const collection = findCollection(id)
  if (!collection)
    throw notFound(`No collection "${id}"; collections: ${collectionIds.join(', ')}`, { collections: collectionIds })
  return collection
}

const reader = (c: Ctx): OgcReader => ({ db: c.get('db'), scope: c.get('scope'), today: c.get('today') })

/** The answer's format from `f` and Accept; items and features also take f=geojson. */
const formatOf = (c: Ctx, jsonNames?: readonly string[], fileNames?: readonly string[]) =>
  answerFormat(new URL(c.req.url).searchParams.get('f'), c.req.header('accept'), jsonNames, fileNames)

/**
 * The document's links for the answer's format: as JSON, its links and the HTML page as
 * `alternate`; as HTML, self typed text/html and the JSON (`jsonMedia`) as `alternate`, with
 * `extra` parameters (the page's limit) so it is the same page.
 */
function formatLinks(
  c: Ctx,
  format: Format,
  links: Link[],
  jsonMedia = jsonType,
  extra: Record<string, string> = {},
): Link[] {
  if (format === 'json') {
    return [...links, { href: withParams(c.req.url, { f: 'html' }), rel: 'alternate', type: htmlType, title: 'HTML' }]
  }
  return [
    ...links.map((link) => (link.rel === 'self' ? { ...link, type: htmlType } : link)),
    { href: withParams(c.req.url, { ...extra, f: 'json' }), rel: 'alternate', type: jsonMedia, title: 'JSON' },
  ]
}

/** The file formats of a collection's items, as links (the items also answer them with `f`). */
const exportTypes: Record<ExportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  shp: 'application/zip',
  gpkg: 'application/geopackage+sqlite3',
  'geojson-file': geojsonType,
}

/** The whole filtered layer as a file (server/ogc/exports/files.ts). */
async function exportAnswer(c: Ctx, collection: Collection, params: URLSearchParams, format: ExportFormat) {
  const query = parseItemsQuery(collection, params)
  checkExportCrs(query)
  const file = await exportFile(reader(c), collection, query, format)
  const { name, ascii } = exportFileName(collection, format, c.get('today'))
  return c.body(file.body, 200, {
    'Content-Type': file.type,
    'Content-Disposition': attachment(name, ascii),
    'X-Total-Count': String(file.count),
  })
}

const alternateOf = (links: Link[]) => links.find((link) => link.rel === 'alternate')!

function describe(c: Ctx, collection: Collection, extent: ExtentRow | undefined) {
  const self = ogcUrl(c.req.url, `/collections/${collection.id}`)
  const bbox =
    extent && extent.min_lon !== null ? [extent.min_lon, extent.min_lat, extent.max_lon, extent.max_lat] : undefined
  return {
    id: collection.id,
    title: collection.title,
    description: collection.description,
    links: [
      { href: self, rel: 'self', type: jsonType, title: collection.title },
      { href: `${self}/items`, rel: 'items', type: geojsonType, title: `${collection.title} (GeoJSON)` },
      { href: `${self}/items?f=html`, rel: 'items', type: htmlType, title: `${collection.title} (HTML)` },
      ...exportFormats.map((f) => ({
        href: `${self}/items?f=${f}`,
        rel: 'enclosure',
        type: exportTypes[f],
        title: `${collection.title}（${f}，整层下载）`,
      })),
      // The registered relation, then the draft's bare name that GDAL 3.6 looks for.
      { href: `${self}/queryables`, rel: queryablesRel, type: schemaType, title: '可查询属性' },
      { href: `${self}/queryables`, rel: 'queryables', type: schemaType, title: '可查询属性' },
    ] satisfies Link[] as Link[],
    // An empty (or wholly out-of-scope) collection has no extent to report.
    ...(bbox ? { extent: { spatial: { bbox: [bbox], crs: crs84Uri } } } : {}),
    itemType: 'feature',
    crs: crsUris,
    storageCrs: crs84Uri,
  }
}

function geojson(c: Ctx, body: string, crs: Crs) {
  return c.body(body, 200, { 'Content-Type': geojsonType, 'Content-Crs': contentCrs(crs) })
}

/** Seconds are enough, and keep the text stable within a second. */
const timeStamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')

export const ogc = new Hono<AppEnv>()
  // The same URL answers JSON or HTML by Accept: caches must tell them apart.
  .use(async (c, next) => {
    c.header('Vary', 'Accept', { append: true })
    await next()
  })
  .get('/', (c) => {
    const format = formatOf(c)
    const links = formatLinks(c, format, [
      { href: ogcUrl(c.req.url), rel: 'self', type: jsonType, title: 'This document' },
      { href: ogcUrl(c.req.url, '/api'), rel: 'service-desc', type: openApiType, title: 'OpenAPI 3.0 definition' },
      { href: ogcUrl(c.req.url, '/conformance'), rel: 'conformance', type: jsonType, title: 'Conformance classes' },
      { href: ogcUrl(c.req.url, '/collections'), rel: 'data', type: jsonType, title: 'Collections' },
    ])
    const document = {
      title,
      description:
        'OGC API – Features for the grid-supervision map layers of Sheyang County (射阳县) safety supervision.',
      links,
    }
    return format === 'html' ? c.html(landingPage(document, alternateOf(links))) : c.json(document)
  })
  .get('/conformance', (c) => {
    const format = formatOf(c)
    if (format === 'json') return c.json({ conformsTo })
    return c.html(conformancePage(conformsTo, alternateOf(formatLinks(c, format, []))))
  })
  .get('/api', (c) => c.body(JSON.stringify(openApiDocument(ogcUrl(c.req.url))), 200, { 'Content-Type': openApiType }))
  .get('/collections', async (c) => {
    const format = formatOf(c)
    const byId = await collectionExtents(reader(c), collections)
    const links = formatLinks(c, format, [
      { href: ogcUrl(c.req.url, '/collections'), rel: 'self', type: jsonType, title: 'Collections' },
    ])
    const documents = collections.map((collection) => describe(c, collection, byId.get(collection.id)))
    if (format === 'html') return c.html(collectionsPage(documents, links, alternateOf(links)))
    return c.json({ links, collections: documents })
  })
  .get('/collections/:collectionId', async (c) => {
    const collection = collectionOrThrow(c.req.param('collectionId'))
    const format = formatOf(c)
    const byId = await collectionExtents(reader(c), [collection])
    const described = describe(c, collection, byId.get(collection.id))
    const document = { ...described, links: formatLinks(c, format, described.links) }
    if (format === 'html') return c.html(collectionPage(collection, document, alternateOf(document.links)))
    return c.json(document)
  })
  .get('/collections/:collectionId/queryables', (c) => {
    const collection = collectionOrThrow(c.req.param('collectionId'))
    checkNoParameters(new URL(c.req.url).searchParams)
    const self = ogcUrl(c.req.url, `/collections/${collection.id}/queryables`)
    const type = c.req.header('accept')?.includes(schemaType) ? schemaType : jsonType
    return c.body(JSON.stringify(queryablesDocument(collection, self)), 200, { 'Content-Type': type })
  })
  .get('/collections/:collectionId/items', async (c) => {
    const collection = collectionOrThrow(c.req.param('collectionId'))
    const params = new URL(c.req.url).searchParams
    const f = params.get('f')
    if (isExportFormat(f)) return exportAnswer(c, collection, params, f)
    const format = formatOf(c, ['json', 'geojson'], exportFormats)
    const parsed = parseItemsQuery(collection, params, format === 'html' ? { pageSize: htmlDefaultLimit } : {})
    // A page's map is drawn in CRS84, whatever crs its JSON alternate is asked in.
    const query = format === 'html' ? { ...parsed, crs: crs84 } : parsed
    const { matched, returned, features } = await itemsPage(reader(c), collection, query)
    const pageType = format === 'html' ? htmlType : geojsonType
    // Next and prev keep every parameter (only offset changes; a page's links stay pages).
    const pageHref = (offset: number) =>
      format === 'html' ? withParams(c.req.url, { offset: String(offset), f: 'html' }) : withOffset(c.req.url, offset)
    const next = query.offset + returned < matched ? pageHref(query.offset + query.limit) : undefined
    const prev = query.offset > 0 ? pageHref(Math.max(0, query.offset - query.limit)) : undefined
    const links = formatLinks(
      c,
      format,
      [
        { href: c.req.url, rel: 'self', type: geojsonType, title: 'This page' },
        {
          href: ogcUrl(c.req.url, `/collections/${collection.id}`),
          rel: 'collection',
          type: jsonType,
          title: collection.title,
        },
        ...(next ? [{ href: next, rel: 'next', type: pageType, title: 'Next page' }] : []),
        ...(prev ? [{ href: prev, rel: 'prev', type: pageType, title: 'Previous page' }] : []),
      ],
      geojsonType,
      params.has('limit') ? {} : { limit: String(query.limit) },
    )
    if (format === 'html') {
      const view = {
        matched,
        offset: query.offset,
        features: JSON.parse(`[${features}]`) as Feature[],
        links,
        ...(next ? { next: localHref(next) } : {}),
        ...(prev ? { prev: localHref(prev) } : {}),
      }
      return c.html(itemsHtml(collection, view, alternateOf(links)))
    }
    const envelope = `{"type":"FeatureCollection","numberMatched":${matched},"numberReturned":${returned},"timeStamp":${JSON.stringify(timeStamp())},"links":${JSON.stringify(links)},"features":[`
    return geojson(c, `${envelope}${features}]}`, query.crs)
  })
  .get('/collections/:collectionId/items/:featureId', async (c) => {
    const collection = collectionOrThrow(c.req.param('collectionId'))
    const format = formatOf(c, ['json', 'geojson'])
    const parsedCrs = parseFeatureQuery(new URL(c.req.url).searchParams)
    const crs = format === 'html' ? crs84 : parsedCrs
    const featureId = c.req.param('featureId')
    const id = parseFeatureId(collection, featureId)
    const feature = id === undefined ? undefined : await featureText(reader(c), collection, id, crs)
    if (feature === undefined) throw notFound(`No feature "${featureId}" in collection ${collection.id}`)
    const collectionUrl = ogcUrl(c.req.url, `/collections/${collection.id}`)
    const links = formatLinks(
      c,
      format,
      [
        {
          href: `${collectionUrl}/items/${encodeURIComponent(featureId)}`,
          rel: 'self',
          type: geojsonType,
          title: 'This feature',
        },
        { href: collectionUrl, rel: 'collection', type: jsonType, title: collection.title },
      ],
      geojsonType,
    )
    if (format === 'html') {
      return c.html(itemPage(collection, JSON.parse(feature) as Feature, links, alternateOf(links)))
    }
    // The Feature text ends with its closing brace; the links go in front of it.
    return geojson(c, `${feature.slice(0, -1)},"links":${JSON.stringify(links)}}`, crs)
  })
