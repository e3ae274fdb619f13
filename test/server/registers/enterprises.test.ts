import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { fromWgs84Converter, metresBetween } from '../../../lib/crs.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'
import { createToken } from '../auth/fixtures.ts'
import { freshUscc, places, removeRows } from './support.ts'

let request: Request
let db: Database
let place: Awaited<ReturnType<typeof places>>
const made: { table: string; id: number }[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  place = await places(db)
})
afterAll(() => removeRows(db, made))

type Enterprise = Record<string, unknown> & {
  id: number
  version: number
  lon: number
  lat: number
  town_code: string | null
  grid_code: string | null
  source_crs: string | null
  status: string
  warnings: { field: string; code: string; message: string }[]
}

const body = (extra: Record<string, unknown> = {}) => ({
  uscc: freshUscc(),
  name: '测试企业',
  sector: 'light_industry',
  risk_level: 'general',
  location: { lon: place.grid.lon, lat: place.grid.lat },
  ...extra,
})

async function post(payload: Record<string, unknown>, as: As = 'county') {
  const response = await request('/api/enterprises', json('POST', payload), as)
  const answer = (await response.json()) as Enterprise & { code?: string; details?: Record<string, unknown> }
  if (response.status === 201) made.push({ table: 'enterprises', id: answer.id })
  return { status: response.status, body: answer }
}

const patch = async (id: number, payload: Record<string, unknown>, as: As = 'county') => {
  const response = await request(`/api/enterprises/${id}`, json('PATCH', payload), as)
  return {
    status: response.status,
    body: (await response.json()) as Enterprise & { code?: string; details?: { current: Record<string, unknown> } },
  }
}

