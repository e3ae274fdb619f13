import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { defaultSettings } from '../../../db/defaults.ts'
import { annualTargets, settings } from '../../../db/schema.ts'
import { settingsCatalogue, targetsCatalogue } from '../../../server/settings/catalogue.ts'
import { testYear } from '../../support/fixture.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'
import { createToken } from '../auth/fixtures.ts'

let request: Request
let db: Database

// Every settings row and this year's targets as they were: the suite puts them back.
let savedSettings: (typeof settings.$inferSelect)[]
let savedTargets: (typeof annualTargets.$inferSelect)[]
const newYear = 2090

beforeAll(async () => {
  ;({ request, db } = await testApp())
  savedSettings = await db.orm.select().from(settings)
  savedTargets = await db.orm.select().from(annualTargets).where(eq(annualTargets.year, testYear))
})
afterAll(async () => {
  for (const row of savedSettings) await db.orm.update(settings).set(row).where(eq(settings.key, row.key))
  for (const row of savedTargets)
    await db.orm
      .update(annualTargets)
      .set(row)
      .where(sql`year = ${row.year}::int AND key = ${row.key}`)
  await db.orm.delete(annualTargets).where(eq(annualTargets.year, newYear))
})

type Item = { key: string; value: unknown; version: number; unit: string; description: string; source: string }

async function send(method: string, path: string, body: unknown, as: As = 'admin') {
  const response = await request(path, json(method, body), as)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { code?: string } }
}

describe('the catalogue', () => {
  it('describes every default setting and target, and every default passes its schema', () => {
    expect(Object.keys(settingsCatalogue).sort()).toEqual(defaultSettings.map((s) => s.key).sort())
    for (const setting of defaultSettings) {
      const entry = settingsCatalogue[setting.key]!
      expect([setting.key, entry.schema.safeParse(setting.value).success]).toEqual([setting.key, true])
      expect(entry.description).toMatch(/[\u4e00-\u9fff]/)
      expect(entry.source).toMatch(/DOMAIN §\d/)
    }
    expect(Object.keys(targetsCatalogue).sort()).toEqual(savedTargets.map((t) => t.key).sort())
  })
})

describe('/api/settings', () => {
  it('lists every setting with its value, description, unit, source and version', async () => {
    const response = await request('/api/settings', {}, 'viewer')
    const { items } = (await response.json()) as { items: Item[] }
    expect(items.map((item) => item.key)).toEqual(Object.keys(settingsCatalogue))
    expect(items.find((item) => item.key === 'fireworks_outlet_spacing_m')).toMatchObject({ unit: '米', version: 1 })
    expect((await request('/api/settings/no_such_key', {}, 'admin')).status).toBe(404)
  })

  it('a changed distance applies to the next violations answer; checked, versioned, audited, admin only', async () => {
    const key = 'fireworks_outlet_spacing_m'
    const spacing = async () => {
      const response = await request('/api/fireworks/violations', {}, 'planner')
      const { violations } = (await response.json()) as { violations: { rule: string }[] }
      return violations.filter((v) => v.rule === 'outlet_spacing').length
    }
    const before = await spacing()
    const bad = await send('PATCH', `/api/settings/${key}`, { value: -5, version: 1 })
    expect([bad.status, bad.body.code]).toEqual([422, 'invalid_setting'])
    expect(bad.body.error).toMatch(/>=0|too small/i)
    expect((await send('PATCH', `/api/settings/${key}`, { value: 5000, version: 1 }, 'county')).status).toBe(403)
    const kiosk = await createToken(request, db, 'admin', 'kiosk')
    expect(
      (await send('PATCH', `/api/settings/${key}`, { value: 5000, version: 1 }, { token: kiosk.token })).status,
    ).toBe(403)
    expect((await send('PATCH', `/api/settings/${key}`, { value: 5000 })).status).toBe(428)
    const changed = await send('PATCH', `/api/settings/${key}`, { value: 5000, version: 1 })
    expect(changed.body).toMatchObject({ key, value: 5000, version: 2 })
    expect(await spacing()).toBeGreaterThan(before)
    const stale = await send('PATCH', `/api/settings/${key}`, { value: 50, version: 1 })
    expect([stale.status, stale.body.code]).toEqual([409, 'stale_version'])
    expect((await send('PATCH', `/api/settings/${key}`, { value: 50, version: 2 })).status).toBe(200)
    expect(await spacing()).toBe(before)
    const entries = await db.rows<{ before: { value: number }; after: { value: number } }>(
      sql`SELECT before, after FROM audit_log WHERE entity = 'settings' AND entity_id = ${key} ORDER BY id DESC LIMIT 2`,
    )
    expect(entries.map((e) => [e.before.value, e.after.value])).toEqual([
      [5000, 50],
      [50, 5000],
    ])
  })

  it('checks an object setting field by field', async () => {
    const key = 'visit_frequency_days'
    const missing = await send('PATCH', `/api/settings/${key}`, { value: { major: 30 }, version: 1 })
    expect([missing.status, missing.body.code]).toEqual([422, 'invalid_setting'])
    const extra = await send('PATCH', `/api/settings/${key}`, {
      value: { major: 30, high: 30, general: 90, low: 90, none: 1 },
      version: 1,
    })
    expect(extra.status).toBe(422)
  })
})

describe('/api/targets', () => {
  it('lists, edits (a percentage at most 100) and starts a year from another', async () => {
    const listed = (await (await request(`/api/targets/${testYear}`, {}, 'county')).json()) as {
      items: { key: string; version: number; unit: string }[]
    }
    expect(listed.items.map((item) => item.key)).toEqual(Object.keys(targetsCatalogue))
    const pct = await send('PATCH', `/api/targets/${testYear}/above_size_standardized_pct`, { target: 101, version: 1 })
    expect([pct.status, pct.body.code]).toEqual([422, 'invalid_target'])
    const edited = await send('PATCH', `/api/targets/${testYear}/county_drills`, {
      target: 2,
      note: '两次',
      version: 1,
    })
    expect(edited.body).toMatchObject({ target: 2, note: '两次', version: 2, unit: '次' })
    expect((await send('PATCH', `/api/targets/${testYear}/county_drills`, { target: 3 }, 'county')).status).toBe(403)
    const copied = await send('POST', `/api/targets/${newYear}`, { copy_from: testYear })
    expect(copied.status).toBe(201)
    expect(
      (copied.body.items as { key: string; target: number }[]).find((t) => t.key === 'county_drills'),
    ).toMatchObject({
      target: 2,
    })
    const again = await send('POST', `/api/targets/${newYear}`, { copy_from: testYear })
    expect([again.status, again.body.code]).toEqual([409, 'targets_exist'])
    expect((await send('POST', `/api/targets/2091`, { copy_from: 2089 })).status).toBe(404)
  })
})
