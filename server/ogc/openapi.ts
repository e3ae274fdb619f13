import { exportLimits } from '../../lib/limits.ts'
import { exportFormats } from './exports/files.ts'
import { collections, filterableProperties, type Collection, type Filter } from './collections.ts'
import { filterLangs, maxFilterLength } from './cql2.ts'
import { crsUris } from './crs.ts'
import { defaultLimit, maxLimit } from './params.ts'

export const openApiType = 'application/vnd.oai.openapi+json;version=3.0'

/** Features come as GeoJSON, or as a page with f=html. */
const featureContent = {
  'application/geo+json': { schema: { type: 'object' } },
  'text/html': { schema: { type: 'string' } },
}
const json = { 'application/json': { schema: { type: 'object' } } }
const errorResponse = (description: string) => ({ description, content: json })

function filterSchema(filter: Filter) {
  switch (filter.kind) {
    case 'enum':
      return { type: 'string', enum: filter.values }
    case 'boolean':
      return { type: 'boolean' }
    case 'integer':
      return { type: 'integer', minimum: 0 }
    case 'text':
      return { type: 'string' }
  }
}

const standardParameters = [
  { $ref: '#/components/parameters/bbox' },
  { $ref: '#/components/parameters/bbox-crs' },
  { $ref: '#/components/parameters/limit' },
  { $ref: '#/components/parameters/offset' },
  { $ref: '#/components/parameters/f-items' },
  { $ref: '#/components/parameters/crs' },
  { $ref: '#/components/parameters/filter' },
  { $ref: '#/components/parameters/filter-lang' },
  { $ref: '#/components/parameters/filter-crs' },
  { $ref: '#/components/parameters/datetime' },
]

/**
 * Items of one collection, with its property filters spelled out: GDAL reads them here and then
 * sends `-where "risk_level = 'major'"` to the server instead of filtering every page itself.
 */
function itemsPath(collection: Collection) {
  return {
    get: {
      summary: `${collection.title}: features`,
      description: collection.description,
      operationId: `getItems-${collection.id}`,
      tags: ['Data'],
      parameters: [
        ...standardParameters,
        ...filterableProperties(collection).map((property) => ({
          name: property.name,
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          schema: filterSchema(property.filter),
        })),
      ],
      responses: {
        200: { description: 'A page of features', content: featureContent },
        400: errorResponse('Bad query parameter'),
        404: errorResponse('No such collection'),
      },
    },
  }
}

function featurePath(collection: Collection) {
  return {
    get: {
      summary: `${collection.title}: one feature`,
      operationId: `getFeature-${collection.id}`,
      tags: ['Data'],
      parameters: [
        {
          name: 'featureId',
          in: 'path',
          required: true,
          schema: { type: collection.key.type === 'integer' ? 'integer' : 'string' },
        },
        { $ref: '#/components/parameters/f' },
        { $ref: '#/components/parameters/crs' },
      ],
      responses: {
        200: { description: 'The feature', content: featureContent },
        404: errorResponse('No such feature'),
      },
    },
  }
}

const simple = (summary: string, operationId: string) => ({
  get: { summary, operationId, tags: ['Capabilities'], responses: { 200: { description: summary, content: json } } },
})

/** OpenAPI 3.0 description of this OGC API (the service-desc link of the landing page). */
export function openApiDocument(baseUrl: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: '射阳县安全生产网格化监管',
      version: '1.0.0',
      description:
        'OGC API – Features, Part 1 (Core + GeoJSON), Part 2 (CRS by reference) and Part 3 (Filtering, CQL2)',
    },
    servers: [{ url: baseUrl }],
    paths: {
      '/': simple('Landing page', 'getLandingPage'),
      '/conformance': simple('Conformance classes', 'getConformance'),
      '/api': simple('This document', 'getApi'),
      '/collections': simple('Collections', 'getCollections'),
      ...Object.fromEntries(
        collections.flatMap((collection) => [
          [
            `/collections/${collection.id}`,
            simple(`${collection.title}: description`, `describeCollection-${collection.id}`),
          ],
          [
            `/collections/${collection.id}/queryables`,
            simple(`${collection.title}: queryables`, `getQueryables-${collection.id}`),
          ],
          [`/collections/${collection.id}/items`, itemsPath(collection)],
          [`/collections/${collection.id}/items/{featureId}`, featurePath(collection)],
        ]),
      ),
    },
    components: {
      parameters: {
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          description:
            'Lower and upper corner in the axis order of bbox-crs: minLon,minLat,maxLon,maxLat in CRS84 (the default)',
          schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
        },
        'bbox-crs': {
          name: 'bbox-crs',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'uri', enum: crsUris },
        },
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          description: `Larger values are clamped to ${maxLimit}`,
          schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
        },
        offset: { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
        f: {
          name: 'f',
          in: 'query',
          required: false,
          description: 'html: a page for a browser (also chosen by Accept: text/html without f)',
          schema: { type: 'string', enum: ['json', 'geojson', 'html'] },
        },
        'f-items': {
          name: 'f',
          in: 'query',
          required: false,
          description:
            'html: a page for a browser; csv, xlsx (Chinese headers and labels), shp (zipped, GBK), gpkg, geojson-file: ' +
            `the whole match of the filters as a file, not a page (at most ${exportLimits.maxFeatures} features, else 413)`,
          schema: { type: 'string', enum: ['json', 'geojson', 'html', ...exportFormats] },
        },
        filter: {
          name: 'filter',
          in: 'query',
          required: false,
          description: "CQL2 over the collection's queryables (/collections/{id}/queryables)",
          schema: { type: 'string', maxLength: maxFilterLength },
        },
        // cql-text is the draft name GDAL 3.6 (Debian 12) looks for before it pushes -where down.
        'filter-lang': {
          name: 'filter-lang',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: filterLangs, default: 'cql2-text' },
        },
        'filter-crs': {
          name: 'filter-crs',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'uri', enum: crsUris },
        },
        datetime: {
          name: 'datetime',
          in: 'query',
          required: false,
          description:
            'A date or RFC 3339 instant, or an interval start/end with .. for an open end (hazards, dust, fireworks-outlets)',
          schema: { type: 'string' },
        },
        crs: { name: 'crs', in: 'query', required: false, schema: { type: 'string', format: 'uri', enum: crsUris } },
      },
    },
  }
}
