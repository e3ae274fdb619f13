import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { GridStats } from '../../../server/stats/grid-stats.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'

let request: Request
let db: Database

// An enterprise with inspections in grid `from`, and `to`: the first grid of the same town, whose
// code is lower, so where the two overlap the spatial join puts a point in `to` (DESIGN §2).
type Case = { enterprise: number; from: string; to: string; town: string; saved: string; version: number }
let the: Case

beforeAll(async () => {
  ;({ request, db } = await testApp())
  const [found] = await db.rows<Omit<Case, 'saved' | 'version'>>(sql`
    SELECT e.id AS enterprise, e.grid_code AS "from", first.code AS "to", e.town_code AS town
    FROM enterprises e
    JOIN LATERAL (SELECT code FROM grids WHERE town_code = e.town_code ORDER BY code LIMIT 1) first ON true
    WHERE e.grid_code > first.code AND EXISTS (SELECT 1 FROM inspections i WHERE i.enterprise_id = e.id)
    ORDER BY e.id LIMIT 1`)
  const [grid] = await db.rows<{ saved: string; version: number }>(
    sql`SELECT ST_AsEWKT(geom) AS saved, version FROM grids WHERE code = ${found!.to}`,
  )
  the = { ...found!, ...grid! }
})

afterAll(async () => {
  // The grid exactly as it was, and every row under it placed again.
  await db.rows(sql`UPDATE grids SET geom = ST_GeomFromEWKT(${the.saved}), version = ${the.version}::int
                    WHERE code = ${the.to}`)
  await db.rows(sql`SELECT reassign_places((SELECT geom FROM enterprises WHERE id = ${the.enterprise}::int))`)
})

const statsOf = async (codes: string[]) => {
  const response = await request('/api/stats/grids')
  const { grids } = (await response.json()) as { grids: GridStats[] }
  return codes.map((code) => {
    const grid = grids.find((g) => g.code === code)!
    return [grid.enterprises.total, grid.inspections.done_this_year]
  })
}

const placeOf = async () =>
  (
    await db.rows<{ grid_code: string; inspections: string[] }>(sql`
      SELECT e.grid_code, array(SELECT DISTINCT grid_code FROM inspections WHERE enterprise_id = e.id) AS inspections
      FROM enterprises e WHERE e.id = ${the.enterprise}::int`)
  )[0]!

