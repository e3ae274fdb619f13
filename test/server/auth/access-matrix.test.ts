import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'
import { accessFixture, createToken } from './fixtures.ts'

// DESIGN §6 / issue #4: every role against every kind of endpoint, with exact statuses and counts.
type Who = 'admin' | 'county' | 'town' | 'grid' | 'viewer' | 'kiosk' | 'personal' | 'anonymous'
const everyone: Who[] = ['admin', 'county', 'town', 'grid', 'viewer', 'kiosk', 'personal', 'anonymous']
/** The scope each principal gets: the kiosk token is the county's, the personal token the grid officer's. */
const scopeOf = (who: Who) =>
  who === 'town' ? 'town' : who === 'grid' || who === 'personal' ? 'grid' : who === 'anonymous' ? 'none' : 'all'

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>
let as: Record<Who, As>
const createdInspections: number[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
  as = {
    admin: 'admin',
    county: 'county',
    town: fx.townUser,
    grid: fx.gridUser,
    viewer: 'viewer',
    kiosk: { token: (await createToken(request, db, 'county', 'kiosk')).token },
    personal: { token: (await createToken(request, db, fx.gridUser, 'personal')).token },
    anonymous: 'anonymous',
  }
})

/** One recorded draw, made by the county for the draws row of the matrix and removed afterwards. */
let drawing: Promise<number> | undefined
const drawn = () =>
  (drawing ??= (async () => {
    const body = {
      filters: { town_code: [fx.townCode] },
      inspectors: ['张伟'],
      enterprises: 1,
      inspectors_per_enterprise: 1,
    }
    const response = await request('/api/draws', json('POST', body), 'county')
    if (response.status !== 201) throw new Error(`draw: ${response.status} ${await response.text()}`)
    return ((await response.json()) as { id: number }).id
  })())

afterAll(async () => {
  if (drawing) {
    const id = await drawing
    await db.rows(sql`DELETE FROM inspections WHERE campaign_id = ${id}::int`)
    await db.rows(sql`DELETE FROM inspection_campaigns WHERE id = ${id}::int`)
  }
  if (createdInspections.length === 0) return
  const ids = sql.join(
    createdInspections.map((id) => sql`${id}::int`),
    sql`, `,
  )
  await db.rows(sql`DELETE FROM hazards WHERE inspection_id IN (${ids})`)
  await db.rows(sql`DELETE FROM inspections WHERE id IN (${ids})`)
})

const count = async (query: ReturnType<typeof sql>) => (await db.rows<{ n: number }>(query))[0]!.n
const get = (path: string, who: Who) => request(path, {}, as[who])

describe('reads by role', () => {
  it.each(everyone)('get /ogc/collections/enterprises/items as %s sees exactly its scope', async (who) => {
    const response = await get('/ogc/collections/enterprises/items?limit=1', who)
    if (who === 'anonymous') {
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe(
        'Basic realm="sheyang-ogc", charset="UTF-8", Bearer realm="sheyang-ogc"',
      )
      expect(await response.json()).toEqual({
        error: 'Log in or send Authorization: Bearer <token>',
        code: 'unauthenticated',
      })
      return
    }
    expect(response.status).toBe(200)
    const expected = {
      all: await count(sql`SELECT count(*)::int AS n FROM enterprises`),
      town: await count(sql`SELECT count(*)::int AS n FROM enterprises WHERE town_code = ${fx.townCode}`),
      grid: await count(
        sql`SELECT count(*)::int AS n FROM enterprises WHERE grid_code = ANY(${`{${fx.gridCode}}`}::text[])`,
      ),
    }[scopeOf(who) as 'all' | 'town' | 'grid']
    expect(((await response.json()) as { numberMatched: number }).numberMatched).toBe(expected)
  })

  it.each(everyone)('get another town’s enterprise feature, stats and record as %s', async (who) => {
    const paths = [
      `/ogc/collections/enterprises/items/${fx.foreignEnterprise}`,
      `/ogc/collections/hazards/items/${fx.foreignHazard.id}`,
      `/api/stats/grids/${fx.foreignGrid}`,
      `/api/enterprises/${fx.foreignEnterprise}`,
      `/api/grids/${fx.foreignGrid}/worklist`,
      `/api/hazards/${fx.foreignHazard.id}`,
    ]
    const expected = { all: 200, town: 404, grid: 404, none: 401 }[scopeOf(who)]
    for (const path of paths) expect([path, (await get(path, who)).status]).toEqual([path, expected])
  })

  it.each(everyone)('get the officer’s own grid: feature, stats, record and worklist as %s', async (who) => {
    const paths = [
      `/ogc/collections/enterprises/items/${fx.ownEnterprise}`,
      `/api/stats/grids/${fx.gridCode}`,
      `/api/enterprises/${fx.ownEnterprise}`,
      `/api/grids/${fx.gridCode}/worklist`,
      '/api/stats/summary',
    ]
    const expected = who === 'anonymous' ? 401 : 200
    for (const path of paths) expect([path, (await get(path, who)).status]).toEqual([path, expected])
  })

  it.each(everyone)(
    'get /api/stats/grids and /api/stats/towns as %s list exactly the grids and towns in scope',
    async (who) => {
      const grids = await get('/api/stats/grids', who)
      const towns = await get('/api/stats/towns', who)
      if (who === 'anonymous') {
        expect([grids.status, towns.status]).toEqual([401, 401])
        return
      }
      const scope = scopeOf(who)
      const gridCodes = ((await grids.json()) as { grids: { code: string }[] }).grids.map((g) => g.code)
      const townCodes = ((await towns.json()) as { towns: { code: string }[] }).towns.map((t) => t.code)
      const allGrids = (await db.rows<{ code: string }>(sql`SELECT code FROM grids ORDER BY code`)).map((r) => r.code)
      const townGrids = (
        await db.rows<{ code: string }>(sql`SELECT code FROM grids WHERE town_code = ${fx.townCode} ORDER BY code`)
      ).map((r) => r.code)
      expect(gridCodes).toEqual(scope === 'all' ? allGrids : scope === 'town' ? townGrids : [fx.gridCode])
      expect(townCodes.length).toBe(scope === 'all' ? 19 : 1)
      if (scope !== 'all') expect(townCodes).toEqual([fx.townCode])
    },
  )

  it.each(everyone)('get /api/events as %s', async (who) => {
    const response = await get('/api/events', who)
    expect(response.status).toBe(who === 'anonymous' ? 401 : 200)
    await response.body?.cancel()
  })

  it('the worklist lists exactly the grid’s enterprises that are not closed', async () => {
    const response = await get(`/api/grids/${fx.gridCode}/worklist`, 'grid')
    const body = (await response.json()) as { enterprises: { id: number }[] }
    const expected = await db.rows<{ id: number }>(
      sql`SELECT id FROM enterprises WHERE grid_code = ${fx.gridCode} AND status <> 'closed' ORDER BY id`,
    )
    expect(body.enterprises.map((e) => e.id).sort((a, b) => a - b)).toEqual(expected.map((e) => e.id))
  })
})

