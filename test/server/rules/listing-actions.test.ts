import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json } from '../../support/test-app.ts'
import { testDatabase } from '../../support/test-db.ts'
import { getJson, madeRows, type MadeRows } from './made-rows.ts'

type HazardAnswer = { hazard: { actions: string[]; version: number }; next: string[] }

let db: Database
let made: MadeRows
let hazardId: number
let users: { county: string; town: string; grid: string; viewer: string }

beforeAll(async () => {
  db = await testDatabase()
  made = await madeRows(db)
  made.at('2026-10-15')
  hazardId = await made.hazard({ level: 'major', status: 'rectifying', deadline: '2027-03-31' })
  users = { county: 'county', town: `town-${made.townCode}`, grid: `grid-${made.gridCode}`, viewer: 'viewer' }
})
afterAll(() => made.remove())

const set = (columns: ReturnType<typeof sql>) => db.rows(sql`UPDATE hazards SET ${columns} WHERE id = ${hazardId}::int`)

async function actionsBy() {
  const by: Record<string, string[]> = {}
  for (const [who, username] of Object.entries(users)) {
    by[who] = (await getJson<HazardAnswer>(made, `/api/hazards/${hazardId}`, username)).hazard.actions
  }
  return by
}

describe('listing actions (server/rules/listing-actions.ts)', () => {
  it('an open, unlisted major hazard: the regulator may list it, the officer may not, the viewer nothing', async () => {
    expect(await actionsBy()).toEqual({
      county: ['transition:awaiting_recheck', 'listing', 'photo_add'],
      town: ['transition:awaiting_recheck', 'listing', 'photo_add'],
      grid: ['transition:awaiting_recheck', 'photo_add'],
      viewer: [],
    })
    // The answer lists exactly what the server then accepts: the officer's listing is refused.
    const { version } = (await getJson<HazardAnswer>(made, `/api/hazards/${hazardId}`)).hazard
    const body = { version, listed_by_unit: '测试', listing_round: '测试批', listing_deadline: '2027-03-31' }
    const refused = await made.request(`/api/hazards/${hazardId}/listing`, json('POST', body), users.grid)
    expect(refused.status).toBe(403)
  })

  it('a county listing: anyone writing may ask for an extension in time; only the county decides it', async () => {
    await set(sql`listed_by_level = 'county', listed_on = '2026-10-01', listing_deadline = deadline`)
    const listed = await actionsBy()
    expect(listed.town).toEqual(['transition:awaiting_recheck', 'extension_request', 'photo_add'])
    expect(listed.grid).toEqual(['transition:awaiting_recheck', 'extension_request', 'photo_add'])
    await set(sql`extension_requested_on = '2026-10-10', extension_deadline = '2027-05-31'`)
    const pending = await actionsBy()
    expect(pending.county).toEqual(['transition:awaiting_recheck', 'extension_decide', 'photo_add'])
    expect(pending.town).toEqual(['transition:awaiting_recheck', 'photo_add'])
    await set(sql`extension_requested_on = NULL, extension_deadline = NULL`)
  })

  it('no extension request fewer than 20 working days before the deadline', async () => {
    // 2026-10-15 (Thursday) to 2026-11-11: 19 working days; to 2026-11-12: 20.
    await set(sql`deadline = '2026-11-11'`)
    expect((await actionsBy()).town).toEqual(['transition:awaiting_recheck', 'photo_add'])
    await set(sql`deadline = '2026-11-12'`)
    expect((await actionsBy()).town).toEqual(['transition:awaiting_recheck', 'extension_request', 'photo_add'])
  })

  it('closed and listed: only the listing level delists, and nobody changes photos', async () => {
    await set(sql`status = 'closed', closed_on = '2026-10-14'`)
    expect(await actionsBy()).toEqual({ county: ['delist'], town: [], grid: [], viewer: [] })
  })

  it('photos: the uploader, county and admin may remove one, while the hazard is open', async () => {
    await set(sql`status = 'rectifying', closed_on = NULL, listed_on = NULL, listed_by_level = NULL`)
    const [grid] = await db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = ${users.grid}`)
    const [photo] = await db.rows<{ id: number }>(sql`
      INSERT INTO hazard_photos (hazard_id, stage, content_type, bytes, width, height, byte_size, sha256, uploaded_by_user_id)
      VALUES (${hazardId}::int, 'found', 'image/jpeg', '\\xffd8ffd9'::bytea, 1, 1, 4, 'test', ${grid!.id}::int)
      RETURNING id`)
    const by = await actionsBy()
    expect(by.grid).toEqual(['transition:awaiting_recheck', 'photo_add', `photo_delete:${photo!.id}`])
    expect(by.county).toContain(`photo_delete:${photo!.id}`)
    expect(by.town).not.toContain(`photo_delete:${photo!.id}`)
    const worklist = await getJson<{ hazards: { id: number; actions: string[] }[] }>(
      made,
      `/api/grids/${made.gridCode}/worklist`,
      users.grid,
    )
    expect(worklist.hazards.find((h) => h.id === hazardId)!.actions).toEqual(by.grid)
    const record = await getJson<{ hazards: { id: number; actions: string[] }[] }>(
      made,
      `/api/enterprises/${made.id}`,
      users.town,
    )
    expect(record.hazards.find((h) => h.id === hazardId)!.actions).toEqual(by.town)
  })
})
