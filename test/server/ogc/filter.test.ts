import { sql, type SQL } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { Request } from '../../support/test-app.ts'
import { testApp } from '../../support/test-app.ts'
import { testDemo } from '../../support/fixture.ts'
import { hazardOverdue } from '../../../server/rules/overdue.ts'
import { accessFixture } from '../auth/fixtures.ts'
import { getItems, getJson, linkOf, walk, type Link } from './ogc-client.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

const q = encodeURIComponent
const count = async (query: SQL) => (await db.rows<{ n: number }>(query))[0]!.n
const matched = async (path: string, as?: string) =>
  (await getJson<{ numberMatched: number }>((p) => request(p, {}, as), path)).body.numberMatched
const textFilter = (collection: string, filter: string, extra = '') =>
  `/ogc/collections/${collection}/items?limit=1&filter=${q(filter)}${extra}`
const jsonFilter = (collection: string, filter: unknown) =>
  `/ogc/collections/${collection}/items?limit=1&filter-lang=cql2-json&filter=${q(JSON.stringify(filter))}`
const get = (property: string) => ({ property })
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`

describe('get /ogc/collections/{id}/queryables', () => {
  it('is a JSON Schema of the filterable properties with Chinese titles, types and enumerations', async () => {
    const response = await request('/ogc/collections/enterprises/queryables', {
      headers: { accept: 'application/schema+json' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/schema+json')
    // GDAL 3.6 asks for application/json and reads nothing else.
    const plain = await request('/ogc/collections/enterprises/queryables', { headers: { accept: 'application/json' } })
    expect(plain.headers.get('content-type')).toBe('application/json')
    const schema = (await response.json()) as {
      $schema: string
      type: string
      properties: Record<string, { title: string; type?: string; enum?: string[]; format?: string }>
    }
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.type).toBe('object')
    expect(schema.properties.geometry).toMatchObject({ title: '几何', format: 'geometry-point' })
    expect(schema.properties.risk_level).toEqual({
      title: '风险等级',
      type: 'string',
      enum: ['major', 'high', 'general', 'low'],
    })
    expect(schema.properties.employees).toEqual({ title: '从业人数', type: 'integer' })
    expect(schema.properties.ammonia_tonnes).toEqual({ title: '涉氨量（吨）', type: 'number' })
    expect(schema.properties.standardization_expiry).toEqual({
      title: '标准化有效期至',
      type: 'string',
      format: 'date',
    })
    for (const [name, property] of Object.entries(schema.properties)) {
      expect(property.title, name).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('every collection links its queryables, and confined spaces leave the gases array out', async () => {
    const { body } = await getJson<{ collections: { id: string; links: Link[] }[] }>(request, '/ogc/collections')
    for (const collection of body.collections) {
      const link = linkOf(collection.links, 'http://www.opengis.net/def/rel/ogc/1.0/queryables')
      expect(link?.href).toBe(`http://localhost/ogc/collections/${collection.id}/queryables`)
      expect((await request(link!.href)).status).toBe(200)
    }
    const spaces = await getJson<{ properties: Record<string, unknown> }>(
      request,
      '/ogc/collections/confined-spaces/queryables',
    )
    expect(spaces.body.properties).not.toHaveProperty('gases')
    expect(spaces.body.properties).toHaveProperty('space_type')
  })
})