describe('writes by role', () => {
  const inspection = (enterpriseId: number) =>
    json('POST', {
      enterprise_id: enterpriseId,
      kind: 'routine',
      inspected_on: '2026-10-14',
      inspectors: ['测试员'],
      findings: 'access matrix',
    })

  it.each(everyone)('post /api/inspections in the officer’s grid as %s', async (who) => {
    const response = await request('/api/inspections', inspection(fx.ownEnterprise), as[who])
    const expected = {
      admin: 201,
      county: 201,
      town: 201,
      grid: 201,
      personal: 201,
      viewer: 403,
      kiosk: 403,
      anonymous: 401,
    }[who]
    expect(response.status).toBe(expected)
    if (response.status === 201)
      createdInspections.push(((await response.json()) as { inspection: { id: number } }).inspection.id)
  })

  it.each(everyone)('post /api/inspections for another town’s enterprise as %s', async (who) => {
    const response = await request('/api/inspections', inspection(fx.foreignEnterprise), as[who])
    const expected = {
      admin: 201,
      county: 201,
      town: 404,
      grid: 404,
      personal: 404,
      viewer: 403,
      kiosk: 403,
      anonymous: 401,
    }[who]
    expect(response.status).toBe(expected)
    if (response.status === 201)
      createdInspections.push(((await response.json()) as { inspection: { id: number } }).inspection.id)
  })

  it.each(everyone)(
    'post /api/hazards/{id}/transition on another town’s hazard as %s with a stale version',
    async (who) => {
      // A stale version shows who gets past the scope (409) without changing the row.
      const response = await request(
        `/api/hazards/${fx.foreignHazard.id}/transition`,
        json('POST', { to: 'assigned', deadline: '2026-12-31', version: fx.foreignHazard.version + 100 }),
        as[who],
      )
      const expected = {
        admin: 409,
        county: 409,
        town: 404,
        grid: 404,
        personal: 404,
        viewer: 403,
        kiosk: 403,
        anonymous: 401,
      }[who]
      expect(response.status).toBe(expected)
    },
  )

  it.each(everyone)('get /api/draws, its lists and one draw as %s', async (who) => {
    const drawId = await drawn()
    // Only those who may draw see draws; to anyone else a draw is out of scope (404), the lists forbidden.
    const lists = { admin: 200, county: 200, anonymous: 401 }[who as 'admin'] ?? 403
    for (const path of ['/api/draws', '/api/draws/candidates', '/api/draws/inspectors']) {
      expect([path, (await get(path, who)).status]).toEqual([path, lists])
    }
    const one = { admin: 200, county: 200, anonymous: 401 }[who as 'admin'] ?? 404
    expect((await get(`/api/draws/${drawId}`, who)).status).toBe(one)
  })

  it.each(everyone)('get /api/admin/users and /api/admin/audit as %s', async (who) => {
    const expected = { admin: 200, anonymous: 401 }[who as 'admin'] ?? 403
    expect((await get('/api/admin/users', who)).status).toBe(expected)
    expect((await get('/api/admin/audit', who)).status).toBe(expected)
  })
})
