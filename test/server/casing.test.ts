import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { json, type As } from '../support/test-app.ts'
import { writingSuite } from './hazards/support.ts'

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
  { path: /(^|\.)mapping$/, keys: /^.+$/, why: "an import's columns (the file's own headers) → fields" },
  { path: /^items\[\]\.source$/, keys: /^.+$/, why: "an import row's values by the file's own headers" },
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

afterAll(async () => {
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

  it('imports: the layers, a job, its rows and preview, the list, a refusal', async () => {
    const form = new FormData()
    form.set('layer', 'enterprises')
    form.set(
      'file',
      new Blob(['企业名称,统一社会信用代码,经度,纬度,所属行业\n导入测试大小写,123,120.2,33.8,机械\n']),
      '大小写.csv',
    )
    const job = (await answer('/api/imports', { method: 'POST', body: form }, 'county', 202)) as { id: number }
    try {
      let ready = (await answer(`/api/imports/${job.id}`, {}, 'county', 200)) as { status: string; version: number }
      for (let i = 0; i < 200 && ready.status !== 'ready'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50))
        ready = (await answer(`/api/imports/${job.id}`, {}, 'county', 200)) as typeof ready
      }
      expect(ready.status).toBe('ready')
      const found = Object.fromEntries(
        Object.entries({
          layers: await answer('/api/imports/layers', {}, 'county', 200),
          job: ready,
          rows: await answer(`/api/imports/${job.id}/rows`, {}, 'county', 200),
          preview: await answer(`/api/imports/${job.id}/preview`, {}, 'county', 200),
          list: await answer('/api/imports', {}, 'county', 200),
          refusal: await answer(
            `/api/imports/${job.id}/commit`,
            json('POST', { version: ready.version }),
            'county',
            422,
          ),
        })
          .map(([what, body]) => [what, offences(body)])
          .filter(([, keys]) => keys!.length > 0),
      )
      expect(found).toEqual({})
    } finally {
      await suite.db.rows(sql`DELETE FROM import_jobs WHERE id = ${job.id}::int`)
    }
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
