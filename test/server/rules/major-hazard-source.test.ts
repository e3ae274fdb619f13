import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { testDatabase } from '../../support/test-db.ts'
import { getJson, madeRows, type MadeRows } from './made-rows.ts'
import type { GridStats } from '../../../web/api/stats.ts'

let db: Database
let made: MadeRows

beforeAll(async () => {
  db = await testDatabase()
  made = await madeRows(db)
})
afterAll(async () => {
  await db.rows(sql`UPDATE settings SET value = '10'::jsonb WHERE key = 'ammonia_major_hazard_tonnes'`)
  await made.remove()
})

async function withTonnes(tonnes: number) {
  await db.rows(sql`UPDATE enterprises SET ammonia_tonnes = ${tonnes}::numeric WHERE id = ${made.id}::int`)
  const stats = await getJson<GridStats>(made, `/api/stats/grids/${made.gridCode}`)
  return { ammonia: stats.ammonia, hazchem: stats.hazchem.enterprises }
}

describe('major hazard source (server/rules/major-hazard-source.ts)', () => {
  it('ammonia at exactly 10 t is a major hazard source and a 两重点一重大 unit; 9.99 t is neither', async () => {
    const below = await withTonnes(9.99)
    const at = await withTonnes(10)
    expect(at.ammonia).toEqual({ enterprises: below.ammonia.enterprises, major_hazard: below.ammonia.major_hazard + 1 })
    expect(at.hazchem).toBe(below.hazchem + 1)
  })

  it('applies the ammonia_major_hazard_tonnes setting, and GET /api/rules prints the one in force', async () => {
    const at10 = await withTonnes(10)
    expect((await getJson<Record<string, unknown>>(made, '/api/rules', 'viewer')).ammonia_major_hazard_tonnes).toBe(10)
    await db.rows(sql`UPDATE settings SET value = '12'::jsonb WHERE key = 'ammonia_major_hazard_tonnes'`)
    const raised = await withTonnes(10)
    expect(raised.ammonia.major_hazard).toBe(at10.ammonia.major_hazard - 1)
    expect(raised.hazchem).toBe(at10.hazchem - 1)
    const rules = await getJson<Record<string, unknown>>(made, '/api/rules', 'viewer')
    expect(rules).toEqual({
      ammonia_major_hazard_tonnes: 12,
      dust_shift_threshold: 30,
      visit_frequency_days: { major: 30, high: 30, general: 90, low: 90 },
      visit_states: ['on_time', 'due', 'overdue'],
      fireworks_outlets_per_1000_households_max: 2,
      listing_deadline_max_days: 365,
      listing_extension_request_working_days: 20,
      hazard_escalation: { letter_after_days_overdue: 7, public_criticism_after_days_overdue: 30 },
    })
  })

  it('the OGC enterprises carry major_hazard_source by the setting in force, as a queryable CQL2 and ?property filters', async () => {
    await db.rows(sql`UPDATE settings SET value = '10'::jsonb WHERE key = 'ammonia_major_hazard_tonnes'`)
    await db.rows(sql`UPDATE enterprises SET ammonia_tonnes = 10 WHERE id = ${made.id}::int`)
    const feature = async () =>
      (await getJson<{ properties: Record<string, unknown> }>(made, `/ogc/collections/enterprises/items/${made.id}`))
        .properties.major_hazard_source
    const cql = `major_hazard_source = true AND uscc = '91320924TESTRULE01'`
    const filtered = async () =>
      (
        await getJson<{ numberMatched: number }>(
          made,
          `/ogc/collections/enterprises/items?filter=${encodeURIComponent(cql)}`,
        )
      ).numberMatched
    const matchedAll = async () =>
      (
        await getJson<{ numberMatched: number }>(
          made,
          '/ogc/collections/enterprises/items?major_hazard_source=true&limit=1',
        )
      ).numberMatched
    expect(await feature()).toBe(true)
    expect(await filtered()).toBe(1)
    const at10 = await matchedAll()
    const [expected] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises
      WHERE major_hazard_level IS NOT NULL OR ammonia_tonnes >= 10`)
    expect(at10).toBe(expected!.n)
    await db.rows(sql`UPDATE settings SET value = '12'::jsonb WHERE key = 'ammonia_major_hazard_tonnes'`)
    expect(await feature()).toBe(false)
    expect(await filtered()).toBe(0)
    expect(await matchedAll()).toBeLessThan(at10)
    const queryables = await getJson<{ properties: Record<string, unknown> }>(
      made,
      '/ogc/collections/enterprises/queryables',
    )
    expect(queryables.properties.major_hazard_source).toEqual({ title: '重大危险源', type: 'boolean' })
  })

  it('get /api/rules answers 401 to an anonymous caller', async () => {
    expect((await made.request('/api/rules', {}, 'anonymous')).status).toBe(401)
  })
})
