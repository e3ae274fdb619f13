import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { json, type As } from '../support/test-app.ts'
import { registers } from '../../server/registers/tables.ts'
import { writingSuite } from './hazards/support.ts'
import { freshUscc, removeRows } from './registers/support.ts'

// Issue 10: one casing in every /api answer. Every key of every JSON object is snake_case, except
// the keys of objects that are data rather than a record's fields: maps keyed by a vocabulary word,
// a code or an id. Those are named below, so a new map is an explicit decision, not an exception
// that slips through. (OGC answers are not /api and keep their OGC names: numberMatched, timeStamp.)

const snakeCase = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/

/**
 * Where an object's keys are data: its path with each array index as `[]` (`towns[].enterprises.
 * by_sector`), matched at the end. Their keys are still checked to be strings of the vocabulary's
 * or codes' kind below; the values inside are walked like any other.
 */
const dataKeyed: { path: RegExp; keys: RegExp; why: string }[] = [
  { path: /\.by_sector$/, keys: snakeCase, why: 'enterprises per sector (db/vocabulary.ts sectors)' },
  { path: /\.by_risk_level$/, keys: snakeCase, why: 'enterprises per risk level' },
  { path: /\.by_visit_state$/, keys: snakeCase, why: 'enterprises per visit state (server/rules/visit-due.ts)' },
  { path: /(^|\.)visit_frequency_days$/, keys: snakeCase, why: 'days per risk level (a settings row)' },
  { path: /^counts$/, keys: snakeCase, why: 'violations per fireworks rule code' },
  { path: /^items\[\]\.(before|after)$/, keys: /^[a-zA-Z][a-zA-Z0-9_]*$/, why: 'an audited row as it was stored' },
  { path: /(^|\.)base$/, keys: /^[1-9][0-9]*$/, why: "a fireworks plan's outlet versions by outlet id" },
]

/** Every key that breaks the casing, once per place (`towns[].majorOpen`), in the order met. */
function offences(value: unknown, path = '', found = new Set<string>()): string[] {
  if (Array.isArray(value)) value.forEach((item) => offences(item, `${path}[]`, found))
  else if (value !== null && typeof value === 'object') {
    const data = dataKeyed.find((rule) => rule.path.test(path))
    for (const [key, inner] of Object.entries(value)) {
      const at = path === '' ? key : `${path}.${key}`
      if (!(data ? data.keys : snakeCase).test(key)) found.add(at)
      offences(inner, at, found)
    }
  }
  return [...found]
}

const suite = writingSuite()
const campaigns: number[] = []

const madeRows: { table: string; id: number }[] = []

afterAll(async () => {
  await removeRows(suite.db, madeRows)
  for (const id of campaigns) {
    await suite.db.rows(sql`DELETE FROM inspections WHERE campaign_id = ${id}::int`)
    await suite.db.rows(sql`DELETE FROM inspection_campaigns WHERE id = ${id}::int`)
  }
})

/** The JSON body of a request, after checking its status. */
async function answer(path: string, init: RequestInit, as: As, status: number): Promise<unknown> {
  const response = await suite.request(path, init, as)
  expect(`${path} ${response.status}`).toBe(`${path} ${status}`)
  return response.json()
}

