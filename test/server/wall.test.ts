import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import type { WallLists } from '../../server/wall/queries.ts'
import { testDemo } from '../support/fixture.ts'
import { testApp, type Request } from '../support/test-app.ts'

const today = testDemo.asOf
const dayMs = 86_400_000
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / dayMs)

let request: Request
let db: Database

async function getLists(query = ''): Promise<WallLists> {
  const response = await request(`/api/wall/lists${query}`)
  expect(response.status).toBe(200)
  return (await response.json()) as WallLists
}

type HazardRow = {
  id: number
  level: string
  status: string
  enterprise_name: string
  town_code: string | null
  deadline: string | null
  listed_on: string | null
  delisted_on: string | null
  listing_deadline: string | null
  extension_deadline: string | null
}

/** Plain rows, recounted and sorted in JavaScript. */
async function hazardRows() {
  return db.rows<HazardRow>(sql`
    SELECT h.id, h.level, h.status, e.name AS enterprise_name, h.town_code, h.deadline::text AS deadline,
      h.listed_on::text AS listed_on, h.delisted_on::text AS delisted_on,
      h.listing_deadline::text AS listing_deadline, h.extension_deadline::text AS extension_deadline
    FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id`)
}

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

describe('get /api/wall/lists', () => {
  it('lists the oldest overdue hazards first, with the days overdue', async () => {
    const lists = await getLists()
    const expected = (await hazardRows())
      .filter((h) => h.status !== 'closed' && h.deadline !== null && h.deadline < today)
      .sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.id - b.id)
      .slice(0, 10)
    expect(expected.length).toBe(10)
    expect(lists.limit).toBe(10)
    expect(lists.as_of).toBe(today)
    expect(lists.overdue_hazards.map((h) => h.id)).toEqual(expected.map((h) => h.id))
    expect(lists.overdue_hazards.map((h) => h.days_overdue)).toEqual(
      expected.map((h) => daysBetween(h.deadline!, today)),
    )
    expect(lists.overdue_hazards.map((h) => h.enterprise_name)).toEqual(expected.map((h) => h.enterprise_name))
    expect(lists.overdue_hazards.every((h) => h.days_overdue >= 1)).toBe(true)
  })

  it('lists the listed major hazards in force by deadline, with the days left', async () => {
    const lists = await getLists('?limit=50')
    const expected = (await hazardRows())
      .filter((h) => h.listed_on !== null && h.delisted_on === null && h.listed_on <= today)
      .map((h) => ({ ...h, due: h.deadline }))
      .filter((h) => h.due !== null)
      .sort((a, b) => a.due!.localeCompare(b.due!) || a.id - b.id)
      .slice(0, 50)
    expect(expected.length).toBeGreaterThan(0)
    expect(lists.listed_hazards.map((h) => h.id)).toEqual(expected.map((h) => h.id))
    expect(lists.listed_hazards.map((h) => h.deadline)).toEqual(expected.map((h) => h.due))
    expect(lists.listed_hazards.map((h) => h.days_left)).toEqual(expected.map((h) => daysBetween(today, h.due!)))
  })

  it('lists the latest done inspections, newest first, with the hazards each found', async () => {
    const lists = await getLists('?limit=5')
    const rows = await db.rows<{ id: number; inspected_on: string; found: number }>(sql`
      SELECT i.id, i.inspected_on::text AS inspected_on, count(h.id)::int AS found
      FROM inspections i LEFT JOIN hazards h ON h.inspection_id = i.id
      WHERE i.status = 'done' GROUP BY i.id`)
    const expected = rows
      .filter((i) => i.inspected_on <= today)
      .sort((a, b) => b.inspected_on.localeCompare(a.inspected_on) || b.id - a.id)
      .slice(0, 5)
    expect(lists.latest_inspections.map((i) => [i.id, i.inspected_on, i.hazards_found])).toEqual(
      expected.map((i) => [i.id, i.inspected_on, i.found]),
    )
  })

  it('ranks every town by overdue then open hazards, with its outlets against the cap', async () => {
    const { towns } = await getLists()
    const regions = await db.rows<{ code: string; name: string; households: number | null }>(
      sql`SELECT code, name, households FROM regions WHERE kind <> 'county'`,
    )
    const hazards = await hazardRows()
    const outlets = await db.rows<{ town_code: string | null }>(
      sql`SELECT town_code FROM fireworks_outlets WHERE status = 'active'`,
    )
    const [setting] = await db.rows<{ value: number }>(
      sql`SELECT value FROM settings WHERE key = 'fireworks_outlets_per_1000_households_max'`,
    )
    const expected = regions
      .map((r) => {
        const open = hazards.filter((h) => h.town_code === r.code && h.status !== 'closed')
        const active = outlets.filter((o) => o.town_code === r.code).length
        const cap = r.households === null ? null : Math.floor((setting!.value * r.households) / 1000)
        return {
          code: r.code,
          name: r.name,
          open: open.length,
          overdue: open.filter((h) => h.deadline !== null && h.deadline < today).length,
          major_open: open.filter((h) => h.level === 'major').length,
          outlets: { active, cap, over_cap: cap === null ? null : active > cap },
        }
      })
      .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.code.localeCompare(b.code))
      .map((town, index) => ({ ...town, rank: index + 1 }))
    expect(towns).toHaveLength(19)
    expect(towns).toEqual(expected)
    // The same open / overdue / outlet figures as the per-town statistics.
    const response = await request('/api/stats/towns')
    const stats = (await response.json()) as {
      towns: { code: string; hazards: { open: number; overdue: number }; outlet_cap: { active: number } }[]
    }
    for (const town of stats.towns) {
      const mine = towns.find((t) => t.code === town.code)!
      expect([mine.open, mine.overdue, mine.outlets.active]).toEqual([
        town.hazards.open,
        town.hazards.overdue,
        town.outlet_cap.active,
      ])
    }
  })

  it('shows a town user only its own town, and nobody without a log-in', async () => {
    const town = '320924100'
    const response = await request('/api/wall/lists?limit=50', {}, `town-${town}`)
    expect(response.status).toBe(200)
    const lists = (await response.json()) as WallLists
    const [expected] = await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM hazards
          WHERE town_code = ${town} AND status <> 'closed' AND deadline < ${testDemo.asOf}::date`,
    )
    expect(lists.overdue_hazards.length).toBe(Math.min(50, expected!.n))
    expect(new Set(lists.overdue_hazards.map((hazard) => hazard.town_code))).toEqual(new Set([town]))
    expect(lists.towns.map((row) => row.code)).toEqual([town])
    expect((await request('/api/wall/lists', {}, 'anonymous')).status).toBe(401)
  })

  it('get /api/wall/lists returns 400 for a bad or unknown parameter', async () => {
    for (const query of ['?limit=0', '?limit=51', '?limit=x', '?limit=5&limit=6', '?town=1']) {
      const response = await request(`/api/wall/lists${query}`)
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { error: string; details: unknown }
      expect(body.error).toMatch(/^(Invalid query|Give limit once)$/)
    }
  })
})
