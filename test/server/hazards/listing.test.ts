import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { testApp, type Request } from '../../support/test-app.ts'
import { accessFixture } from '../auth/fixtures.ts'
import { act, hazardMaker, type Hazard } from './support.ts'

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>
let maker: ReturnType<typeof hazardMaker>

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
  maker = hazardMaker(request, db)
})
afterAll(() => maker.cleanUp())

const major = async (deadline?: string) =>
  (
    await maker.inspect(
      fx.ownEnterprise,
      [{ level: 'major', description: '重大隐患', ...(deadline ? { deadline } : {}) }],
      fx.gridUser,
    )
  ).hazards[0]!
const post = (hazard: Pick<Hazard, 'id' | 'version'>, action: string, body: Record<string, unknown>, as: string) =>
  act(request, `/api/hazards/${hazard.id}/${action}`, { version: hazard.version, ...body }, as)
const listing = {
  listed_by_unit: '射阳县合德镇人民政府',
  listing_round: '2026-合德镇-2',
  listing_deadline: '2027-01-31',
}

describe('post /api/hazards/{id}/listing (挂牌督办)', () => {
  it('lists a major hazard at the lister’s level and makes the listing deadline the one in force', async () => {
    const hazard = await major()
    const { status, body } = await post(hazard, 'listing', listing, fx.townUser)
    expect(status).toBe(200)
    expect(body.hazard).toMatchObject({
      status: 'assigned',
      listed_by_level: 'town',
      listed_by_unit: listing.listed_by_unit,
      listing_round: listing.listing_round,
      listed_on: '2026-10-15',
      listing_deadline: '2027-01-31',
      deadline: '2027-01-31',
      version: 2,
    })
    const again = await post(body.hazard, 'listing', listing, 'county')
    expect([again.status, again.body.error]).toEqual([422, 'The hazard is already listed (2026-合德镇-2, 2026-10-15)'])
  })

  it('refuses general hazards, grid officers and deadlines beyond listing_deadline_max_days', async () => {
    const general = (await maker.inspect(fx.ownEnterprise, [{ level: 'general', description: '一般' }], fx.gridUser))
      .hazards[0]!
    expect((await post(general, 'listing', listing, 'county')).body.error).toBe(
      'Only major hazards (重大隐患) are listed for supervision',
    )
    const hazard = await major()
    expect((await post(hazard, 'listing', listing, fx.gridUser)).status).toBe(403)
    const late = await post(hazard, 'listing', { ...listing, listing_deadline: '2027-10-16' }, 'county')
    expect([late.status, late.body.error]).toEqual([
      422,
      'listing_deadline must be after listed_on and at most 365 days later (2027-10-15)',
    ])
    expect((await post(hazard, 'listing', { ...listing, listing_deadline: '2027-10-15' }, 'county')).status).toBe(200)
  })
})