describe('filter: cql2-text and cql2-json give what SQL gives', () => {
  const cases: { name: string; text: string; json: unknown; where: SQL; collection?: string; table?: SQL }[] = [
    {
      name: 'IN and a comparison',
      text: "risk_level IN ('major', 'high') AND employees > 100",
      json: {
        op: 'and',
        args: [
          { op: 'in', args: [get('risk_level'), ['major', 'high']] },
          { op: '>', args: [get('employees'), 100] },
        ],
      },
      where: sql`risk_level IN ('major', 'high') AND employees > 100`,
    },
    {
      name: 'LIKE',
      text: "name LIKE '%化工%'",
      json: { op: 'like', args: [get('name'), '%化工%'] },
      where: sql`name LIKE '%化工%'`,
    },
    {
      name: 'BETWEEN with a decimal',
      text: 'ammonia_tonnes BETWEEN 2.5 AND 20',
      json: { op: 'between', args: [get('ammonia_tonnes'), 2.5, 20] },
      where: sql`ammonia_tonnes BETWEEN 2.5 AND 20`,
    },
    {
      name: 'OR, NOT and booleans',
      text: "NOT (dust = TRUE) AND (sector = 'hazchem' OR hazchem_key_process = TRUE)",
      json: {
        op: 'and',
        args: [
          { op: 'not', args: [{ op: '=', args: [get('dust'), true] }] },
          {
            op: 'or',
            args: [
              { op: '=', args: [get('sector'), 'hazchem'] },
              { op: '=', args: [get('hazchem_key_process'), true] },
            ],
          },
        ],
      },
      where: sql`NOT dust AND (sector = 'hazchem' OR hazchem_key_process)`,
    },
    {
      name: 'IS NULL and IS NOT NULL',
      text: 'major_hazard_level IS NOT NULL AND dust_type IS NULL',
      json: {
        op: 'and',
        args: [
          { op: 'not', args: [{ op: 'isNull', args: [get('major_hazard_level')] }] },
          { op: 'isNull', args: [get('dust_type')] },
        ],
      },
      where: sql`major_hazard_level IS NOT NULL AND dust_type IS NULL`,
    },
    {
      name: 'a date comparison',
      text: "standardization_expiry < DATE('2026-01-01')",
      json: { op: '<', args: [get('standardization_expiry'), { date: '2026-01-01' }] },
      where: sql`standardization_expiry < '2026-01-01'`,
    },
    {
      name: 'S_INTERSECTS with a polygon',
      text: 'S_INTERSECTS(geometry, POLYGON((120.1 33.6, 120.4 33.6, 120.4 33.9, 120.1 33.6)))',
      json: {
        op: 's_intersects',
        args: [
          get('geometry'),
          {
            type: 'Polygon',
            coordinates: [
              [
                [120.1, 33.6],
                [120.4, 33.6],
                [120.4, 33.9],
                [120.1, 33.6],
              ],
            ],
          },
        ],
      },
      where: sql`ST_Intersects(geom, ST_GeomFromText('POLYGON((120.1 33.6, 120.4 33.6, 120.4 33.9, 120.1 33.6))', 4326))`,
    },
    {
      name: 'S_INTERSECTS with a BBOX over grid polygons',
      text: 'S_INTERSECTS(geometry, BBOX(120.2, 33.7, 120.3, 33.8))',
      json: { op: 's_intersects', args: [get('geometry'), { bbox: [120.2, 33.7, 120.3, 33.8] }] },
      where: sql`ST_Intersects(geom, ST_MakeEnvelope(120.2, 33.7, 120.3, 33.8, 4326))`,
      collection: 'grids',
      table: sql`grids`,
    },
    {
      name: 'a computed property (hazards overdue)',
      text: "overdue = TRUE AND level = 'major'",
      json: {
        op: 'and',
        args: [
          { op: '=', args: [get('overdue'), true] },
          { op: '=', args: [get('level'), 'major'] },
        ],
      },
      where: sql`${hazardOverdue('hazards', sql`${testDemo.asOf}::date`)} AND level = 'major'`,
      collection: 'hazards',
      table: sql`hazards`,
    },
  ]

  it.each(cases)('$name', async ({ text, json, where, collection = 'enterprises', table = sql`enterprises` }) => {
    const expected = await count(sql`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)
    expect(expected).toBeGreaterThan(0)
    expect(await matched(textFilter(collection, text))).toBe(expected)
    expect(await matched(jsonFilter(collection, json))).toBe(expected)
  })

  it('goes through the caller’s scope: a town user filters only its own town', async () => {
    const { townCode, townUser } = await accessFixture(db)
    const expected = await count(
      sql`SELECT count(*)::int AS n FROM enterprises WHERE town_code = ${townCode} AND risk_level IN ('general', 'low')`,
    )
    expect(await matched(textFilter('enterprises', "risk_level IN ('general','low')"), townUser)).toBe(expected)
  })

  it('filter-crs EPSG:4490 takes a BBOX latitude first; EPSG:4549 northing first', async () => {
    const expected = await count(
      sql`SELECT count(*)::int AS n FROM enterprises WHERE ST_Intersects(geom, ST_MakeEnvelope(120.2, 33.7, 120.3, 33.8, 4326))`,
    )
    const in4490 = `&filter-crs=${q(epsg(4490))}`
    expect(
      await matched(textFilter('enterprises', 'S_INTERSECTS(geometry, BBOX(33.7, 120.2, 33.8, 120.3))', in4490)),
    ).toBe(expected)
    // A 2 m square around enterprise 1 (crs.test.ts has its coordinates from cs2cs).
    const in4549 = `&filter-crs=${q(epsg(4549))}`
    const page = await getItems(
      request,
      textFilter('enterprises', 'S_INTERSECTS(geometry, BBOX(3738585.18, 519004.26, 3738587.18, 519006.26))', in4549),
    )
    expect(page.features.map((feature) => feature.id)).toEqual([1])
  })

  it('GDAL 3.6’s draft cql-text is accepted, with its ILIKE', async () => {
    const expected = await count(
      sql`SELECT count(*)::int AS n FROM enterprises WHERE name ILIKE '%有限公司%' AND employees >= 50`,
    )
    expect(
      await matched(
        textFilter('enterprises', "(name ILIKE '%有限公司%') AND (employees >= 50)", '&filter-lang=cql-text'),
      ),
    ).toBe(expected)
  })
})

describe('datetime', () => {
  const hazards = (value: string) => `/ogc/collections/hazards/items?limit=1&datetime=${q(value)}`
  it.each([
    ['an instant', '2026-05-14', sql`found_on = '2026-05-14'`],
    ['an RFC 3339 instant, by its China date', '2026-05-13T17:00:00Z', sql`found_on = '2026-05-14'`],
    ['an interval', '2026-01-01/2026-03-31', sql`found_on BETWEEN '2026-01-01' AND '2026-03-31'`],
    ['an interval open at the start', '../2026-01-31', sql`found_on <= '2026-01-31'`],
    ['an interval open at the end', '2025-05-01/..', sql`found_on >= '2025-05-01'`],
    ['an interval with an empty end', '2025-05-01/', sql`found_on >= '2025-05-01'`],
  ])('hazards with %s', async (_, value, where) => {
    const expected = await count(sql`SELECT count(*)::int AS n FROM hazards WHERE ${where}`)
    expect(expected).toBeGreaterThan(0)
    expect(await matched(hazards(value))).toBe(expected)
  })

  it('fireworks outlets: a licence valid on the day (an open end lasts)', async () => {
    const expected = await count(
      sql`SELECT count(*)::int AS n FROM fireworks_outlets WHERE licence_valid_from <= '2025-01-15'
        AND (licence_valid_to IS NULL OR licence_valid_to >= '2025-01-15')`,
    )
    expect(expected).toBeGreaterThan(0)
    expect(await matched('/ogc/collections/fireworks-outlets/items?limit=1&datetime=2025-01-15')).toBe(expected)
  })

  it.each([
    ['enterprises', '2025-01-01', /enterprises has no date/],
    ['hazards', '2025-02-30', /is not a date/],
    ['hazards', '2025-03-01/2025-01-01', /ends before it starts/],
    ['hazards', '2025/03/01', /is an instant or one interval/],
    ['hazards', 'yesterday', /is not a date/],
  ])('%s with datetime=%s is a 400', async (collection, value, message) => {
    const response = await request(`/ogc/collections/${collection}/items?datetime=${q(value)}`)
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toMatch(message)
  })
})

describe('next and prev links keep every parameter', () => {
  it('a walk with filter, filter-lang, crs, bbox-crs and datetime returns each match once, in that CRS', async () => {
    const expected = await count(
      sql`SELECT count(*)::int AS n FROM hazards WHERE found_on >= '2026-09-01' AND level IN ('general', 'major')
        AND ST_Y(geom) BETWEEN 33.5 AND 34.2 AND ST_X(geom) BETWEEN 119.8 AND 120.7`,
    )
    expect(expected).toBeGreaterThan(20)
    const filter = q(JSON.stringify({ op: 'in', args: [get('level'), ['general', 'major']] }))
    const path =
      `/ogc/collections/hazards/items?limit=${Math.ceil(expected / 3)}&filter-lang=cql2-json&filter=${filter}` +
      `&datetime=2026-09-01/..&bbox=33.5,119.8,34.2,120.7&bbox-crs=${q(epsg(4490))}&crs=${q(epsg(4549))}`
    const pages = await walk(request, path)
    expect(pages.length).toBe(3)
    expect(pages.flatMap((page) => page.features).length).toBe(expected)
    const next = new URL(linkOf(pages[0]!.links, 'next')!.href)
    for (const name of ['filter', 'filter-lang', 'datetime', 'bbox', 'bbox-crs', 'crs']) {
      expect(next.searchParams.get(name), name).toBe(new URL(`http://localhost${path}`).searchParams.get(name))
    }
    const prev = new URL(linkOf(pages[2]!.links, 'prev')!.href)
    expect(prev.searchParams.get('filter')).toBe(next.searchParams.get('filter'))
    // 4549 is northing first: the first coordinate is millions of metres.
    expect((pages[0]!.features[0]!.geometry.coordinates as number[])[0]).toBeGreaterThan(3_000_000)
  })
})

