import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'
import { accessFixture, userId } from '../auth/fixtures.ts'

// Issue 9 points 3 and 4: a NUL byte, a lone surrogate, an int beyond 2^31−1 or the year 1 used to
// reach PostgreSQL and come back as a 500. Each is now the edge's 400, naming the field.

let request: Request
let db: Database
let fx: Awaited<ReturnType<typeof accessFixture>>
let hazard: { id: number; version: number }
let adminId: number

beforeAll(async () => {
  ;({ request, db } = await testApp())
  fx = await accessFixture(db)
  ;[hazard] = (await db.rows<{ id: number; version: number }>(
    sql`SELECT id, version FROM hazards WHERE status = 'reported' ORDER BY id LIMIT 1`,
  )) as [{ id: number; version: number }]
  adminId = await userId(db, 'admin')
})

type Case = [what: string, method: string, path: string, body: unknown, as: As, field: string]

/** The answer's status, code and the field it names (details.issues[0].path, else the message's start). */
async function refusal(method: string, path: string, body: unknown, as: As) {
  const init = body === undefined ? { method } : json(method, body)
  const response = await request(path, init, as)
  const answer = (await response.json()) as { error: string; code?: string; details?: { issues?: { path: string }[] } }
  const field = answer.details?.issues?.[0]?.path ?? answer.error.split(':')[0]
  return [response.status, answer.code, field]
}

const inspection = (extra: Record<string, unknown> = {}) => ({
  enterprise_id: fx.ownEnterprise,
  kind: 'routine',
  inspected_on: '2026-10-14',
  inspectors: ['测试员'],
  ...extra,
})
const inspectionHazard = (extra: Record<string, unknown>) => ({
  hazards: [{ level: 'general', description: '灭火器过期', ...extra }],
})
const draw = (extra: Record<string, unknown>) => ({
  inspectors: ['张伟', '刘洋'],
  enterprises: 1,
  inspectors_per_enterprise: 1,
  ...extra,
})
const listing = (extra: Record<string, unknown>) => ({
  version: hazard.version,
  listed_by_unit: '射阳县应急管理局',
  listing_round: '2026-2',
  listing_deadline: '2027-01-15',
  ...extra,
})

