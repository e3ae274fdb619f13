import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { hazardStatuses } from '../../../db/schema.ts'
import { nextStatuses } from '../../../server/hazards/closed-loop.ts'
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

/** A hazard's JSON without the photos' metadata, which the audit row does not carry. */
/** The stored row of a hazard answer: without its photos and what server/hazards/answer.ts derives. */
const storedRow = <T extends object>(hazard: T) => {
  const {
    photos: _photos,
    overdue: _overdue,
    days_overdue: _days,
    actions: _actions,
    ...rest
  } = hazard as T & { photos?: unknown; overdue?: unknown; days_overdue?: unknown; actions?: unknown }
  return rest
}

const transition = (
  hazard: Pick<Hazard, 'id' | 'version'>,
  to: string,
  as: string,
  extra: Record<string, unknown> = {},
) => act(request, `/api/hazards/${hazard.id}/transition`, { to, version: hazard.version, ...extra }, as)

/** A hazard reported by the grid officer, moved along the legal path to `status`. */
async function hazardAt(status: string): Promise<Hazard> {
  let hazard = (await maker.inspect(fx.ownEnterprise, [{ level: 'general', description: `至${status}` }], fx.gridUser))
    .hazards[0]!
  const path = ['assigned', 'rectifying', 'awaiting_recheck', 'closed']
  for (const to of path.slice(0, hazardStatuses.indexOf(status as never))) {
    const { status: code, body } = await transition(
      hazard,
      to,
      to === 'closed' ? fx.townUser : fx.gridUser,
      to === 'assigned' ? { deadline: '2026-11-30' } : {},
    )
    expect(code, JSON.stringify(body)).toBe(200)
    hazard = body.hazard
  }
  return hazard
}

const stored = async (id: number) =>
  (
    await db.rows<{ status: string; version: number; deadline: string | null; closed_on: string | null }>(
      sql`SELECT status, version, deadline::text AS deadline, closed_on::text AS closed_on FROM hazards WHERE id = ${id}::int`,
    )
  )[0]!

