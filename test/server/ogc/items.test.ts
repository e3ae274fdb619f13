import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { Request } from '../../support/test-app.ts'
import { testDemo } from '../../support/fixture.ts'
import { testApp } from '../../support/test-app.ts'
import { getItems, getJson, linkOf, walk, type Feature } from './ogc-client.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

const count = async (query: ReturnType<typeof sql>) => (await db.rows<{ n: number }>(query))[0]!.n
const ids = async (query: ReturnType<typeof sql>) => (await db.rows<{ id: number }>(query)).map((row) => row.id)

/** The county seat (合德镇, DOMAIN §2) and around it: dense enough to need several pages. */
const seat = { minLon: 120.15, minLat: 33.7, maxLon: 120.35, maxLat: 33.85 }
const seatBbox = `${seat.minLon},${seat.minLat},${seat.maxLon},${seat.maxLat}`
// Independent of the && operator the server uses: compare coordinates.
const inSeat = sql`ST_X(geom) BETWEEN ${seat.minLon} AND ${seat.maxLon} AND ST_Y(geom) BETWEEN ${seat.minLat} AND ${seat.maxLat}`

describe('get /ogc/collections/{id}/items', () => {
  it('get /ogc/collections/enterprises/items returns a geo+json FeatureCollection with numeric ids in id order', async () => {
    const page = await getItems(request, '/ogc/collections/enterprises/items?limit=50')
    const total = await count(sql`SELECT count(*)::int AS n FROM enterprises`)
    expect(page.type).toBe('FeatureCollection')
    expect(page.numberMatched).toBe(total)
    expect(page.numberReturned).toBe(50)
    expect(page.features).toHaveLength(50)
    expect(Date.parse(page.timeStamp)).not.toBeNaN()
    expect(page.features.map((feature) => feature.id)).toEqual(
      await ids(sql`SELECT id FROM enterprises ORDER BY id LIMIT 50`),
    )
    const [first] = page.features
    expect(first!.type).toBe('Feature')
    expect(first!.geometry.type).toBe('Point')
    expect(Object.keys(first!.properties)).toEqual(
      expect.arrayContaining(['name', 'town_code', 'grid_code', 'risk_level', 'sector']),
    )
    expect(first!.properties).not.toHaveProperty('geom')
    expect(first!.properties).not.toHaveProperty('version')
  })

  it('get /ogc/collections/enterprises/items writes coordinates with at most 6 decimals', async () => {
    const page = await getItems(request, '/ogc/collections/enterprises/items?limit=200')
    for (const feature of page.features) {
      for (const value of feature.geometry.coordinates as number[]) {
        expect(String(value)).toMatch(/^-?\d+(\.\d{1,6})?$/)
      }
    }
  })

  it('get /ogc/collections/enterprises/items uses the default page of 1000', async () => {
    const page = await getItems(request, '/ogc/collections/enterprises/items')
    expect(page.numberReturned).toBe(Math.min(1000, page.numberMatched))
  })

  it('get /ogc/collections/enterprises/items clamps a limit above 10000', async () => {
    const page = await getItems(request, '/ogc/collections/enterprises/items?limit=20000')
    expect(page.numberReturned).toBe(Math.min(10_000, page.numberMatched))
  })

  it('get /ogc/collections/enterprises/items with a bbox matches exactly the enterprises inside it', async () => {
    const expected = await ids(sql`SELECT id FROM enterprises WHERE ${inSeat} ORDER BY id`)
    expect(expected.length).toBeGreaterThan(100)
    const page = await getItems(request, `/ogc/collections/enterprises/items?bbox=${seatBbox}&limit=10000`)
    expect(page.numberMatched).toBe(expected.length)
    expect(page.features.map((feature) => feature.id)).toEqual(expected)
  })

  it('a full walk of next links with limit 500 returns every enterprise exactly once', async () => {
    const pages = await walk(request, '/ogc/collections/enterprises/items?limit=500')
    const all = await ids(sql`SELECT id FROM enterprises ORDER BY id`)
    expect(pages.length).toBe(Math.ceil(all.length / 500))
    const walked = pages.flatMap((page) => page.features.map((feature) => feature.id))
    expect(walked).toEqual(all)
    expect(pages.every((page) => page.numberMatched === all.length)).toBe(true)
    expect(linkOf(pages[0]!.links, 'prev')).toBeUndefined()
    expect(linkOf(pages.at(-1)!.links, 'next')).toBeUndefined()
    expect(new URL(linkOf(pages[1]!.links, 'prev')!.href).searchParams.get('offset')).toBe('0')
  })

  it('next links keep the bbox, the filters and the limit and change only the offset', async () => {
    const path = `/ogc/collections/enterprises/items?bbox=${seatBbox}&risk_level=general&f=json&limit=20`
    const expected = await ids(sql`SELECT id FROM enterprises WHERE ${inSeat} AND risk_level = 'general' ORDER BY id`)
    expect(expected.length).toBeGreaterThan(40)
    const first = await getItems(request, path)
    const next = new URL(linkOf(first.links, 'next')!.href)
    expect(next.pathname).toBe('/ogc/collections/enterprises/items')
    expect([...next.searchParams]).toEqual([
      ['bbox', seatBbox],
      ['risk_level', 'general'],
      ['f', 'json'],
      ['limit', '20'],
      ['offset', '20'],
    ])
    const pages = await walk(request, path)
    expect(pages.flatMap((page) => page.features.map((feature) => feature.id))).toEqual(expected)
    const second = pages[1]!
    const prev = new URL(linkOf(second.links, 'prev')!.href)
    expect(prev.searchParams.get('bbox')).toBe(seatBbox)
    expect(prev.searchParams.get('offset')).toBe('0')
    expect(linkOf(second.links, 'self')!.href).toBe(`http://localhost${path}&offset=20`)
  })

  it('get /ogc/collections/enterprises/items filters by town_code, risk_level and sector like the database', async () => {
    const [town] = await db.rows<{ town_code: string }>(
      sql`SELECT town_code FROM enterprises WHERE town_code IS NOT NULL GROUP BY town_code ORDER BY count(*) DESC, town_code LIMIT 1`,
    )
    const townCode = town!.town_code
    const cases: [string, ReturnType<typeof sql>][] = [
      [`town_code=${townCode}`, sql`town_code = ${townCode}`],
      ['risk_level=major', sql`risk_level = 'major'`],
      ['risk_level=low', sql`risk_level = 'low'`],
      ['sector=hazchem', sql`sector = 'hazchem'`],
      [
        `town_code=${townCode}&risk_level=high&sector=machinery`,
        sql`town_code = ${townCode} AND risk_level = 'high' AND sector = 'machinery'`,
      ],
      ['dust=true', sql`dust`],
      ['above_size=false', sql`NOT above_size`],
    ]
    for (const [query, condition] of cases) {
      const expected = await count(sql`SELECT count(*)::int AS n FROM enterprises WHERE ${condition}`)
      const page = await getItems(request, `/ogc/collections/enterprises/items?${query}&limit=1`)
      expect(page.numberMatched, query).toBe(expected)
    }
    const majors = await getItems(request, '/ogc/collections/enterprises/items?risk_level=major&limit=10000')
    expect(majors.features.length).toBeGreaterThan(0)
    expect(majors.features.every((feature) => feature.properties.risk_level === 'major')).toBe(true)
  })

  it('get /ogc/collections/enterprises/items counts confined spaces and open hazards per enterprise', async () => {
    const page = await getItems(request, '/ogc/collections/enterprises/items?limit=10000')
    const sum = (name: string) =>
      page.features.reduce((total, feature) => total + (feature.properties[name] as number), 0)
    expect(sum('confined_space_count')).toBe(await count(sql`SELECT count(*)::int AS n FROM confined_spaces`))
    expect(sum('open_hazards')).toBe(await count(sql`SELECT count(*)::int AS n FROM hazards WHERE status <> 'closed'`))
    const [busiest] = await db.rows<{ id: number; n: number }>(
      sql`SELECT enterprise_id AS id, count(*)::int AS n FROM confined_spaces GROUP BY enterprise_id ORDER BY n DESC, id LIMIT 1`,
    )
    expect(page.features.find((feature) => feature.id === busiest!.id)!.properties.confined_space_count).toBe(
      busiest!.n,
    )
  })

  it('get /ogc/collections/dust/items returns exactly the dust enterprises', async () => {
    const page = await getItems(request, '/ogc/collections/dust/items?limit=10000')
    expect(page.features.map((feature) => feature.id)).toEqual(
      await ids(sql`SELECT id FROM enterprises WHERE dust ORDER BY id`),
    )
    expect(page.features.length).toBeGreaterThan(0)
    expect(page.features[0]!.properties).toHaveProperty('dust_type')
    expect(page.features[0]!.properties).toHaveProperty('risk_level')
  })

  it('get /ogc/collections/hazards/items computes overdue against today', async () => {
    const overdue = await count(
      sql`SELECT count(*)::int AS n FROM hazards WHERE deadline < ${testDemo.asOf}::date AND status <> 'closed'`,
    )
    const total = await count(sql`SELECT count(*)::int AS n FROM hazards`)
    expect(overdue).toBeGreaterThan(0)
    expect((await getItems(request, '/ogc/collections/hazards/items?overdue=true&limit=1')).numberMatched).toBe(overdue)
    expect((await getItems(request, '/ogc/collections/hazards/items?overdue=false&limit=1')).numberMatched).toBe(
      total - overdue,
    )
    const page = await getItems(request, '/ogc/collections/hazards/items?overdue=true&limit=10000')
    expect(
      page.features.every((feature) => feature.properties.overdue === true && feature.properties.status !== 'closed'),
    ).toBe(true)
    expect(typeof page.features[0]!.properties.enterprise_name).toBe('string')
  })

  it('get /ogc/collections/hazards/items filters by status and level', async () => {
    const expected = await count(
      sql`SELECT count(*)::int AS n FROM hazards WHERE status = 'rectifying' AND level = 'general'`,
    )
    const page = await getItems(request, '/ogc/collections/hazards/items?status=rectifying&level=general&limit=1')
    expect(page.numberMatched).toBe(expected)
  })

  it('get /ogc/collections/confined-spaces/items names the enterprise of each space', async () => {
    const [space] = await db.rows<{ id: number; name: string; risk_level: string }>(
      sql`SELECT cs.id, e.name, e.risk_level FROM confined_spaces cs JOIN enterprises e ON e.id = cs.enterprise_id ORDER BY cs.id LIMIT 1`,
    )
    const page = await getItems(request, '/ogc/collections/confined-spaces/items?limit=1')
    expect(page.numberMatched).toBe(await count(sql`SELECT count(*)::int AS n FROM confined_spaces`))
    expect(page.features[0]!.id).toBe(space!.id)
    expect(page.features[0]!.properties.enterprise_name).toBe(space!.name)
    expect(page.features[0]!.properties.risk_level).toBe(space!.risk_level)
  })

  it('get /ogc/collections/fireworks-outlets/items filters by kind and names the supplier', async () => {
    const expected = await count(sql`SELECT count(*)::int AS n FROM fireworks_outlets WHERE kind = 'temporary'`)
    expect(
      (await getItems(request, '/ogc/collections/fireworks-outlets/items?kind=temporary&limit=1')).numberMatched,
    ).toBe(expected)
    const [supplied] = await db.rows<{ id: number; name: string }>(
      sql`SELECT o.id, e.name FROM fireworks_outlets o JOIN enterprises e ON e.id = o.supplier_enterprise_id ORDER BY o.id LIMIT 1`,
    )
    if (supplied) {
      const { body } = await getJson<Feature>(request, `/ogc/collections/fireworks-outlets/items/${supplied.id}`)
      expect(body.properties.supplier_name).toBe(supplied.name)
    }
  })

  it('get /ogc/collections/sensitive-sites/items filters by kind', async () => {
    const expected = await count(sql`SELECT count(*)::int AS n FROM sensitive_sites WHERE kind = 'school'`)
    expect((await getItems(request, '/ogc/collections/sensitive-sites/items?kind=school&limit=1')).numberMatched).toBe(
      expected,
    )
  })

  it('get /ogc/collections/towns/items returns the towns without the county, keyed by code', async () => {
    const page = await getItems(request, '/ogc/collections/towns/items')
    const towns = await db.rows<{ code: string; name: string }>(
      sql`SELECT code, name FROM regions WHERE kind <> 'county' ORDER BY code`,
    )
    expect(page.features.map((feature) => [feature.id, feature.properties.name])).toEqual(
      towns.map((town) => [town.code, town.name]),
    )
    expect(page.features.every((feature) => feature.properties.town_code === feature.id)).toBe(true)
    expect(page.features[0]!.geometry.type).toBe('MultiPolygon')
  })

  it('get /ogc/collections/grids/items with a bbox returns the grids that intersect it, with their town name', async () => {
    const expected = await db.rows<{ code: string; town_name: string }>(
      sql`SELECT g.code, r.name AS town_name FROM grids g JOIN regions r ON r.code = g.town_code
          WHERE ST_Intersects(g.geom, ST_MakeEnvelope(${seat.minLon}, ${seat.minLat}, ${seat.maxLon}, ${seat.maxLat}, 4326))
          ORDER BY g.code`,
    )
    expect(expected.length).toBeGreaterThan(0)
    const page = await getItems(request, `/ogc/collections/grids/items?bbox=${seatBbox}&limit=10000`)
    expect(page.features.map((feature) => [feature.id, feature.properties.town_name])).toEqual(
      expected.map((grid) => [grid.code, grid.town_name]),
    )
    expect(page.features.every((feature) => feature.properties.grid_code === feature.id)).toBe(true)
  })

  it('get /ogc/collections/grids/items filters by town_code', async () => {
    const [town] = await db.rows<{ code: string; n: number }>(
      sql`SELECT town_code AS code, count(*)::int AS n FROM grids GROUP BY town_code ORDER BY town_code LIMIT 1`,
    )
    expect((await getItems(request, `/ogc/collections/grids/items?town_code=${town!.code}`)).numberMatched).toBe(
      town!.n,
    )
  })

  it('accepts bbox-crs and crs when they are CRS84, and a 6-number bbox with heights', async () => {
    const crs84 = encodeURIComponent('http://www.opengis.net/def/crs/OGC/1.3/CRS84')
    const expected = await count(sql`SELECT count(*)::int AS n FROM enterprises WHERE ${inSeat}`)
    const flat = await getItems(
      request,
      `/ogc/collections/enterprises/items?bbox=${seatBbox}&bbox-crs=${crs84}&crs=${crs84}&limit=1`,
    )
    expect(flat.numberMatched).toBe(expected)
    const withHeights = `${seat.minLon},${seat.minLat},0,${seat.maxLon},${seat.maxLat},100`
    expect(
      (await getItems(request, `/ogc/collections/enterprises/items?bbox=${withHeights}&limit=1`)).numberMatched,
    ).toBe(expected)
  })

  it('an offset past the end returns an empty page with a prev link', async () => {
    const total = await count(sql`SELECT count(*)::int AS n FROM enterprises`)
    const page = await getItems(request, `/ogc/collections/enterprises/items?offset=${total + 10}&limit=5`)
    expect(page.numberMatched).toBe(total)
    expect(page.numberReturned).toBe(0)
    expect(page.features).toEqual([])
    expect(linkOf(page.links, 'next')).toBeUndefined()
    expect(linkOf(page.links, 'prev')).toBeDefined()
  })
})

describe('get /ogc/collections/{id}/items/{featureId}', () => {
  it.each(['enterprises', 'towns', 'grids', 'hazards', 'zones', 'confined-spaces'])(
    'get /ogc/collections/%s/items/{id} returns the same feature as the items page',
    async (id) => {
      const page = await getItems(request, `/ogc/collections/${id}/items?limit=3&offset=1`)
      const listed = page.features[1]!
      const response = await request(`/ogc/collections/${id}/items/${listed.id}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/geo+json')
      const { links, ...feature } = (await response.json()) as Feature
      expect(feature).toEqual(listed)
      expect(links).toContainEqual(
        expect.objectContaining({ rel: 'self', href: `http://localhost/ogc/collections/${id}/items/${listed.id}` }),
      )
      expect(links).toContainEqual(
        expect.objectContaining({ rel: 'collection', href: `http://localhost/ogc/collections/${id}` }),
      )
    },
  )
})
