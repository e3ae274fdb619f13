import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { Request } from '../../support/test-app.ts'
import { testApp } from '../../support/test-app.ts'
import { getItems, linkOf, positions, walk, type Feature } from './ogc-client.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`
const q = encodeURIComponent

/**
 * Two demo enterprises (the seed is deterministic) and where they are in each CRS. The expected
 * numbers come from PROJ 9.1.1's cs2cs, not from PostGIS:
 *   printf "33.773764 120.205176\n33.786401 120.254931\n" | cs2cs -f %.4f EPSG:4326 EPSG:4549
 *   → 3738586.1841 519005.2596 / 3739998.1528 523610.5613  (northing, easting: the EPSG axis order)
 *   … | cs2cs -f %.4f EPSG:4326 EPSG:3857 → 13381178.9830 3998464.3618 / 13386717.6843 4000156.8329
 *   … | cs2cs -f %.9f EPSG:4326 EPSG:4490 → 33.773764000 120.205176000 (CGCS2000 ≡ WGS84 at this level)
 */
const known = [
  {
    id: 1,
    crs84: [120.205176, 33.773764],
    4326: [33.773764, 120.205176],
    4490: [33.773764, 120.205176],
    4549: [3738586.1841, 519005.2596],
    3857: [13381178.983, 3998464.3618],
  },
  {
    id: 2,
    crs84: [120.254931, 33.786401],
    4326: [33.786401, 120.254931],
    4490: [33.786401, 120.254931],
    4549: [3739998.1528, 523610.5613],
    3857: [13386717.6843, 4000156.8329],
  },
] as const
const codes = [4326, 4490, 4549, 3857] as const

async function feature(id: number, crs?: string) {
  const response = await request(`/ogc/collections/enterprises/items/${id}${crs ? `?crs=${q(crs)}` : ''}`)
  expect(response.status).toBe(200)
  return { contentCrs: response.headers.get('content-crs'), body: (await response.json()) as Feature }
}

/** Within a millimetre (projected, metres) or 1e-9° (geographic, ~0.1 mm). */
function expectClose(actual: unknown, expected: readonly number[], code: number) {
  const tolerance = code === 4549 || code === 3857 ? 0.001 : 1e-9
  const [x, y] = actual as number[]
  expect(Math.abs(x! - expected[0]!), `${code}: ${String(actual)} vs ${String(expected)}`).toBeLessThanOrEqual(
    tolerance,
  )
  expect(Math.abs(y! - expected[1]!), `${code}: ${String(actual)} vs ${String(expected)}`).toBeLessThanOrEqual(
    tolerance,
  )
}

describe('OGC API Part 2: crs', () => {
  it('answers in CRS84 by default and say so in Content-Crs', async () => {
    for (const point of known) {
      const { contentCrs, body } = await feature(point.id)
      expect(contentCrs).toBe(`<${crs84}>`)
      expect(body.geometry.coordinates, 'the demo seed moved: recompute the expected values').toEqual(point.crs84)
    }
  })

  it.each(codes)('answers in EPSG:%i to the millimetre, in the axis order of its definition', async (code) => {
    for (const point of known) {
      const { contentCrs, body } = await feature(point.id, epsg(code))
      expect(contentCrs).toBe(`<${epsg(code)}>`)
      expect(body).not.toHaveProperty('crs')
      expect(body.geometry).not.toHaveProperty('crs')
      expectClose(body.geometry.coordinates, point[code], code)
    }
  })

  it('writes projected coordinates to the millimetre (3 decimals) and pages in the same CRS', async () => {
    const page = await getItems(request, `/ogc/collections/enterprises/items?limit=3&crs=${q(epsg(4549))}`)
    expectClose(page.features[0]!.geometry.coordinates, known[0][4549], 4549)
    for (const value of page.features.flatMap((f) => f.geometry.coordinates as number[])) {
      expect(String(value)).toMatch(/^\d+(\.\d{1,3})?$/)
    }
    const next = linkOf(page.links, 'next')!.href
    expect(new URL(next).searchParams.get('crs')).toBe(epsg(4549))
  })

  it('polygons come out in the CRS too: every town vertex in EPSG:4490 is its CRS84 vertex, latitude first', async () => {
    const [lonLat, latLon] = await Promise.all([
      getItems(request, '/ogc/collections/towns/items?limit=3'),
      getItems(request, `/ogc/collections/towns/items?limit=3&crs=${q(epsg(4490))}`),
    ])
    const flipped = lonLat.features.map((f) => positions(f.geometry.coordinates).map(([x, y]) => [y, x]))
    expect(latLon.features.map((f) => positions(f.geometry.coordinates))).toEqual(flipped)
  })
})

describe('OGC API Part 2: bbox-crs', () => {
  const countInSeat = async () =>
    (
      await db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM enterprises WHERE ST_X(geom) BETWEEN 120.15 AND 120.35 AND ST_Y(geom) BETWEEN 33.7 AND 33.85`,
      )
    )[0]!.n

  it('a bbox in EPSG:4326 or EPSG:4490 is latitude first and finds what the CRS84 bbox finds', async () => {
    const expected = await countInSeat()
    for (const code of [4326, 4490]) {
      const page = await getItems(
        request,
        `/ogc/collections/enterprises/items?bbox=33.7,120.15,33.85,120.35&bbox-crs=${q(epsg(code))}&limit=1`,
      )
      expect(page.numberMatched).toBe(expected)
    }
  })

  it('a 2 m bbox in EPSG:4549 (northing first) around a known point finds exactly that enterprise', async () => {
    const [n, e] = known[0][4549]
    const bbox = [n - 1, e - 1, n + 1, e + 1].join(',')
    const page = await getItems(
      request,
      `/ogc/collections/enterprises/items?bbox=${bbox}&bbox-crs=${q(epsg(4549))}&crs=${q(epsg(4549))}`,
    )
    expect(page.features.map((f) => f.id)).toEqual([known[0].id])
  })

  it('a bbox in EPSG:4549 or EPSG:3857 matches exactly what lies inside it in that CRS, points and polygons', async () => {
    const boxes = [
      { code: 4549, text: '3730000,510000,3750000,530000', xy: [510000, 3730000, 530000, 3750000] },
      { code: 3857, text: '13380000,3990000,13400000,4010000', xy: [13380000, 3990000, 13400000, 4010000] },
    ]
    for (const { code, text, xy } of boxes) {
      const envelope = sql`ST_MakeEnvelope(${xy[0]}::float8, ${xy[1]}::float8, ${xy[2]}::float8, ${xy[3]}::float8, ${code}::int)`
      for (const [collection, table] of [
        ['enterprises', sql`enterprises`],
        ['grids', sql`grids`],
      ] as const) {
        const expected = (
          await db.rows<{ n: number }>(
            sql`SELECT count(*)::int AS n FROM ${table} WHERE ST_Intersects(ST_Transform(geom, ${code}::int), ${envelope})`,
          )
        )[0]!.n
        expect(expected).toBeGreaterThan(0)
        const pages = await walk(
          request,
          `/ogc/collections/${collection}/items?bbox=${text}&bbox-crs=${q(epsg(code))}&limit=500`,
        )
        expect(pages[0]!.numberMatched, `${collection} in EPSG:${code}`).toBe(expected)
        expect(pages.flatMap((page) => page.features).length).toBe(expected)
      }
    }
  })
})