describe('post /api/hazards/{id}/transition: the closed loop', () => {
  it('walks reported → assigned → rectifying → awaiting_recheck → closed, bumping version each step', async () => {
    const { hazards } = await maker.inspect(
      fx.ownEnterprise,
      [{ level: 'general', description: '消防通道堵塞' }],
      fx.gridUser,
    )
    let hazard = hazards[0]!
    expect([hazard.status, hazard.version, hazard.deadline]).toEqual(['reported', 1, null])
    const steps: [string, string, Record<string, unknown>][] = [
      ['assigned', fx.gridUser, { deadline: '2026-10-30' }],
      ['rectifying', fx.gridUser, {}],
      ['awaiting_recheck', fx.gridUser, {}],
      ['closed', fx.townUser, { rectification_cost_yuan: 1200 }],
    ]
    for (const [to, as, extra] of steps) {
      const { status, body } = await transition(hazard, to, as, extra)
      expect(status, JSON.stringify(body)).toBe(200)
      expect(body.hazard.status).toBe(to)
      expect(body.hazard.version).toBe(hazard.version + 1)
      hazard = body.hazard
    }
    expect(await stored(hazard.id)).toEqual({
      status: 'closed',
      version: 5,
      deadline: '2026-10-30',
      closed_on: '2026-10-15',
    })
    expect(hazard.rectification_cost_yuan).toBe(1200)
  })

  it('a failed re-check sends the hazard back to rectifying (town user)', async () => {
    const hazard = await hazardAt('awaiting_recheck')
    const { status, body } = await transition(hazard, 'rectifying', fx.townUser, { note: '复查未通过' })
    expect(status).toBe(200)
    expect(body.hazard.status).toBe('rectifying')
  })

  it.each(hazardStatuses.map((from) => [from]))(
    'refuses every illegal step from %s with 422 and the allowed next states',
    async (from) => {
      const hazard = await hazardAt(from)
      const illegal = hazardStatuses.filter((to) => !nextStatuses[from].includes(to))
      for (const to of illegal) {
        const { status, body } = await transition(hazard, to, 'county', { deadline: '2026-12-01' })
        expect([to, status]).toEqual([to, 422])
        expect(body.details).toEqual({ from, to, allowed: nextStatuses[from] })
        expect(body.error).toMatch(new RegExp(`^Cannot move a hazard from ${from} to ${to}; next: `))
      }
      expect((await stored(hazard.id)).version).toBe(hazard.version)
    },
  )

  it('assigning needs a deadline that is not in the past', async () => {
    const hazard = await hazardAt('reported')
    const none = await transition(hazard, 'assigned', fx.gridUser)
    expect([none.status, none.body.error]).toEqual([
      422,
      'Assigning a hazard needs a rectification deadline (`deadline`)',
    ])
    const past = await transition(hazard, 'assigned', fx.gridUser, { deadline: '2026-10-01' })
    expect([past.status, past.body.error]).toEqual([422, 'The deadline 2026-10-01 is before today (2026-10-15)'])
  })

  it('re-check and close are refused to a grid officer and to the user who reported the hazard', async () => {
    const hazard = await hazardAt('awaiting_recheck')
    const officer = await transition(hazard, 'closed', fx.gridUser)
    expect(officer.status).toBe(403)
    expect(officer.body.error).toBe('Only a admin, county, town user re-checks and closes a hazard, not a grid user')
    expect(officer.body.code).toBe('recheck_role')
    // Reported by the town user, so that user may not close it; the county may.
    let own = (
      await maker.inspect(
        fx.ownEnterprise,
        [{ level: 'general', description: '自报', deadline: '2026-11-01' }],
        fx.townUser,
      )
    ).hazards[0]!
    for (const to of ['rectifying', 'awaiting_recheck']) own = (await transition(own, to, fx.townUser)).body.hazard
    const reporter = await transition(own, 'closed', fx.townUser)
    expect([reporter.status, reporter.body.error, reporter.body.code]).toEqual([
      403,
      'The user who reported a hazard may not re-check or close it',
      'own_report_recheck',
    ])
    expect((await transition(own, 'closed', 'county')).status).toBe(200)
  })

  it('a stale version gets 409 with the current row, and nothing changes', async () => {
    const hazard = await hazardAt('assigned')
    const moved = (await transition(hazard, 'rectifying', fx.gridUser)).body.hazard
    const stale = await transition(hazard, 'awaiting_recheck', fx.gridUser)
    expect(stale.status).toBe(409)
    expect(stale.body.error).toBe(
      'This hazard was changed by someone else since you read it (now version 3, you sent 2); nothing was saved',
    )
    expect((stale.body.details as { current: unknown }).current).toEqual(storedRow(moved))
    expect(await stored(hazard.id)).toEqual({
      status: 'rectifying',
      version: 3,
      deadline: '2026-11-30',
      closed_on: null,
    })
  })

  it('takes the version from If-Match, and without any version answers 428', async () => {
    const hazard = await hazardAt('assigned')
    const headers = { 'content-type': 'application/json', 'if-match': `W/"${hazard.version}"` }
    const ok = await request(
      `/api/hazards/${hazard.id}/transition`,
      { method: 'POST', headers, body: JSON.stringify({ to: 'rectifying' }) },
      fx.gridUser,
    )
    expect(ok.status).toBe(200)
    const none = await act(request, `/api/hazards/${hazard.id}/transition`, { to: 'awaiting_recheck' }, fx.gridUser)
    expect(none.status).toBe(428)
  })

  it('audits a transition with the exact row before and after', async () => {
    const hazard = await hazardAt('assigned')
    // The photos are rows of their own (hazard_photos), not part of the hazard's audited row.
    const before = storedRow(
      ((await (await request(`/api/hazards/${hazard.id}`, {}, fx.gridUser)).json()) as { hazard: Hazard }).hazard,
    )
    const { body } = await transition(hazard, 'rectifying', fx.gridUser, { note: '已开始整改' })
    const rows = await db.rows<{ action: string; user_id: number; before: unknown; after: unknown }>(
      sql`SELECT action, user_id, before, after FROM audit_log WHERE entity = 'hazards' AND entity_id = ${String(hazard.id)}
        AND action = 'transition' ORDER BY id DESC LIMIT 1`,
    )
    const [user] = await db.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = ${fx.gridUser}`)
    expect(rows).toEqual([
      { action: 'transition', user_id: user!.id, before, after: { ...storedRow(body.hazard), note: '已开始整改' } },
    ])
    expect(before).toEqual(storedRow(hazard))
  })

  it('get /api/hazards/{id} lists the steps this caller may take', async () => {
    const hazard = await hazardAt('awaiting_recheck')
    const next = async (as: string) =>
      ((await (await request(`/api/hazards/${hazard.id}`, {}, as)).json()) as { next: string[] }).next
    expect(await next(fx.gridUser)).toEqual([])
    expect(await next(fx.townUser)).toEqual(['closed', 'rectifying'])
    expect(await next('viewer')).toEqual([])
  })
})
