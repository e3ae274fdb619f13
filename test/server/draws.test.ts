import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { drawPicks } from '../../server/draws/draw.ts'
import type { DrawListItem } from '../../server/draws/queries.ts'
import { json, testApp, type Request } from '../support/test-app.ts'
import { accessFixture, createToken, createUser } from './auth/fixtures.ts'

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>
const campaigns: number[] = []

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
})
afterAll(async () => {
  for (const id of campaigns) {
    await db.rows(sql`DELETE FROM inspections WHERE campaign_id = ${id}::int`)
    await db.rows(sql`DELETE FROM inspection_campaigns WHERE id = ${id}::int`)
  }
})

type Draw = {
  id: number
  seed: string
  candidates: number
  picks: { enterprise_id: number; inspectors: string[]; inspection_id: number }[]
  reproduced?: boolean
}
const inspectors = ['张伟', '王芳', '李强', '刘洋', '陈静', '杨磊', '赵敏', '黄勇']
const drawBody = (seed?: string) => ({
  filters: { town_code: [fx.townCode], risk_level: ['major', 'high', 'general'] },
  inspectors,
  enterprises: 5,
  inspectors_per_enterprise: 2,
  planned_on: '2026-10-20',
  ...(seed ? { seed } : {}),
})
async function draw(body: unknown, as = 'county') {
  const response = await request('/api/draws', json('POST', body), as)
  const result = { status: response.status, body: (await response.json()) as Draw & { error?: string } }
  if (response.status === 201) campaigns.push(result.body.id)
  return result
}