describe('a control character or a lone surrogate in a string field is a 400 naming the field', () => {
  const nul = 'a\u0000b'
  const cases = (): Case[] => [
    [
      'the log-in username, before log-in',
      'POST',
      '/api/auth/login',
      { username: nul, password: 'x' },
      'anonymous',
      'username',
    ],
    [
      'a lone surrogate in the username',
      'POST',
      '/api/auth/login',
      { username: '\ud800', password: 'x' },
      'anonymous',
      'username',
    ],
    [
      'a NUL in the log-in password',
      'POST',
      '/api/auth/login',
      { username: 'admin', password: nul },
      'anonymous',
      'password',
    ],
    [
      'a new password',
      'POST',
      '/api/auth/password',
      { old_password: 'x', new_password: `long enough ${nul}` },
      'viewer',
      'new_password',
    ],
    [
      'a new user’s display name',
      'POST',
      '/api/admin/users',
      { username: 'nul-user', display_name: nul, password: 'a long test password', role: 'viewer' },
      'admin',
      'display_name',
    ],
    ['a changed display name', 'PATCH', `/api/admin/users/${adminId}`, { display_name: nul }, 'admin', 'display_name'],
    [
      'a reset password',
      'POST',
      `/api/admin/users/${adminId}/password`,
      { password: `long enough ${nul}` },
      'admin',
      'password',
    ],
    ['a token name', 'POST', '/api/admin/tokens', { user_id: adminId, name: nul, kind: 'personal' }, 'admin', 'name'],
    ['the audit entity filter', 'GET', '/api/admin/audit?entity=%00', undefined, 'admin', 'entity'],
    ['the audit entity_id filter', 'GET', '/api/admin/audit?entity_id=1%00', undefined, 'admin', 'entity_id'],
    ['the audit action filter', 'GET', '/api/admin/audit?action=%01', undefined, 'admin', 'action'],
    ['a draw name', 'POST', '/api/draws', draw({ name: nul }), 'county', 'name'],
    ['a drawn inspector', 'POST', '/api/draws', draw({ inspectors: ['张伟', nul] }), 'county', 'inspectors.1'],
    ['a draw seed', 'POST', '/api/draws', draw({ seed: nul }), 'county', 'seed'],
    ['an inspector', 'POST', '/api/inspections', inspection({ inspectors: [nul] }), fx.gridUser, 'inspectors.0'],
    ['the findings', 'POST', '/api/inspections', inspection({ findings: nul }), fx.gridUser, 'findings'],
    [
      'a hazard description',
      'POST',
      '/api/inspections',
      inspection(inspectionHazard({ description: nul })),
      fx.gridUser,
      'hazards.0.description',
    ],
    [
      'a hazard category',
      'POST',
      '/api/inspections',
      inspection(inspectionHazard({ category: '\u0085' })),
      fx.gridUser,
      'hazards.0.category',
    ],
    [
      'a lone low surrogate in a description',
      'POST',
      '/api/inspections',
      inspection(inspectionHazard({ description: 'x\udc00' })),
      fx.gridUser,
      'hazards.0.description',
    ],
    [
      'a transition note',
      'POST',
      `/api/hazards/${hazard.id}/transition`,
      { to: 'assigned', version: hazard.version, deadline: '2026-11-15', note: nul },
      'county',
      'note',
    ],
    [
      'the listing unit',
      'POST',
      `/api/hazards/${hazard.id}/listing`,
      listing({ listed_by_unit: nul }),
      'county',
      'listed_by_unit',
    ],
    [
      'the listing round',
      'POST',
      `/api/hazards/${hazard.id}/listing`,
      listing({ listing_round: nul }),
      'county',
      'listing_round',
    ],
    [
      'an extension note',
      'POST',
      `/api/hazards/${hazard.id}/extension`,
      { action: 'approve', version: hazard.version, note: nul },
      'county',
      'note',
    ],
    [
      'a delisting note',
      'POST',
      `/api/hazards/${hazard.id}/delist`,
      { version: hazard.version, note: nul },
      'county',
      'note',
    ],
  ]
  it('in the log-in, password, admin, audit, draw, inspection and hazard routes', async () => {
    for (const [what, method, path, body, as, field] of cases()) {
      expect(await refusal(method, path, body, as), what).toEqual([400, 'bad_request', field])
    }
  })

  it('keeps tabs and line breaks in multi-line text, and refuses them in one-line text', async () => {
    const findings = await refusal(
      'POST',
      '/api/inspections',
      inspection({ findings: 'a\tb\r\nc', inspectors: ['王\t强'] }),
      fx.gridUser,
    )
    expect(findings).toEqual([400, 'bad_request', 'inspectors.0'])
  })

  it('a NUL in an OGC text filter is a 400, in a text feature id a 404', async () => {
    const filter = await request('/ogc/collections/enterprises/items?town_code=%00')
    expect([filter.status, ((await filter.json()) as { code: string }).code]).toEqual([400, 'bad_request'])
    const feature = await request('/ogc/collections/towns/items/%01')
    expect([feature.status, ((await feature.json()) as { code: string }).code]).toEqual([404, 'not_found'])
  })
})

describe('an id beyond 2^31−1 is a 400 (an OGC feature: 404), never a 500', () => {
  const cases = (big: number | string): Case[] => [
    [
      'enterprise_id',
      'POST',
      '/api/inspections',
      inspection({ enterprise_id: Number(big) }),
      fx.gridUser,
      'enterprise_id',
    ],
    [
      'planned_inspection_id',
      'POST',
      '/api/inspections',
      inspection({ planned_inspection_id: Number(big), version: 1 }),
      fx.gridUser,
      'planned_inspection_id',
    ],
    ['an inspection version', 'POST', '/api/inspections', inspection({ version: Number(big) }), fx.gridUser, 'version'],
    [
      'a hazard version',
      'POST',
      `/api/hazards/${hazard.id}/transition`,
      { to: 'assigned', version: Number(big), deadline: '2026-11-15' },
      'county',
      'version',
    ],
    [
      'a token’s user_id',
      'POST',
      '/api/admin/tokens',
      { user_id: Number(big), name: 'x', kind: 'personal' },
      'admin',
      'user_id',
    ],
    ['an admin user id (patch)', 'PATCH', `/api/admin/users/${big}`, { display_name: 'x' }, 'admin', 'id'],
    ['an admin user id (deactivate)', 'POST', `/api/admin/users/${big}/deactivate`, undefined, 'admin', 'id'],
    [
      'an admin user id (password)',
      'POST',
      `/api/admin/users/${big}/password`,
      { password: 'a long test password' },
      'admin',
      'id',
    ],
    ['a token id', 'DELETE', `/api/admin/tokens/${big}`, undefined, 'admin', 'id'],
    ['?user_id= of the tokens', 'GET', `/api/admin/tokens?user_id=${big}`, undefined, 'admin', 'user_id'],
    ['?user_id= of the audit', 'GET', `/api/admin/audit?user_id=${big}`, undefined, 'admin', 'user_id'],
    ['a hazard id', 'GET', `/api/hazards/${big}`, undefined, 'county', 'id'],
    ['a photo id', 'GET', `/api/hazards/${hazard.id}/photos/${big}`, undefined, 'county', 'photo'],
    ['an enterprise id', 'GET', `/api/enterprises/${big}`, undefined, 'county', 'id'],
    ['a draw id', 'GET', `/api/draws/${big}`, undefined, 'county', 'id'],
  ]
  it.each(['2147483648', '99999999999999999999'])('%s in bodies, paths and query strings', async (big) => {
    for (const [what, method, path, body, as, field] of cases(big)) {
      expect(await refusal(method, path, body, as), what).toEqual([400, 'bad_request', field])
    }
  })

  it('refuses exponents, signs and leading zeros in ids and counts of the query string', async () => {
    for (const path of [
      '/api/admin/tokens?user_id=1e3',
      '/api/admin/tokens?user_id=+1',
      '/api/admin/tokens?user_id=01',
      '/api/admin/audit?limit=1e3',
      '/api/admin/audit?offset=99999999999',
      '/api/draws?offset=99999999999',
      '/api/draws?limit=0x10',
    ]) {
      expect((await request(path, {}, path.includes('admin') ? 'admin' : 'county')).status, path).toBe(400)
    }
  })

  it('an OGC feature id beyond int names no feature', async () => {
    const response = await request('/ogc/collections/enterprises/items/2147483648')
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([404, 'not_found'])
  })
})

