import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { titleOf } from '../../../server/ogc/queryables.ts'
import { findCollection } from '../../../server/ogc/collections.ts'
import { expectSecurityHeaders } from '../../support/security-headers.ts'
import type { Request } from '../../support/test-app.ts'
import { testApp } from '../../support/test-app.ts'
import { busiestGridAnchor } from '../rules/made-rows.ts'
import { getItems, linkOf, type Feature, type FeatureCollection, type Link } from './ogc-client.ts'

let request: Request
let db: Database
let hostileId: number
/** A name as a user could type it: markup, quotes and an ampersand. */
const hostileName = `<script>alert("x")</script>&'<img src=x onerror=alert(1)>`
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8'

beforeAll(async () => {
  ;({ request, db } = await testApp())
  const anchor = await busiestGridAnchor(db)
  const [row] = await db.rows<{ id: number }>(sql`
    INSERT INTO enterprises (uscc, name, sector, risk_level, address, geom)
    VALUES ('91320924TESTHTML01', ${hostileName}, 'commerce', 'low', '</td></tr></table><b>地址</b>',
      ST_SetSRID(ST_MakePoint(${anchor.lon}::float8, ${anchor.lat}::float8), 4326)) RETURNING id`)
  hostileId = row!.id
})
afterAll(async () => {
  await db.rows(sql`DELETE FROM enterprises WHERE id = ${hostileId}::int`)
})

const q = encodeURIComponent

async function page(path: string, accept?: string) {
  const response = await request(path, accept ? { headers: { accept } } : {})
  const text = await response.text()
  expect(response.status, `${path}: ${text.slice(0, 300)}`).toBe(200)
  expect(response.headers.get('content-type'), path).toBe('text/html; charset=UTF-8')
  return { response, text }
}

const hrefs = (text: string) =>
  [...text.matchAll(/\shref="([^"]*)"/g)].map((match) => match[1]!.replaceAll('&amp;', '&'))
const anchor = (text: string, rel: string) =>
  new RegExp(`<a href="([^"]*)" rel="${rel}"`).exec(text)?.[1]?.replaceAll('&amp;', '&')
/** The cell texts of the items table's header and body rows. */
const headerTitles = (text: string) =>
  [...text.matchAll(/<th>([^<]*)<small>([^<]*)<\/small><\/th>/g)].map((match) => [match[1]!, match[2]!] as const)

const pages = [
  '/ogc',
  '/ogc/conformance',
  '/ogc/collections',
  '/ogc/collections/enterprises',
  '/ogc/collections/enterprises/items?limit=5',
  '/ogc/collections/enterprises/items/1',
  '/ogc/collections/towns/items',
]