describe('post /api/draws (双随机)', () => {
  it('draws N enterprises from the filtered list and M inspectors each, reproducibly from the seed', async () => {
    const candidates = (
      await db.rows<{
        id: number
      }>(sql`SELECT id FROM enterprises WHERE status = 'active' AND town_code = ${fx.townCode}
        AND risk_level IN ('major', 'high', 'general') ORDER BY id`)
    ).map((row) => row.id)
    const first = await draw(drawBody('射阳-2026-10'))
    expect(first.status).toBe(201)
    expect(first.body.candidates).toBe(candidates.length)
    const expected = drawPicks({ seed: '射阳-2026-10', candidates, inspectors, n: 5, m: 2 })
    expect(first.body.picks.map(({ enterprise_id, inspectors }) => ({ enterprise_id, inspectors }))).toEqual(expected)
    expect(new Set(first.body.picks.map((p) => p.enterprise_id)).size).toBe(5)
    for (const pick of first.body.picks) {
      expect(candidates).toContain(pick.enterprise_id)
      expect(new Set(pick.inspectors).size).toBe(2)
    }
    const second = await draw(drawBody('射阳-2026-10'))
    expect(second.body.picks.map((p) => p.enterprise_id)).toEqual(first.body.picks.map((p) => p.enterprise_id))
    const other = await draw(drawBody('another seed'))
    expect(other.body.picks.map((p) => p.enterprise_id)).not.toEqual(first.body.picks.map((p) => p.enterprise_id))

    const planned = await db.rows<{ enterprise_id: number; kind: string; status: string; inspected_on: string }>(sql`
      SELECT enterprise_id, kind, status, inspected_on::text AS inspected_on FROM inspections
      WHERE campaign_id = ${first.body.id}::int ORDER BY id`)
    expect(planned).toEqual(
      expected.map((p) => ({
        enterprise_id: p.enterprise_id,
        kind: 'double_random',
        status: 'planned',
        inspected_on: '2026-10-20',
      })),
    )
    const [campaign] = await db.rows<{ kind: string; organiser_level: string; draw_seed: string }>(
      sql`SELECT kind, organiser_level, draw_seed FROM inspection_campaigns WHERE id = ${first.body.id}::int`,
    )
    expect(campaign).toEqual({ kind: 'double_random', organiser_level: 'county', draw_seed: '射阳-2026-10' })
  })

  it('get /api/draws/{id} returns the draw and re-runs its seed to the same picks', async () => {
    const made = await draw(drawBody())
    expect(made.body.seed).toMatch(/^[A-Za-z0-9]{22}$/)
    const response = await request(`/api/draws/${made.body.id}`, {}, 'county')
    const body = (await response.json()) as Draw
    expect(body.seed).toBe(made.body.seed)
    expect(body.reproduced).toBe(true)
    expect(body.picks.map((p) => p.inspection_id)).toEqual(made.body.picks.map((p) => p.inspection_id))
    // A draw's seed, filters and inspectors are the drawing office's: to anyone else it does not exist.
    const officer = await request(`/api/draws/${made.body.id}`, {}, fx.gridUser)
    expect([officer.status, ((await officer.json()) as { error: string }).error]).toEqual([
      404,
      `No draw ${made.body.id}`,
    ])
  })

  it('the officer of a pick’s grid completes its planned inspection, once', async () => {
    const made = await draw(drawBody('完成'))
    const pick = made.body.picks[0]!
    const [enterprise] = await db.rows<{ grid_code: string }>(
      sql`SELECT grid_code FROM enterprises WHERE id = ${pick.enterprise_id}::int`,
    )
    const complete = (version: number) =>
      request(
        '/api/inspections',
        json('POST', {
          enterprise_id: pick.enterprise_id,
          kind: 'double_random',
          inspected_on: '2026-10-15',
          inspectors: pick.inspectors,
          findings: '未发现隐患',
          planned_inspection_id: pick.inspection_id,
          version,
        }),
        `grid-${enterprise!.grid_code}`,
      )
    const done = await complete(1)
    expect(done.status).toBe(200)
    expect(((await done.json()) as { inspection: Record<string, unknown> }).inspection).toMatchObject({
      id: pick.inspection_id,
      campaign_id: made.body.id,
      status: 'done',
      inspected_on: '2026-10-15',
      version: 2,
    })
    expect((await complete(1)).status).toBe(409)
    const again = await complete(2)
    expect([again.status, ((await again.json()) as { error: string }).error]).toEqual([
      422,
      `Inspection ${pick.inspection_id} is already done`,
    ])
  })

  it('is for county users, and explains impossible draws', async () => {
    expect((await draw(drawBody('x'), fx.townUser)).status).toBe(403)
    expect((await draw(drawBody('x'), fx.gridUser)).status).toBe(403)
    const tooMany = await draw({
      ...drawBody('x'),
      enterprises: 1000,
      filters: { town_code: [fx.townCode], sector: ['tobacco'] },
    })
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.error).toMatch(/^Only \d+ enterprises match the filters; cannot draw 1000$/)
    const fewInspectors = await draw({ ...drawBody('x'), inspectors: ['张伟'] })
    expect([fewInspectors.status, fewInspectors.body.error]).toEqual([
      422,
      'inspectors_per_enterprise (2) exceeds the 1 inspectors listed',
    ])
  })
})

type DrawList = { total: number; limit: number; offset: number; items: DrawListItem[] }
const getJson = async <T>(path: string, as = 'county') => {
  const response = await request(path, {}, as)
  return { status: response.status, body: (await response.json()) as T & { error?: string } }
}