describe('dates are real calendar dates from 2000 to 2099', () => {
  it.each([
    ['?from=0001-01-01', '/api/admin/audit?from=0001-01-01', 'from'],
    ['?to=9999-12-31', '/api/admin/audit?to=9999-12-31', 'to'],
    ['an instant in the year 1', '/api/admin/audit?from=0001-01-01T00:00:00Z', 'from'],
    ['February 30th', '/api/admin/audit?to=2026-02-30', 'to'],
  ])('the audit refuses %s', async (_what, path, field) => {
    expect(await refusal('GET', path, undefined, 'admin')).toEqual([400, 'bad_request', field])
  })

  it('refuses far dates in bodies: deadlines, inspection and draw dates', async () => {
    const far = '9999-12-31'
    const cases: Case[] = [
      [
        'a transition deadline',
        'POST',
        `/api/hazards/${hazard.id}/transition`,
        { to: 'assigned', version: hazard.version, deadline: far },
        'county',
        'deadline',
      ],
      [
        'a listing deadline',
        'POST',
        `/api/hazards/${hazard.id}/listing`,
        listing({ listing_deadline: far }),
        'county',
        'listing_deadline',
      ],
      [
        'a requested extension',
        'POST',
        `/api/hazards/${hazard.id}/extension`,
        { action: 'request', version: hazard.version, requested_deadline: far },
        'county',
        'requested_deadline',
      ],
      [
        'an inspection hazard’s deadline',
        'POST',
        '/api/inspections',
        inspection(inspectionHazard({ deadline: far })),
        fx.gridUser,
        'hazards.0.deadline',
      ],
      [
        'inspected_on in the year 1',
        'POST',
        '/api/inspections',
        inspection({ inspected_on: '0001-01-01' }),
        fx.gridUser,
        'inspected_on',
      ],
      ['planned_on', 'POST', '/api/draws', draw({ planned_on: far }), 'county', 'planned_on'],
    ]
    for (const [what, method, path, body, as, field] of cases) {
      expect(await refusal(method, path, body, as), what).toEqual([400, 'bad_request', field])
    }
  })
})

describe('a rectification deadline is at most a year after the day it is set from', () => {
  it('refuses a transition deadline 366 days after today, keeps one 365 days after', async () => {
    const late = await request(
      `/api/hazards/${hazard.id}/transition`,
      json('POST', { to: 'assigned', version: hazard.version, deadline: '2027-10-16' }),
    )
    expect([late.status, await late.json()]).toEqual([
      422,
      {
        error: 'The deadline 2027-10-16 is more than 365 days after 2026-10-15; at most 2027-10-15',
        code: 'deadline_out_of_range',
        details: { latest: '2027-10-15' },
      },
    ])
    const [after] = await db.rows<{ version: number; status: string }>(
      sql`SELECT version, status FROM hazards WHERE id = ${hazard.id}::int`,
    )
    expect(after).toEqual({ version: hazard.version, status: 'reported' })
  })

  it('refuses an inspection hazard’s deadline more than a year after the visit', async () => {
    const response = await request(
      '/api/inspections',
      json('POST', inspection(inspectionHazard({ deadline: '2027-10-15' }))),
      fx.gridUser,
    )
    expect([response.status, await response.json()]).toEqual([
      422,
      {
        error: 'hazards.0.deadline 2027-10-15 is more than 365 days after 2026-10-14; at most 2027-10-14',
        code: 'deadline_out_of_range',
        details: { latest: '2027-10-14' },
      },
    ])
  })
})