describe('OGC API HTML pages (f=html, or a browser)', () => {
  it.each(pages)('%s answers a zh-CN page with f=html and to a browser, under the same CSP', async (path) => {
    for (const [url, accept] of [
      [`${path}${path.includes('?') ? '&' : '?'}f=html`, undefined],
      [path, browserAccept],
    ] as const) {
      const { response, text } = await page(url, accept)
      expectSecurityHeaders(response.headers)
      expect(response.headers.get('vary')).toMatch(/\bAccept\b/)
      expect(text).toMatch(/^<!doctype html>\n<html lang="zh-CN">/)
      // No script beyond the map: the module from /ogc-assets and the map's data block; no styles inline.
      const scripts = text.match(/<script\b[^>]*>/g) ?? []
      for (const tag of scripts) {
        expect(tag).toMatch(
          /^<script type="module" src="\/ogc-assets\/[0-9a-f]{12}\/ogc-map\.js">$|^<script type="application\/json" id="map-data">$/,
        )
      }
      expect(text).not.toMatch(/<style\b|\sstyle="|\son\w+=/)
      // Every link is of this origin and relative, so the browser's session cookie goes with it.
      for (const href of hrefs(text)) expect(href, path).toMatch(/^\/|^data:,$/)
    }
  })

  it('clients that do not name text/html (curl, GDAL, QGIS) and f=json still get JSON', async () => {
    for (const accept of ['*/*', 'application/json', 'application/geo+json, application/json;q=0.9, text/html;q=0.5']) {
      const response = await request('/ogc/collections/enterprises/items?limit=1', { headers: { accept } })
      expect(response.headers.get('content-type'), accept).toBe('application/geo+json')
    }
    const landing = await request('/ogc?f=json', { headers: { accept: browserAccept } })
    expect(landing.headers.get('content-type')).toBe('application/json')
    const item = await request('/ogc/collections/enterprises/items/1?f=geojson', { headers: { accept: browserAccept } })
    expect(item.headers.get('content-type')).toBe('application/geo+json')
  })

  it('the JSON documents link their HTML page as alternate, and conformance declares the HTML class', async () => {
    for (const path of pages) {
      const body = (await (await request(path)).json()) as { links?: Link[] }
      if (!body.links) continue
      const alternate = linkOf(body.links, 'alternate')
      expect(alternate?.type, path).toBe('text/html')
      expect(alternate?.href, path).toMatch(/[?&]f=html$/)
    }
    const { conformsTo } = (await (await request('/ogc/conformance')).json()) as { conformsTo: string[] }
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html')
  })

  it('f other than json, geojson or html (items: or a file format) is a 400 that lists them', async () => {
    for (const path of ['/ogc?f=xml', '/ogc/collections/towns?f=csv']) {
      const response = await request(path)
      expect(response.status, path).toBe(400)
      expect(((await response.json()) as { error: string }).error).toMatch(/^f must be json or html$/)
    }
    const items = await request('/ogc/collections/enterprises/items?f=xml')
    expect(items.status).toBe(400)
    expect(((await items.json()) as { error: string }).error).toBe(
      'f must be json, geojson, html, csv, xlsx, shp, gpkg or geojson-file',
    )
  })

  it('items: the properties as a table under their queryables’ Chinese titles, one row per feature of the page', async () => {
    const { text } = await page('/ogc/collections/enterprises/items?f=html&limit=7&risk_level=general')
    const collection = findCollection('enterprises')!
    expect(headerTitles(text)).toEqual([
      ['编号', 'id'],
      ...collection.properties.map((property) => [titleOf(property.name), property.name] as const),
    ])
    expect(titleOf('major_hazard_source')).toBe('重大危险源')
    const json = await getItems(request, '/ogc/collections/enterprises/items?limit=7&risk_level=general')
    const rowIds = [...text.matchAll(/<td><a href="\/ogc\/collections\/enterprises\/items\/(\d+)\?f=html">/g)].map(
      (match) => Number(match[1]),
    )
    expect(rowIds).toEqual(json.features.map((feature) => feature.id))
    expect(text).toContain(`共 ${json.numberMatched} 个要素，第 1–7 个`)
    // The map's data: the page's features in CRS84, each with its page.
    const data = JSON.parse(/<script type="application\/json" id="map-data">(.*?)<\/script>/s.exec(text)![1]!) as {
      features: { features: { id: number; geometry: Feature['geometry']; properties: { href: string } }[] }
      bounds: number[]
    }
    expect(data.features.features.map((feature) => feature.id)).toEqual(rowIds)
    expect(data.features.features[0]!.geometry).toEqual(json.features[0]!.geometry)
    expect(data.features.features[0]!.properties).toEqual({
      href: `/ogc/collections/enterprises/items/${rowIds[0]}?f=html`,
    })
  })

  it('items: next and prev keep every parameter; alternate is the same page as JSON', async () => {
    const bbox = '119.9,33.4,120.7,34.2'
    // As the URL parser writes it (a quote in a query is %27), so the link is byte for byte the request's.
    const filter = q("employees > 10 AND sector <> 'other'").replaceAll("'", '%27')
    const query = `bbox=${bbox}&risk_level=low&filter=${filter}&limit=5&offset=5&crs=${q('http://www.opengis.net/def/crs/EPSG/0/4490')}`
    const { text } = await page(`/ogc/collections/enterprises/items?${query}`, browserAccept)
    const path = '/ogc/collections/enterprises/items'
    expect(anchor(text, 'next')).toBe(`${path}?${query.replace('offset=5', 'offset=10')}&f=html`)
    expect(anchor(text, 'prev')).toBe(`${path}?${query.replace('offset=5', 'offset=0')}&f=html`)
    const alternate = /<link rel="alternate" type="application\/geo\+json" href="([^"]*)"/
      .exec(text)![1]!
      .replaceAll('&amp;', '&')
    expect(alternate).toBe(`${path}?${query}&f=json`)
    const json = (await (await request(alternate)).json()) as FeatureCollection
    const rowIds = [...text.matchAll(/items\/(\d+)\?f=html">/g)].map((match) => Number(match[1]))
    expect(rowIds).toEqual(json.features.map((feature) => feature.id))
    // Without limit the page shows 100 features, and its JSON alternate names the same 100.
    const plain = await page('/ogc/collections/enterprises/items', browserAccept)
    expect(plain.text).toContain('第 1–100 个')
    expect(anchor(plain.text, 'next')).toBe(`${path}?offset=100&f=html`)
    expect(hrefs(plain.text)).toContain(`${path}?limit=100&f=json`)
  })

  it('escapes every value: a <script> in an enterprise name stays text on the item and items pages', async () => {
    const escapedName = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&lt;img src=x onerror=alert(1)&gt;'
    const item = await page(`/ogc/collections/enterprises/items/${hostileId}?f=html`)
    expect(item.text).toContain(`<h1>${escapedName}</h1>`)
    expect(item.text).toContain(`<title>${escapedName} · `)
    expect(item.text).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;地址&lt;/b&gt;')
    for (const text of [
      item.text,
      (await page(`/ogc/collections/enterprises/items?f=html&filter=${q("uscc = '91320924TESTHTML01'")}`)).text,
    ]) {
      expect(text).not.toContain('<script>alert')
      expect(text).not.toContain('<img')
      expect(text).not.toContain('<b>')
      expect(text.match(/<script\b/g)).toHaveLength(2)
    }
    const items = await page(`/ogc/collections/enterprises/items?f=html&filter=${q("uscc = '91320924TESTHTML01'")}`)
    // Long texts are cut in the table and whole in the cell's title attribute, escaped in both.
    expect(items.text).toContain(`<td title="${escapedName}">`)
  })

  it('links from a page work with the browser session cookie alone', async () => {
    const seen = new Set<string>()
    for (const start of ['/ogc?f=html', '/ogc/collections/hazards/items?f=html&limit=3']) {
      const { text } = await page(start)
      for (const href of hrefs(text)) {
        if (href.startsWith('data:') || seen.has(href)) continue
        seen.add(href)
        const response = await request(href, { headers: { accept: browserAccept } })
        expect(response.status, href).toBe(200)
        await response.body?.cancel()
      }
    }
    expect(seen.size).toBeGreaterThan(10)
  })

  it('without a session a browser gets a page that says where to log in, not a Basic password dialog', async () => {
    const items = '/ogc/collections/enterprises/items'
    const response = await request(items, { headers: { accept: browserAccept } }, 'anonymous')
    expect(response.status).toBe(401)
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="sheyang-ogc"')
    expectSecurityHeaders(response.headers)
    const text = await response.text()
    expect(text).toContain('<h1>请先登录</h1>')
    expect(text).toContain('<a href="/login">登录</a>')
    const expired = await request(`${items}?f=html`, { headers: { cookie: 'sid=gone' } }, 'anonymous')
    expect(expired.status).toBe(401)
    expect(await expired.text()).toContain('<h1>登录已过期</h1>')
    // GIS clients and curl still get the JSON 401 with the Basic challenge.
    const gis = await request(items, {}, 'anonymous')
    expect(gis.headers.get('content-type')).toMatch(/^application\/json/)
    expect(gis.headers.get('www-authenticate')).toMatch(/^Basic realm="sheyang-ogc"/)
  })
})

describe('/ogc-assets: MapLibre and the map script from this origin', () => {
  it('serves them to anyone as JavaScript and CSS, cached for a year; another version is a 404', async () => {
    const { text } = await page('/ogc/collections/towns/items?f=html')
    const script = /src="(\/ogc-assets\/[0-9a-f]{12}\/)ogc-map\.js"/.exec(text)![1]!
    for (const [file, type] of [
      ['ogc-map.js', 'text/javascript; charset=utf-8'],
      ['maplibre-gl.mjs', 'text/javascript; charset=utf-8'],
      ['maplibre-gl-worker.mjs', 'text/javascript; charset=utf-8'],
      ['maplibre-gl.css', 'text/css; charset=utf-8'],
      ['ogc.css', 'text/css; charset=utf-8'],
    ]) {
      const response = await request(script + file, {}, 'anonymous')
      expect(response.status, file).toBe(200)
      expect(response.headers.get('content-type'), file).toBe(type)
      expect(response.headers.get('cache-control'), file).toBe('public, max-age=31536000, immutable')
      expectSecurityHeaders(response.headers)
      expect((await response.arrayBuffer()).byteLength, file).toBeGreaterThan(1000)
    }
    expect((await request('/ogc-assets/000000000000/ogc-map.js', {}, 'anonymous')).status).toBe(404)
    expect((await request(`${script}package.json`, {}, 'anonymous')).status).toBe(404)
    expect((await request(`${script}..%2F..%2Fpackage.json`, {}, 'anonymous')).status).toBe(404)
  })
})