describe('the drawing screen’s reads', () => {
  it('only county and admin users draw or read the drawing screen’s lists; kiosk tokens never', async () => {
    const viewerKiosk = await createToken(request, db, 'viewer', 'kiosk')
    const countyKiosk = await createToken(request, db, 'county', 'kiosk')
    const refused = [fx.gridUser, fx.townUser, 'viewer', { token: viewerKiosk.token }, { token: countyKiosk.token }]
    for (const as of refused) {
      const post = await request('/api/draws', json('POST', drawBody('refused')), as)
      expect([JSON.stringify(as), post.status]).toEqual([JSON.stringify(as), 403])
      for (const path of ['/api/draws', '/api/draws/candidates', '/api/draws/inspectors']) {
        const response = await request(path, {}, as)
        expect([path, JSON.stringify(as), response.status]).toEqual([path, JSON.stringify(as), 403])
        expect(((await response.json()) as { error: string }).error).toMatch(/county|kiosk/)
      }
    }
    expect((await request('/api/draws/candidates', {}, 'anonymous')).status).toBe(401)
    for (const as of ['county', 'admin']) {
      expect((await request('/api/draws', {}, as)).status).toBe(200)
      expect((await request('/api/draws/inspectors', {}, as)).status).toBe(200)
    }
  })

  it('counts the candidates as the draw will, and per town without the town filter', async () => {
    const [expected] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises
      WHERE status = 'active' AND town_code = ${fx.townCode} AND risk_level IN ('major', 'high')`)
    const perTown = await db.rows<{ town_code: string; n: number }>(sql`SELECT town_code, count(*)::int AS n
      FROM enterprises WHERE status = 'active' AND risk_level IN ('major', 'high') GROUP BY town_code`)
    const { status, body } = await getJson<{
      today: string
      candidates: number
      towns: { code: string; name: string; candidates: number }[]
    }>(`/api/draws/candidates?town_code=${fx.townCode}&risk_level=major,high`)
    expect(status).toBe(200)
    expect(body.today).toBe('2026-10-15')
    expect(body.candidates).toBe(expected!.n)
    expect(body.candidates).toBeGreaterThan(0)
    expect(body.towns.length).toBe(19)
    for (const town of body.towns) {
      expect([town.code, town.candidates]).toEqual([
        town.code,
        perTown.find((row) => row.town_code === town.code)?.n ?? 0,
      ])
    }
    const made = await draw({
      ...drawBody('计数'),
      filters: { town_code: [fx.townCode], risk_level: ['major', 'high'] },
      enterprises: 1,
    })
    expect(made.body.candidates).toBe(body.candidates)
    const bad = await getJson<unknown>('/api/draws/candidates?town_code=999999999&sector=mining')
    expect(bad.status).toBe(400)
    expect((await getJson<unknown>('/api/draws/candidates?town_code=999999999')).body.error).toBe(
      'Unknown town_code: 999999999',
    )
  })

  it('lists the active county, town and grid users as inspectors, without password hashes', async () => {
    const gone = await createUser(request, 'town', { town_code: fx.townCode })
    const deactivated = await request(`/api/admin/users/${gone.id}/deactivate`, { method: 'POST' }, 'admin')
    expect(deactivated.status).toBe(200)
    const all = await getJson<{ inspectors: Record<string, unknown>[] }>('/api/draws/inspectors')
    const active = await db.rows<{ id: number }>(
      sql`SELECT id FROM users WHERE active AND role IN ('county', 'town', 'grid') ORDER BY id`,
    )
    expect(all.body.inspectors.map((row) => row.id as number).sort((a, b) => a - b)).toEqual(active.map((r) => r.id))
    expect(all.body.inspectors.some((row) => row.id === gone.id)).toBe(false)
    for (const row of all.body.inspectors) {
      expect(Object.keys(row).sort()).toEqual(['display_name', 'id', 'role', 'town_code', 'town_name'])
    }
    expect(JSON.stringify(all.body)).not.toMatch(/argon2|password/)
    // County people first; other suites may have added county accounts to a shared database.
    expect(all.body.inspectors[0]).toMatchObject({ role: 'county', town_code: null })
    expect(all.body.inspectors.find((row) => row.display_name === '射阳县应急管理局')).toMatchObject({
      role: 'county',
      town_code: null,
    })

    const town = await getJson<{ inspectors: { role: string; town_code: string; display_name: string }[] }>(
      `/api/draws/inspectors?town_code=${fx.townCode}`,
    )
    expect(new Set(town.body.inspectors.map((row) => row.town_code))).toEqual(new Set([fx.townCode]))
    expect(town.body.inspectors.map((row) => row.role)).toContain('town')
    expect(town.body.inspectors.map((row) => row.role)).toContain('grid')
    expect((await getJson<unknown>('/api/draws/inspectors?town_code=1')).status).toBe(400)
    expect((await getJson<unknown>('/api/draws/inspectors?role=grid')).status).toBe(400)
  })

  it('lists the draws newest first, paginated, with who drew them and how many planned inspections are done', async () => {
    const older = await draw({ ...drawBody('列表-1'), name: '列表测试一' })
    const newer = await draw({ ...drawBody('列表-2'), name: '列表测试二' }, 'admin')
    const page = await getJson<DrawList>('/api/draws?limit=2')
    expect(page.status).toBe(200)
    expect([page.body.limit, page.body.offset]).toEqual([2, 0])
    expect(page.body.items.map((item) => item.id)).toEqual([newer.body.id, older.body.id])
    const [recorded] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inspection_campaigns WHERE kind = 'double_random' AND draw IS NOT NULL`,
    )
    expect(page.body.total).toBe(recorded!.n)
    expect(page.body.items[0]).toMatchObject({
      name: '列表测试二',
      planned_on: '2026-10-20',
      drawn_by: '系统管理员',
      seed: '列表-2',
      candidates: newer.body.candidates,
      enterprises: 5,
      inspectors: inspectors.length,
      inspectors_per_enterprise: 2,
      planned: 5,
      done: 0,
    })
    expect(page.body.items[1]!.drawn_by).toBe('射阳县应急管理局')
    expect(Date.parse(page.body.items[0]!.drawn_at)).toBeGreaterThanOrEqual(Date.parse(page.body.items[1]!.drawn_at))
    const next = await getJson<DrawList>('/api/draws?limit=2&offset=1')
    expect(next.body.items[0]!.id).toBe(older.body.id)

    // The officer of the first pick's grid completes it: progress 1 / 5.
    const pick = older.body.picks[0]!
    const [enterprise] = await db.rows<{ grid_code: string }>(
      sql`SELECT grid_code FROM enterprises WHERE id = ${pick.enterprise_id}::int`,
    )
    const done = await request(
      '/api/inspections',
      json('POST', {
        enterprise_id: pick.enterprise_id,
        kind: 'double_random',
        inspected_on: '2026-10-15',
        inspectors: pick.inspectors,
        findings: '未发现隐患',
        planned_inspection_id: pick.inspection_id,
        version: 1,
      }),
      `grid-${enterprise!.grid_code}`,
    )
    expect(done.status).toBe(200)
    const after = await getJson<DrawList>('/api/draws?limit=2')
    expect(after.body.items.map((item) => [item.id, item.done, item.planned])).toEqual([
      [newer.body.id, 0, 5],
      [older.body.id, 1, 5],
    ])
    const one = await getJson<{ picks: { inspection_id: number; status: string }[]; drawn_by: string }>(
      `/api/draws/${older.body.id}`,
    )
    expect(one.body.drawn_by).toBe('射阳县应急管理局')
    expect(one.body.picks.map((p) => p.status)).toEqual(['done', 'planned', 'planned', 'planned', 'planned'])

    expect((await getJson<unknown>('/api/draws?limit=0')).status).toBe(400)
    expect((await getJson<unknown>('/api/draws?limit=101')).status).toBe(400)
    expect((await getJson<unknown>('/api/draws?page=2')).status).toBe(400)
  })

  it('answers each pick with the enterprise’s name, town, grid, sector and risk level', async () => {
    const made = await draw(drawBody('详情'))
    const rows = await db.rows<Record<string, unknown>>(sql`
      SELECT e.id, e.name, e.town_code, r.name AS town_name, e.grid_code, g.name AS grid_name, e.sector, e.risk_level
      FROM enterprises e JOIN regions r ON r.code = e.town_code LEFT JOIN grids g ON g.code = e.grid_code
      WHERE e.id = ${made.body.picks[0]!.enterprise_id}::int`)
    const { id, ...expected } = rows[0]!
    expect(made.body.picks[0]).toMatchObject({ enterprise_id: id, ...expected, status: 'planned' })
    const again = await getJson<{ picks: Record<string, unknown>[]; drawn_at: string }>(`/api/draws/${made.body.id}`)
    expect(again.body.picks[0]).toMatchObject({ enterprise_id: id, ...expected })
    expect(again.body.drawn_at).toBe((made.body as unknown as { drawn_at: string }).drawn_at)
  })
})
