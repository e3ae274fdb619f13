import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { Request } from '../../support/test-app.ts'
import { testApp } from '../../support/test-app.ts'
import { getItems, getJson, positions, type Link } from './ogc-client.ts'

const collectionIds = [
  'towns',
  'grids',
  'enterprises',
  'dust',
  'confined-spaces',
  'fireworks-outlets',
  'sensitive-sites',
  'zones',
  'hazards',
]
const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'

type Collection = {
  id: string
  title: string
  description: string
  links: Link[]
  extent?: { spatial: { bbox: number[][]; crs: string } }
  itemType: string
  crs: string[]
  storageCrs: string
}

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

describe('OGC API landing, conformance and collections', () => {
  it('get /ogc returns the title and the self, service-desc, conformance and data links', async () => {
    const { status, type, body } = await getJson<{ title: string; links: Link[] }>(request, '/ogc')
    expect(status).toBe(200)
    expect(type).toMatch(/^application\/json/)
    expect(body.title).toBe('射阳县安全生产网格化监管')
    expect(Object.fromEntries(body.links.map((link) => [link.rel, link.href]))).toEqual({
      self: 'http://localhost/ogc',
      'service-desc': 'http://localhost/ogc/api',
      conformance: 'http://localhost/ogc/conformance',
      data: 'http://localhost/ogc/collections',
      alternate: 'http://localhost/ogc?f=html',
    })
  })

  it('get /ogc/conformance declares Part 1 (core, geojson, html, oas30), Part 2 (crs) and Part 3 with CQL2', async () => {
    const { status, body } = await getJson<{ conformsTo: string[] }>(request, '/ogc/conformance')
    expect(status).toBe(200)
    expect(body.conformsTo.sort()).toEqual(
      [
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
        ...[
          'advanced-comparison-operators',
          'basic-cql2',
          'basic-spatial-functions',
          'basic-spatial-functions-plus',
          'cql2-json',
          'cql2-text',
          'property-property',
        ].map((name) => `http://www.opengis.net/spec/cql2/1.0/conf/${name}`),
      ].sort(),
    )
  })

  it("get /ogc/api describes each collection's items with its property filters", async () => {
    const response = await request('/ogc/api')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0')
    const document = (await response.json()) as {
      openapi: string
      servers: { url: string }[]
      paths: Record<string, { get: { parameters: { name?: string; schema?: { enum?: string[] } }[] } }>
    }
    expect(document.openapi).toMatch(/^3\.0\./)
    expect(document.servers).toEqual([{ url: 'http://localhost/ogc' }])
    for (const id of collectionIds) expect(document.paths).toHaveProperty([`/collections/${id}/items`])
    const riskLevel = document.paths['/collections/enterprises/items']!.get.parameters.find(
      (p) => p.name === 'risk_level',
    )
    expect(riskLevel?.schema?.enum).toEqual(['major', 'high', 'general', 'low'])
  })

  it('get /ogc/collections lists the nine layers with items links, their CRSs (CRS84 stored) and feature item type', async () => {
    const { status, body } = await getJson<{ collections: Collection[]; links: Link[] }>(request, '/ogc/collections')
    expect(status).toBe(200)
    expect(body.collections.map((collection) => collection.id)).toEqual(collectionIds)
    for (const collection of body.collections) {
      expect(collection.title).toMatch(/[\u4e00-\u9fff]/)
      expect(collection.description).toMatch(/^[A-Z]/)
      expect(collection.itemType).toBe('feature')
      expect(collection.crs).toEqual([
        crs84,
        ...[4326, 4490, 4549, 3857].map((code) => `http://www.opengis.net/def/crs/EPSG/0/${code}`),
      ])
      expect(collection.storageCrs).toBe(crs84)
      expect(collection.extent?.spatial.crs).toBe(crs84)
      expect(collection.links).toContainEqual(
        expect.objectContaining({
          rel: 'items',
          type: 'application/geo+json',
          href: `http://localhost/ogc/collections/${collection.id}/items`,
        }),
      )
    }
  })

  it('get /ogc/collections/enterprises has the ST_Extent of the enterprises, rounded outwards', async () => {
    const [extent] = await db.rows<{ x0: number; y0: number; x1: number; y1: number }>(
      sql`SELECT min(ST_X(geom)) AS x0, min(ST_Y(geom)) AS y0, max(ST_X(geom)) AS x1, max(ST_Y(geom)) AS y1 FROM enterprises`,
    )
    const { status, body } = await getJson<Collection>(request, '/ogc/collections/enterprises')
    expect(status).toBe(200)
    const [bbox] = body.extent!.spatial.bbox
    const [minLon, minLat, maxLon, maxLat] = bbox!
    expect(minLon).toBeLessThanOrEqual(extent!.x0)
    expect(minLat).toBeLessThanOrEqual(extent!.y0)
    expect(maxLon).toBeGreaterThanOrEqual(extent!.x1)
    expect(maxLat).toBeGreaterThanOrEqual(extent!.y1)
    for (const [edge, exact] of [
      [minLon, extent!.x0],
      [minLat, extent!.y0],
      [maxLon, extent!.x1],
      [maxLat, extent!.y1],
    ] as const) {
      expect(Math.abs(edge! - exact)).toBeLessThan(1e-4)
    }
    // Inside the real county extent (DOMAIN §2).
    expect(minLon).toBeGreaterThan(119.9)
    expect(maxLat).toBeLessThan(34.2)
  })

  it.each(collectionIds)('the extent of %s contains every one of its features', async (id) => {
    const { body } = await getJson<Collection>(request, `/ogc/collections/${id}`)
    const [minLon, minLat, maxLon, maxLat] = body.extent!.spatial.bbox[0]!
    const page = await getItems(request, `/ogc/collections/${id}/items?limit=10000`)
    expect(page.numberReturned).toBe(page.numberMatched)
    expect(page.numberMatched).toBeGreaterThan(0)
    const outside = page.features
      .flatMap((feature) => positions(feature.geometry.coordinates))
      .filter(([lon, lat]) => lon < minLon! || lon > maxLon! || lat < minLat! || lat > maxLat!)
    expect(outside).toEqual([])
  })

  it('get /ogc/collections/{id} returns 404 with the list of collections for an unknown collection', async () => {
    const { status, type, body } = await getJson<{ error: string; details: { collections: string[] } }>(
      request,
      '/ogc/collections/factories',
    )
    expect(status).toBe(404)
    expect(type).toMatch(/^application\/json/)
    expect(body.error).toMatch(/factories/)
    expect(body.details.collections).toEqual(collectionIds)
  })
})