describe('patch /api/grids/{code}', () => {
  it('a boundary change re-places the enterprises under it, their inspections and the statistics follow', async () => {
    const before = await statsOf([the.from, the.to])
    const [grown] = await db.rows<{ geometry: unknown; moved_inspections: number }>(sql`
      SELECT ST_AsGeoJSON(ST_Multi(ST_Union(g.geom, ST_Buffer(e.geom, 0.0005))), 15)::json AS geometry
      FROM grids g, enterprises e WHERE g.code = ${the.to} AND e.id = ${the.enterprise}::int`)
    const response = await request(
      `/api/grids/${the.to}`,
      json('PATCH', { version: the.version, geometry: grown!.geometry }),
      'county',
    )
    expect(response.status).toBe(200)
    const answer = (await response.json()) as { version: number; reassigned: number; code: string }
    expect(answer).toMatchObject({ code: the.to, version: the.version + 1 })
    expect(answer.reassigned).toBeGreaterThan(0)
    expect(await placeOf()).toEqual({ grid_code: the.to, inspections: [the.to] })
    const after = await statsOf([the.from, the.to])
    const [[fromTotal], [toTotal]] = [after[0]!, after[1]!]
    expect([fromTotal, toTotal]).toEqual([before[0]![0]! - 1, before[1]![0]! + 1])
    expect(after[0]![1]! + after[1]![1]!).toBe(before[0]![1]! + before[1]![1]!)

    // The old boundary back: the enterprise returns.
    const back = await request(
      `/api/grids/${the.to}`,
      json('PATCH', {
        version: the.version + 1,
        geometry: JSON.parse(
          (await db.rows<{ g: string }>(sql`SELECT ST_AsGeoJSON(ST_GeomFromEWKT(${the.saved}), 15) AS g`))[0]!.g,
        ),
      }),
      'county',
    )
    expect(back.status).toBe(200)
    expect(await placeOf()).toEqual({ grid_code: the.from, inspections: [the.from] })
    expect(await statsOf([the.from, the.to])).toEqual(before)
    const [audited] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'grids' AND entity_id = ${the.to} AND action = 'update'`,
    )
    expect(audited!.n).toBeGreaterThanOrEqual(2)
  })

  it('only admin and county users change a boundary; a town user edits its grids’ officer', async () => {
    const town = `town-${the.town}`
    const [was] = await db.rows<{ version: number; officer_name: string | null }>(
      sql`SELECT version, officer_name FROM grids WHERE code = ${the.from}`,
    )
    try {
      const officer = await request(
        `/api/grids/${the.from}`,
        json('PATCH', { version: was!.version, officer_name: '张三' }),
        town,
      )
      expect(officer.status).toBe(200)
      expect(await officer.json()).toMatchObject({ officer_name: '张三', version: was!.version + 1 })
      const version = was!.version + 1
      const refused = await request(`/api/grids/${the.from}`, json('PATCH', { version, town_code: the.town }), town)
      expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, 'forbidden_role'])
      const officerRefused = await request(
        `/api/grids/${the.from}`,
        json('PATCH', { version, name: 'x' }),
        `grid-${the.from}`,
      )
      expect(officerRefused.status).toBe(403)
    } finally {
      await db.rows(
        sql`UPDATE grids SET officer_name = ${was!.officer_name}, version = ${was!.version}::int WHERE code = ${the.from}`,
      )
    }
  })

  it('refuses a grid mostly outside its town, and a code not of its town', async () => {
    const [far] = await db.rows<{ geometry: unknown; town: string }>(sql`
      SELECT ST_AsGeoJSON(geom, 15)::json AS geometry, town_code AS town FROM grids
      WHERE town_code <> ${the.town} ORDER BY code LIMIT 1`)
    const outside = await request(
      '/api/grids',
      json('POST', {
        code: `${the.town}999`,
        name: '外镇网格',
        town_code: the.town,
        kind: 'village',
        geometry: far!.geometry,
      }),
      'county',
    )
    expect(outside.status).toBe(422)
    expect(((await outside.json()) as { code: string }).code).toBe('grid_outside_town')
    const mismatch = await request(
      '/api/grids',
      json('POST', {
        code: `${far!.town}999`,
        name: 'x',
        town_code: the.town,
        kind: 'village',
        geometry: far!.geometry,
      }),
      'county',
    )
    expect(((await mismatch.json()) as { code: string }).code).toBe('grid_code_town')
  })
})

describe('patch /api/towns/{code}', () => {
  it('admin renames a town and redraws its boundary, re-placing what lies under it; others are refused', async () => {
    const [town] = await db.rows<{ version: number; name: string; saved: string; geometry: unknown }>(sql`
      SELECT version, name, ST_AsEWKT(geom) AS saved, ST_AsGeoJSON(geom, 15)::json AS geometry
      FROM regions WHERE code = ${the.town}`)
    const path = `/api/towns/${the.town}`
    try {
      expect((await request(path, json('PATCH', { version: town!.version, name: 'x' }), 'county')).status).toBe(403)
      const renamed = await request(path, json('PATCH', { version: town!.version, name: '测试镇' }), 'admin')
      expect(await renamed.json()).toMatchObject({ code: the.town, name: '测试镇', version: town!.version + 1 })
      const stale = await request(path, json('PATCH', { version: town!.version, name: 'y' }), 'admin')
      expect(stale.status).toBe(409)
      const redrawn = await request(
        path,
        json('PATCH', { version: town!.version + 1, geometry: town!.geometry }),
        'admin',
      )
      expect(redrawn.status).toBe(200)
      expect(((await redrawn.json()) as { reassigned: number }).reassigned).toBeGreaterThan(0)
      expect(await placeOf()).toEqual({ grid_code: the.from, inspections: [the.from] })
    } finally {
      await db.rows(sql`UPDATE regions SET name = ${town!.name}, version = ${town!.version}::int,
                        geom = ST_GeomFromEWKT(${town!.saved}) WHERE code = ${the.town}`)
    }
  })
})