describe('bad filters are 400s, never 500s', () => {
  const malformed = [
    '',
    '   ',
    'employees >',
    'employees > > 5',
    '(employees > 5',
    'employees > 5)',
    "name = 'unterminated",
    'name = "unterminated',
    'nosuch = 1',
    "employees = 'many'",
    'name = 5',
    'dust > TRUE',
    "risk_level = 'purple'",
    'name LIKE 5',
    "employees LIKE '1%'",
    'employees BETWEEN 1',
    "sector BETWEEN 'a' AND 'b'",
    'employees IN ()',
    'employees IN (1, 2',
    "standardization_expiry = DATE('2025-02-30')",
    'standardization_expiry = DATE(2025)',
    'S_INTERSECTS(geometry)',
    'S_INTERSECTS(name, POINT(120 33))',
    'S_INTERSECTS(geometry, POINT(120))',
    'S_INTERSECTS(geometry, POINT(200 33))',
    'S_INTERSECTS(geometry, POLYGON((120 33, 121 33, 121 34)))',
    'S_INTERSECTS(geometry, POLYGON((120 33, 121 33, 121 34, 120 34, 120.5 33.5)))',
    'S_INTERSECTS(geometry, BBOX(121, 33, 120, 34))',
    'S_INTERSECTS(geometry, BBOX(1, 2, 3))',
    'S_INTERSECTS(geometry, LINESTRING(120 33))',
    'employees = 1 AND',
    'NOT',
    'AND employees = 1',
    'employees = 1; DROP TABLE enterprises',
    "name = '' OR 1=1 --'",
    '`employees` = 1',
    'employees = 1e999999',
    '#',
    `${'('.repeat(40)}employees = 1${')'.repeat(40)}`,
    `${'NOT '.repeat(60)}employees = 1`,
    `employees IN (${Array.from({ length: 1200 }, (_, i) => i).join(',')})`,
    'x'.repeat(17_000),
  ]
  const malformedJson = [
    '{',
    '[]',
    '"text"',
    '42',
    'null',
    '{"op":"=","args":[{"property":"employees"}]}',
    '{"op":"=","args":"x"}',
    '{"op":"nope","args":[1,2]}',
    '{"op":"and","args":[true]}',
    '{"op":"=","args":[{"property":"employees"},{"property":"name"}]}',
    '{"op":"=","args":[{"property":"employees"},null]}',
    '{"op":"in","args":[{"property":"employees"},[]]}',
    '{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1e400,33]}]}',
    '{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[120,33],[121,33]]]}]}',
    '{"op":"s_intersects","args":[{"property":"geometry"},{"type":"GeometryCollection","geometries":[]}]}',
    `${'{"op":"not","args":['.repeat(50)}true${']}'.repeat(50)}`,
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
  ]

  it.each(malformed)('cql2-text %#', async (filter) => {
    const response = await request(`/ogc/collections/enterprises/items?limit=1&filter=${q(filter)}`)
    expect(response.status, filter.slice(0, 80)).toBe(400)
    expect(((await response.json()) as { code: string }).code).toBe('bad_request')
  })

  it.each(malformedJson)('cql2-json %#', async (filter) => {
    const response = await request(
      `/ogc/collections/enterprises/items?limit=1&filter-lang=cql2-json&filter=${q(filter)}`,
    )
    expect(response.status, filter.slice(0, 80)).toBe(400)
  })

  it('filter-lang and filter-crs outside the lists, or without a filter, are 400s', async () => {
    for (const query of [
      'filter=employees>1&filter-lang=ecql',
      `filter=employees>1&filter-crs=${q(epsg(4214))}`,
      'filter-lang=cql2-text',
    ]) {
      expect((await request(`/ogc/collections/enterprises/items?${query}`)).status, query).toBe(400)
    }
  })

  it('a fuzz of 400 mutated filters never gets a 5xx', async () => {
    // A seeded generator: the same mutations each run.
    let seed = 16
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = [
      'employees',
      'name',
      'risk_level',
      'geometry',
      'dust',
      'standardization_expiry',
      'AND',
      'OR',
      'NOT',
      'LIKE',
      'BETWEEN',
      'IN',
      'IS',
      'NULL',
      'TRUE',
      '(',
      ')',
      ',',
      '=',
      '<>',
      '<=',
      "'major'",
      "'%公司%'",
      '5',
      '-3.5e2',
      "DATE('2025-01-01')",
      "TIMESTAMP('2025-01-01T00:00:00Z')",
      'S_INTERSECTS',
      'POINT(120.2 33.7)',
      'BBOX(120,33,121,34)',
      'POLYGON((120 33,121 33,121 34,120 33))',
      '"name"',
      "''",
      '%',
      '\u0000',
      '😀',
    ]
    const seeds = ["risk_level IN ('major','high') AND employees > 100", 'S_INTERSECTS(geometry, BBOX(120,33,121,34))']
    const statuses = new Map<number, number>()
    for (let i = 0; i < 400; i++) {
      const words = seeds[i % 2]!.split(' ')
      for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
        const at = Math.floor(random() * (words.length + 1))
        const piece = pieces[Math.floor(random() * pieces.length)]!
        if (random() < 0.5) words.splice(at, 1, piece)
        else words.splice(at, 0, piece)
      }
      const filter = words.join(random() < 0.8 ? ' ' : '')
      const response = await request(`/ogc/collections/enterprises/items?limit=1&filter=${q(filter)}`)
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      expect(response.status, filter).toBeLessThan(500)
      await response.arrayBuffer()
    }
    expect(statuses.get(400)).toBeGreaterThan(100)
  })
})