describe('every /api answer is snake_case', () => {
  it('the walk finds a camelCase key, and lets the named data maps through', () => {
    const towns = [
      { majorOpen: 1, by_sector: { hazchem: 1 } },
      { majorOpen: 2, by_sector: { hazchem: 0 } },
    ]
    expect(offences({ as_of: '', towns })).toEqual(['towns[].majorOpen'])
    expect(offences({ enterprises: { by_sector: { Hazchem: 1 } } })).toEqual(['enterprises.by_sector.Hazchem'])
  })

  it('reads: auth, rules, stats, wall, enterprise record, worklist, hazard, draws, fireworks, admin', async () => {
    const { db, fx } = suite
    const [hazard] = await db.rows<{ id: number }>(sql`SELECT id FROM hazards ORDER BY id LIMIT 1`)
    const reads: [string, As][] = [
      ['/api/auth/me', 'county'],
      ['/api/rules', 'county'],
      ['/api/stats/grids', 'county'],
      [`/api/stats/grids/${fx.gridCode}`, 'county'],
      ['/api/stats/towns', 'county'],
      ['/api/stats/summary', 'county'],
      ['/api/wall/lists', 'county'],
      [`/api/enterprises/${fx.ownEnterprise}`, 'county'],
      [`/api/enterprises/${fx.ownEnterprise}/inspections`, 'county'],
      [`/api/grids/${fx.gridCode}/worklist`, fx.gridUser],
      [`/api/hazards/${hazard!.id}`, 'county'],
      ['/api/draws', 'county'],
      ['/api/draws/candidates', 'county'],
      ['/api/draws/inspectors', 'county'],
      ['/api/fireworks/violations', 'county'],
      ['/api/fireworks/towns', 'county'],
      ['/api/fireworks/outlets/1/inspections', 'county'],
      ['/api/fireworks/outlets', 'county'],
      ['/api/fireworks/plans', 'county'],
      ['/api/admin/users', 'admin'],
      ['/api/admin/places', 'admin'],
      ['/api/admin/tokens', 'admin'],
      ['/api/admin/audit?limit=200', 'admin'],
      ['/api/admin/audit/facets', 'admin'],
      ...registers.map((register): [string, As] => [`/api/registers/${register}?limit=20`, 'county']),
      ['/api/settings', 'county'],
      ['/api/settings/visit_frequency_days', 'county'],
      ['/api/targets/2026', 'county'],
      ['/api/targets/2026/county_drills', 'county'],
    ]
    const found: Record<string, string[]> = {}
    for (const [path, as] of reads) {
      const wrong = offences(await answer(path, {}, as, 200))
      if (wrong.length > 0) found[path] = wrong
    }
    expect(found).toEqual({})
  })

  it('writes: an inspection, a hazard transition, a draw and its record, a fireworks check, an event ticket', async () => {
    const { fx, maker } = suite
    const { inspection, hazards } = await maker.inspect(
      fx.ownEnterprise,
      [{ level: 'general', description: '灭火器过期' }],
      'county',
    )
    const [made] = hazards
    const draw = (await answer(
      '/api/draws',
      json('POST', {
        filters: { town_code: [fx.townCode] },
        inspectors: ['张伟', '王芳'],
        enterprises: 1,
        inspectors_per_enterprise: 1,
        planned_on: '2026-10-20',
      }),
      'county',
      201,
    )) as { id: number }
    campaigns.push(draw.id)
    const writes: Record<string, unknown> = {
      inspection: { inspection, hazards },
      transition: await answer(
        `/api/hazards/${made!.id}/transition`,
        json('POST', { to: 'assigned', version: made!.version, deadline: '2026-10-30' }),
        'county',
        200,
      ),
      draw,
      'draw record': await answer(`/api/draws/${draw.id}`, {}, 'county', 200),
      'worklist with the draw': await answer(`/api/grids/${fx.gridCode}/worklist`, {}, fx.gridUser, 200),
      'fireworks check': await answer(
        '/api/fireworks/check',
        json('POST', { lon: 120.2527, lat: 33.7751 }),
        'county',
        200,
      ),
      'event ticket': await answer('/api/events/ticket', { method: 'POST' }, 'county', 200),
    }
    const found = Object.fromEntries(
      Object.entries(writes)
        .map(([what, body]) => [what, offences(body)] as const)
        .filter(([, wrong]) => wrong.length > 0),
    )
    expect(found).toEqual({})
  })

  it('register writes: an enterprise with a warning, a zone, a refusal', async () => {
    const { db, fx } = suite
    const [grid] = await db.rows<{ lon: number; lat: number }>(
      sql`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grids
          WHERE code = ${fx.gridCode}`,
    )
    const uscc = freshUscc()
    const enterprise = (await answer(
      '/api/enterprises',
      json('POST', {
        uscc: `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`,
        name: '大小写测试企业',
        sector: 'other',
        risk_level: 'low',
        location: { lon: grid!.lon, lat: grid!.lat },
      }),
      'county',
      201,
    )) as { id: number; warnings: unknown[] }
    madeRows.push({ table: 'enterprises', id: enterprise.id })
    const { lon, lat } = grid!
    const ring = [
      [lon, lat],
      [lon + 0.001, lat],
      [lon + 0.001, lat + 0.001],
      [lon, lat + 0.001],
      [lon, lat],
    ]
    const zone = (await answer(
      '/api/zones',
      json('POST', { name: '大小写测试', kind: 'industrial_park', geometry: { type: 'Polygon', coordinates: [ring] } }),
      'county',
      201,
    )) as { id: number }
    madeRows.push({ table: 'zones', id: zone.id })
    const writes = {
      enterprise,
      'enterprise patch': await answer(
        `/api/enterprises/${enterprise.id}`,
        json('PATCH', { version: 1, status: 'closed' }),
        'county',
        200,
      ),
      zone,
      stale: await answer(`/api/zones/${zone.id}`, json('PATCH', { version: 9, name: 'x' }), 'county', 409),
      setting: await answer(
        '/api/settings/fireworks_outlet_spacing_m',
        json('PATCH', { value: -1, version: 1 }),
        'admin',
        422,
      ),
    }
    expect(Object.values(writes).flatMap((body) => offences(body))).toEqual([])
  })

  it('errors: a refused filter, an unknown grid, an admin refusal', async () => {
    const errors = [
      await answer('/api/stats/grids?town_code=999999999', {}, 'county', 400),
      await answer('/api/stats/grids?colour=red', {}, 'county', 400),
      await answer('/api/grids/000000000000/worklist', {}, 'county', 404),
      await answer(
        '/api/admin/users',
        json('POST', { username: 'county', display_name: 'x', password: 'a long test password', role: 'county' }),
        'admin',
        409,
      ),
    ]
    expect(errors.flatMap((body) => offences(body))).toEqual([])
  })
})
