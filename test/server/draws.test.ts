import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { drawPicks } from '../../server/draws/draw.ts'
import { json, testApp, type Request } from '../support/test-app.ts'
import { accessFixture } from './auth/fixtures.ts'

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
    expect(made.body.seed).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const response = await request(`/api/draws/${made.body.id}`, {}, 'county')
    const body = (await response.json()) as Draw
    expect(body.seed).toBe(made.body.seed)
    expect(body.reproduced).toBe(true)
    expect(body.picks.map((p) => p.inspection_id)).toEqual(made.body.picks.map((p) => p.inspection_id))
    // A grid officer sees only the picks inside the grid.
    const officer = (await (await request(`/api/draws/${made.body.id}`, {}, fx.gridUser)).json()) as Draw
    const inGrid = await db.rows<{ id: number }>(sql`SELECT id FROM enterprises WHERE grid_code = ${fx.gridCode}`)
    expect(officer.picks.map((p) => p.enterprise_id)).toEqual(
      made.body.picks.map((p) => p.enterprise_id).filter((id) => inGrid.some((e) => e.id === id)),
    )
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
