import { beforeAll, describe, expect, it } from 'vitest'
import { nestsDeeperThan } from '../../../server/http/json-body.ts'
import { testApp, type Request } from '../../support/test-app.ts'

let request: Request

beforeAll(async () => {
  ;({ request } = await testApp())
})

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth)
const post = (path: string, body: string, as: Parameters<Request>[2] = 'county') =>
  request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, as)

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings or after an escaped quote', () => {
    expect([
      nestsDeeperThan(nested(32), 32),
      nestsDeeperThan(nested(33), 32),
      nestsDeeperThan(`{"a":{"b":[${nested(30)}]}}`, 32),
      nestsDeeperThan(`{"a":{"b":[${nested(30)}]}}`, 33),
      nestsDeeperThan(`["${'['.repeat(100)}"]`, 32),
      nestsDeeperThan(`["\\"${'{'.repeat(100)}"]`, 32),
      nestsDeeperThan(`["\\\\", ${nested(40)}]`, 32),
      nestsDeeperThan(']'.repeat(100) + nested(32), 32),
    ]).toEqual([false, true, true, false, false, false, true, false])
  })
})

describe('json bodies', () => {
  it('post /api/inspections answers 400 json_too_deep to JSON nested 100,000 deep, before parsing it', async () => {
    const response = await post('/api/inspections', nested(100_000))
    expect([response.status, await response.json()]).toEqual([
      400,
      {
        error: 'The body nests arrays and objects deeper than 32 levels',
        code: 'json_too_deep',
        details: { limit: 32 },
      },
    ])
  })

  it('post /api/auth/login answers 400 json_too_deep without a log-in; 32 levels reach the schema', async () => {
    const deep = await post('/api/auth/login', `{"username":${nested(5000)},"password":"x"}`, 'anonymous')
    expect([deep.status, ((await deep.json()) as { code: string }).code]).toEqual([400, 'json_too_deep'])
    // 31 arrays inside the object: 32 levels, parsed, then refused by the schema (not a string).
    const fits = await post('/api/auth/login', `{"username":${nested(31)},"password":"x"}`, 'anonymous')
    const body = (await fits.json()) as { code?: string; error: string }
    expect(fits.status).toBe(400)
    expect(body.code).not.toBe('json_too_deep')
    expect(body.error).toMatch(/^username: /)
  })

  it('answers 400 bad_json to a body that is not JSON', async () => {
    const response = await post('/api/hazards/1/transition', '{"to": "assigned",')
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: 'The body must be JSON', code: 'bad_json' },
    ])
  })
})