describe('post /api/enterprises', () => {
  it('creates the whole record, placed by the spatial join, audited', async () => {
    const created = await post(body({ employees: 12, dust: true, dust_type: 'wood', ammonia_tonnes: 12.5 }))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: '测试企业',
      version: 1,
      employees: 12,
      dust_type: 'wood',
      ammonia_tonnes: 12.5,
      town_code: place.grid.town_code,
      grid_code: place.grid.code,
      source_crs: null,
      location_source: 'wgs84',
      status: 'active',
      warnings: [],
    })
    const read = await request(`/api/enterprises/${created.body.id}`, {}, 'county')
    const record = ((await read.json()) as { enterprise: Enterprise }).enterprise
    expect(record).toMatchObject({ version: 1, source_crs: null, lon: place.grid.lon })
    const [entry] = await db.rows<{ action: string; after: { uscc: string } }>(
      sql`SELECT action, after FROM audit_log WHERE entity = 'enterprises' AND entity_id = ${String(created.body.id)}`,
    )
    expect(entry).toMatchObject({ action: 'create', after: { uscc: created.body.uscc } })
  })

  it.each(['GCJ02', 'BD09', 'EPSG:4549'])('takes a location in %s and stores it in WGS84 within 1 m', async (crs) => {
    const [x, y] = fromWgs84Converter(crs)([place.grid.lon, place.grid.lat])
    const created = await post(body({ location: { lon: x, lat: y, crs } }))
    expect(created.status).toBe(201)
    expect(metresBetween([created.body.lon, created.body.lat], [place.grid.lon, place.grid.lat])).toBeLessThan(1)
    expect(created.body).toMatchObject({ source_crs: crs, grid_code: place.grid.code })
    expect(created.body.location_source).toBe({ GCJ02: 'gcj02', BD09: 'bd09', 'EPSG:4549': 'survey' }[crs])
  })

  it('refuses a malformed USCC, warns on a wrong check character, refuses a taken one', async () => {
    const short = await post(body({ uscc: '91320924MA1234' }))
    expect([short.status, short.body.code]).toEqual([422, 'invalid_uscc'])
    const letters = await post(body({ uscc: '91320924MA1234567I' }))
    expect([letters.status, letters.body.code]).toEqual([422, 'invalid_uscc'])
    const good = freshUscc()
    const wrong = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`
    const warned = await post(body({ uscc: wrong }))
    expect(warned.status).toBe(201)
    expect(warned.body.warnings).toEqual([
      { field: 'uscc', code: 'uscc_check_character', message: expect.stringContaining(good[17]!) },
    ])
    const taken = await post(body({ uscc: wrong }))
    expect([taken.status, taken.body.code, taken.body.details]).toEqual([
      409,
      'uscc_taken',
      { enterprise_id: warned.body.id },
    ])
  })

  it('refuses unknown vocabulary and unknown systems', async () => {
    expect((await post(body({ sector: 'space' }))).status).toBe(400)
    const crs = await post(body({ location: { lon: 1, lat: 2, crs: 'EPSG:9999' } }))
    expect([crs.status, crs.body.code]).toEqual([422, 'unknown_crs'])
  })
})

describe('patch /api/enterprises/{id}', () => {
  it('edits and closes, versioned: 428 without a version, 409 stale with the row as it is', async () => {
    const { body: created } = await post(body())
    expect((await patch(created.id, { name: '改名' })).status).toBe(428)
    const renamed = await patch(created.id, { version: 1, name: '改名', risk_level: 'high' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ name: '改名', risk_level: 'high', version: 2 })
    const stale = await patch(created.id, { version: 1, name: '又改' })
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version'])
    expect(stale.body.details!.current).toMatchObject({ version: 2, name: '改名' })
    const closed = await request(
      `/api/enterprises/${created.id}`,
      { ...json('PATCH', { status: 'closed' }), headers: { 'content-type': 'application/json', 'if-match': '"2"' } },
      'county',
    )
    expect(closed.status).toBe(200)
    expect(await closed.json()).toMatchObject({ status: 'closed', version: 3 })
    const [entry] = await db.rows<{ before: { status: string }; after: { status: string } }>(
      sql`SELECT before, after FROM audit_log WHERE entity = 'enterprises' AND entity_id = ${String(created.id)}
          AND action = 'update' ORDER BY id DESC LIMIT 1`,
    )
    expect([entry!.before.status, entry!.after.status]).toEqual(['active', 'closed'])
    expect((await request(`/api/enterprises/${created.id}`, { method: 'DELETE' }, 'admin')).status).toBe(404)
  })

  it('moves an enterprise when its location changes', async () => {
    const { body: created } = await post(body())
    const moved = await patch(created.id, { version: 1, location: { lon: place.other.lon, lat: place.other.lat } })
    expect(moved.body).toMatchObject({ town_code: place.other.town_code, grid_code: place.other.code, version: 2 })
  })

  it("refuses a position in none of the county's towns (a wrong system, a swapped pair), and nothing is written", async () => {
    const before = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises`)
    for (const location of [
      { lon: place.grid.lat, lat: place.grid.lon },
      { lon: -70, lat: -40, crs: 'GCJ02' },
    ]) {
      const refused = await post(body({ location }))
      expect([refused.status, refused.body.code]).toEqual([422, 'invalid_location'])
    }
    expect(await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises`)).toEqual(before)
    const { body: created } = await post(body())
    const away = await patch(created.id, { version: 1, location: { lon: 121.9, lat: 31.2 } })
    expect([away.status, away.body.code]).toEqual([422, 'invalid_location'])
    expect((await patch(created.id, { version: 1, name: '改名' })).status).toBe(200)
  })
})

describe('who edits enterprises', () => {
  it('a town user creates and edits only inside its town; a move out of it is refused and rolled back', async () => {
    const town = `town-${place.grid.town_code}`
    const mine = await post(body(), town)
    expect(mine.status).toBe(201)
    const outside = await post(body({ location: { lon: place.other.lon, lat: place.other.lat } }), town)
    expect([outside.status, outside.body.code]).toEqual([403, 'outside_scope'])
    const away = await patch(
      mine.body.id,
      { version: 1, location: { lon: place.other.lon, lat: place.other.lat } },
      town,
    )
    expect([away.status, away.body.code]).toEqual([403, 'outside_scope'])
    const [row] = await db.rows<{ version: number; town_code: string }>(
      sql`SELECT version, town_code FROM enterprises WHERE id = ${mine.body.id}::int`,
    )
    expect(row).toEqual({ version: 1, town_code: place.grid.town_code })
    const theirs = await post(body({ location: { lon: place.other.lon, lat: place.other.lat } }))
    expect((await patch(theirs.body.id, { version: 1, name: 'x' }, town)).status).toBe(404)
  })

  it('grid officers, viewers, planners and kiosk tokens never write', async () => {
    for (const [as, code] of [
      [`grid-${place.grid.code}`, 'forbidden_role'],
      ['viewer', 'viewer_read_only'],
      ['planner', 'forbidden_role'],
    ]) {
      const refused = await post(body(), as)
      expect([as, refused.status, refused.body.code]).toEqual([as, 403, code])
    }
    const kiosk = await createToken(request, db, 'county', 'kiosk')
    const refused = await post(body(), { token: kiosk.token })
    expect([refused.status, refused.body.code]).toEqual([403, 'kiosk_read_only'])
  })
})
