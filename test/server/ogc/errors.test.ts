import { beforeAll, describe, expect, it } from 'vitest'
import type { Request } from '../../support/test-app.ts'
import { testApp } from '../../support/test-app.ts'

let request: Request

beforeAll(async () => {
  ;({ request } = await testApp())
})

type ErrorBody = { error: string; details?: Record<string, unknown> }

async function getError(path: string) {
  const response = await request(path)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return { status: response.status, body: (await response.json()) as ErrorBody }
}

const items = '/ogc/collections/enterprises/items'
const epsg = (code: number) => encodeURIComponent(`http://www.opengis.net/def/crs/EPSG/0/${code}`)

describe('bad OGC API requests get a 4xx with a JSON error', () => {
  it.each([
    ['a malformed bbox', 'bbox=120.1;33.6;120.4;33.9', /bbox must be 4 comma-separated numbers/],
    ['a bbox of 3 numbers', 'bbox=120.1,33.6,120.4', /bbox must be 4 comma-separated numbers.*got 3/],
    ['a bbox of 5 numbers', 'bbox=120.1,33.6,120.4,33.9,1', /got 5/],
    ['a non-numeric bbox', 'bbox=120.1,north,120.4,33.9', /"north" is not/],
    ['an empty bbox value', 'bbox=120.1,,120.4,33.9', /decimal numbers/],
    ['a hexadecimal bbox value', 'bbox=0x10,33.6,120.4,33.9', /decimal numbers/],
    ['an inverted bbox', 'bbox=120.4,33.6,120.1,33.9', /inverted/],
    ['a bbox with min latitude above max', 'bbox=120.1,33.9,120.4,33.6', /inverted/],
    ['a bbox outside the world', 'bbox=120,33,200,34', /outside the world/],
    ['a bbox beyond the pole', 'bbox=120,-91,121,34', /outside the world/],
    [
      'a bbox-crs not served',
      'bbox=120,33,121,34&bbox-crs=EPSG:4326',
      /bbox-crs must be one of: .*CRS84, .*EPSG\/0\/4326/,
    ],
    [
      'a crs not served',
      'crs=http://www.opengis.net/def/crs/EPSG/0/4214',
      /crs must be one of: .*CRS84, .*EPSG\/0\/4490/,
    ],
    [
      'a lon-first bbox in EPSG:4326 (latitude first)',
      `bbox=120,33,121,34&bbox-crs=${epsg(4326)}`,
      /outside the world: .*axis order minLat,minLon,maxLat,maxLon in .*4326/,
    ],
    [
      'a bbox beyond the Gauss-Krüger zone',
      `bbox=3700000,-5,3800000,530000&bbox-crs=${epsg(4549)}`,
      /outside what .*4549 covers/,
    ],
    [
      'an inverted bbox in EPSG:4549',
      `bbox=3800000,510000,3700000,530000&bbox-crs=${epsg(4549)}`,
      /inverted: .*minNorthing,minEasting,maxNorthing,maxEasting/,
    ],
    ['a bbox beyond Web Mercator', `bbox=0,0,30000000,1&bbox-crs=${epsg(3857)}`, /outside what .*3857 covers/],
    ['limit=abc', 'limit=abc', /limit must be a positive integer/],
    ['limit=-1', 'limit=-1', /limit must be a positive integer/],
    ['limit=0', 'limit=0', /limit must be a positive integer/],
    ['limit=2.5', 'limit=2.5', /limit must be a positive integer/],
    ['an empty limit', 'limit=', /limit must be a positive integer/],
    ['offset=-5', 'offset=-5', /offset must be a non-negative integer/],
    ['offset=1.5', 'offset=1.5', /offset must be a non-negative integer/],
    ['an offset beyond int', 'offset=99999999999', /offset must be at most/],
    ['f=xml', 'f=xml', /f must be json, geojson, html, csv, xlsx, shp, gpkg or geojson-file/],
    ['a parameter given twice', 'limit=5&limit=6', /limit is given more than once/],
    ['a bad enum value', 'risk_level=purple', /risk_level must be one of: major, high, general, low/],
    ['a bad sector', 'sector=banking', /sector must be one of: hazchem,/],
    ['a bad boolean', 'dust=yes', /dust must be true or false/],
  ])('get /ogc/collections/enterprises/items returns 400 for %s', async (_, query, message) => {
    const { status, body } = await getError(`${items}?${query}`)
    expect(status).toBe(400)
    expect(body.error).toMatch(message)
  })

  it('get /ogc/collections/enterprises/items returns 400 listing the allowed parameters for an unknown property filter', async () => {
    const { status, body } = await getError(`${items}?colour=red`)
    expect(status).toBe(400)
    expect(body.error).toMatch(
      /Unknown query parameter colour; allowed: bbox, bbox-crs, limit, offset, f, crs, .*town_code/,
    )
    expect(body.details?.allowed).toEqual(
      expect.arrayContaining(['bbox', 'limit', 'offset', 'town_code', 'grid_code', 'risk_level', 'sector']),
    )
  })

  it('get /ogc/collections/enterprises/items returns 400 listing the allowed values for a bad enum value', async () => {
    const { body } = await getError(`${items}?risk_level=purple`)
    expect(body.details).toEqual({
      parameter: 'risk_level',
      value: 'purple',
      allowed: ['major', 'high', 'general', 'low'],
    })
  })

  it('get /ogc/collections/sensitive-sites/items rejects a filter another collection has', async () => {
    const { status, body } = await getError('/ogc/collections/sensitive-sites/items?risk_level=major')
    expect(status).toBe(400)
    expect(body.error).toMatch(/risk_level/)
  })

  it('get /ogc/collections/hazards/items returns 400 for a bad hazard status', async () => {
    const { status, body } = await getError('/ogc/collections/hazards/items?status=open')
    expect(status).toBe(400)
    expect(body.error).toBe('status must be one of: reported, assigned, rectifying, awaiting_recheck, closed')
  })

  it.each([
    ['/ogc/collections/factories', /No collection "factories"/],
    ['/ogc/collections/factories/items', /No collection "factories"/],
    ['/ogc/collections/factories/items/1', /No collection "factories"/],
    ['/ogc/collections/enterprises/items/999999999', /No feature "999999999"/],
    ['/ogc/collections/enterprises/items/abc', /No feature "abc"/],
    ['/ogc/collections/enterprises/items/-1', /No feature "-1"/],
    ['/ogc/collections/enterprises/items/1.5', /No feature "1.5"/],
    ['/ogc/collections/enterprises/items/99999999999999999999', /No feature/],
    ['/ogc/collections/towns/items/320924000', /No feature "320924000"/],
    ['/ogc/collections/grids/items/nope', /No feature "nope"/],
  ])('get %s returns 404', async (path, message) => {
    const { status, body } = await getError(path)
    expect(status).toBe(404)
    expect(body.error).toMatch(message)
  })

  it('get /ogc/collections/{id} for an unknown collection lists the collections', async () => {
    const { body } = await getError('/ogc/collections/factories/items')
    expect(body.details?.collections).toEqual(expect.arrayContaining(['enterprises', 'towns', 'hazards']))
  })

  it('no odd input produces a 500', async () => {
    const paths = [
      `${items}?bbox=`,
      `${items}?bbox=,,,`,
      `${items}?bbox=1e400,0,1,1`,
      `${items}?bbox=NaN,0,1,1`,
      `${items}?bbox=Infinity,0,1,1`,
      `${items}?limit=1e3`,
      `${items}?limit=99999999999999999999`,
      `${items}?offset=`,
      `${items}?town_code=`,
      `${items}?town_code=%27%3B%20DROP%20TABLE%20enterprises%3B--`,
      `${items}?town_code=${'9'.repeat(500)}`,
      `${items}?grid_code=%00`,
      `${items}?%zz=1`,
      `${items}?=`,
      '/ogc/collections/confined-spaces/items?enterprise_id=99999999999',
      '/ogc/collections/confined-spaces/items?enterprise_id=-1',
      '/ogc/collections/hazards/items?overdue=TRUE',
      '/ogc/collections/enterprises/items/1?limit=5',
      '/ogc/collections/towns/items/%27',
      '/ogc/collections/grids/items/%E4%B8%AD',
      '/ogc/collections/%E4%B8%AD/items',
    ]
    for (const path of paths) {
      const response = await request(path)
      expect(response.status, path).toBeLessThan(500)
      expect(response.headers.get('content-type'), path).toMatch(/^application\/(geo\+)?json/)
    }
  })
})