describe('post /api/hazards/{id}/extension and /delist', () => {
  it('requests ≥ 20 working days ahead, approves by moving deadline, delists only when closed', async () => {
    let hazard = (await post(await major(), 'listing', listing, fx.townUser)).body.hazard
    const request1 = await post(
      hazard,
      'extension',
      { action: 'request', requested_deadline: '2027-03-31' },
      fx.gridUser,
    )
    expect(request1.status).toBe(200)
    expect(request1.body.hazard).toMatchObject({
      extension_requested_on: '2026-10-15',
      extension_deadline: '2027-03-31',
      extension_approved_on: null,
      deadline: '2027-01-31',
    })
    hazard = request1.body.hazard
    const twice = await post(hazard, 'extension', { action: 'request', requested_deadline: '2027-04-30' }, fx.gridUser)
    expect(twice.body.error).toBe('An extension to 2027-03-31 is already waiting for a decision')
    expect((await post(hazard, 'extension', { action: 'approve' }, fx.gridUser)).status).toBe(403)
    const approved = await post(hazard, 'extension', { action: 'approve' }, fx.townUser)
    expect(approved.status).toBe(200)
    expect(approved.body.hazard).toMatchObject({
      extension_approved_on: '2026-10-15',
      deadline: '2027-03-31',
      listing_deadline: '2027-01-31',
    })
    hazard = approved.body.hazard
    const open = await post(hazard, 'delist', {}, fx.townUser)
    expect([open.status, open.body.error]).toEqual([
      422,
      'Only a closed hazard is delisted (摘牌销号); this one is assigned',
    ])
    for (const [to, as] of [
      ['rectifying', fx.gridUser],
      ['awaiting_recheck', fx.gridUser],
      ['closed', fx.townUser],
    ] as const) {
      hazard = (await act(request, `/api/hazards/${hazard.id}/transition`, { to, version: hazard.version }, as)).body
        .hazard
    }
    const delisted = await post(hazard, 'delist', {}, fx.townUser)
    expect(delisted.status).toBe(200)
    expect(delisted.body.hazard).toMatchObject({ status: 'closed', delisted_on: '2026-10-15' })
  })

  it('refuses a request fewer working days before the deadline than the setting', async () => {
    // 2026-10-15 is a Thursday; to 2026-11-11 there are 19 working days, to 2026-11-12 twenty.
    const near = (await post(await major(), 'listing', { ...listing, listing_deadline: '2026-11-11' }, 'county')).body
      .hazard
    const late = await post(near, 'extension', { action: 'request', requested_deadline: '2026-12-31' }, fx.gridUser)
    expect([late.status, late.body.error]).toEqual([
      422,
      'An extension must be requested at least 20 working days before the deadline 2026-11-11; 19 are left',
    ])
    const far = (await post(await major(), 'listing', { ...listing, listing_deadline: '2026-11-12' }, 'county')).body
      .hazard
    expect(
      (await post(far, 'extension', { action: 'request', requested_deadline: '2026-12-31' }, fx.gridUser)).status,
    ).toBe(200)
    // A county listing is decided by the county, not the town.
    const decided = await post({ ...far, version: far.version + 1 }, 'extension', { action: 'reject' }, fx.townUser)
    expect([decided.status, decided.body.error]).toEqual([
      403,
      'Deciding an extension of a county-listed hazard is for county users',
    ])
    const rejected = await post({ ...far, version: far.version + 1 }, 'extension', { action: 'reject' }, 'county')
    expect(rejected.body.hazard).toMatchObject({
      extension_requested_on: null,
      extension_deadline: null,
      deadline: '2026-11-12',
    })
  })
})

describe('post /api/hazards/escalate', () => {
  it('raises overdue hazards in scope to the level of hazard_escalation, once', async () => {
    const made = await maker.inspect(
      fx.ownEnterprise,
      [
        { level: 'general', description: '逾期5天', deadline: '2026-10-10' },
        { level: 'general', description: '逾期14天', deadline: '2026-10-01' },
        { level: 'general', description: '逾期71天', deadline: '2026-08-05' },
      ],
      fx.gridUser,
      '2026-08-01',
    )
    const [five, fourteen, seventyOne] = made.hazards
    const response = await request('/api/hazards/escalate', { method: 'POST' }, fx.townUser)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { escalated: { id: number }[] }
    expect(body.escalated).toEqual([
      { id: fourteen!.id, from: 0, to: 1, days_overdue: 14 },
      { id: seventyOne!.id, from: 0, to: 2, days_overdue: 71 },
    ])
    const levels = await db.rows<{ id: number; escalation_level: number; version: number }>(
      sql`SELECT id, escalation_level, version FROM hazards WHERE id IN (${five!.id}::int, ${fourteen!.id}::int, ${seventyOne!.id}::int) ORDER BY id`,
    )
    expect(levels.map((h) => [h.escalation_level, h.version])).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
    ])
    const again = (await (await request('/api/hazards/escalate', { method: 'POST' }, fx.townUser)).json()) as {
      escalated: unknown[]
    }
    expect(again.escalated).toEqual([])
    expect((await request('/api/hazards/escalate', { method: 'POST' }, fx.gridUser)).status).toBe(403)
  })
})
