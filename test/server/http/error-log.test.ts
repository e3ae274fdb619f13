import { sql } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { openDatabase, type Database } from '../../../db/client.ts'
import { createApp } from '../../../server/app.ts'
import { describeError } from '../../../server/http/error-log.ts'
import { testDatabase } from '../../support/test-db.ts'

// Issue 9 point 3: the error log printed the statement's parameters, a new user's argon2 hash and
// a token's SHA-256 among them.
const argon2 = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA'
const tokenHash = 'a3f1c2d4e5b6a7980112233445566778899aabbccddeeff00112233445566778'
const plain = 'hunter2-typed-by-a-user'

let db: Database

beforeAll(async () => {
  db = await testDatabase()
})
afterEach(() => vi.restoreAllMocks())

/** An app whose /boom runs `query`, logging through createApp's default logError into `lines`. */
function appRunning(query: () => Promise<unknown>) {
  const lines: string[] = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '))
  })
  const app = createApp({ db })
  app.get('/boom', async (c) => c.json(await query()))
  return { app, lines }
}

describe('the error log', () => {
  it('names the class, SQLSTATE and query of an internal error, never its parameters', async () => {
    const { app, lines } = appRunning(() =>
      db.rows(sql`SELECT ${argon2}::text, ${tokenHash}::text, ${plain}::text FROM no_such_table`),
    )
    const response = await app.request('/boom')
    expect([response.status, await response.json()]).toEqual([
      500,
      { error: 'Internal server error', code: 'internal' },
    ])
    expect(lines).toHaveLength(1)
    const logged = lines[0]!
    expect(logged).toMatch(
      /^\[sheyang\] DrizzleQueryError: Failed query: select \$1::text, \$2::text, \$3::text from no_such_table/i,
    )
    expect(logged).toContain('[SQLSTATE 42P01]')
    expect(logged).toMatch(/\n\s+at /)
    for (const secret of [argon2, tokenHash, plain, 'c2FsdHNhbHRzYWx0', 'params']) expect(logged).not.toContain(secret)
  })

  it('answers a value the database refuses (SQLSTATE class 22) with 400, and logs it without the value', async () => {
    const { app, lines } = appRunning(() =>
      db.rows(sql`SELECT ${`${plain}\u0000`}::text AS v, ${'99999999999'}::int AS n`),
    )
    const response = await app.request('/boom')
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: 'A value in the request is malformed or out of range', code: 'bad_request' },
    ])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/\[SQLSTATE 22\w{3}\]/)
    expect(lines[0]).not.toContain(plain)
  })

  it('redacts hashes and tokens that turn up in a message', () => {
    const error = new Error(`could not use ${argon2} or ${tokenHash}`)
    expect(describeError(error).split('\n')[0]).toBe('Error: could not use [redacted] or [redacted]')
  })

  it('answers 503 with Retry-After while the database is unreachable (a closed port), not 500', async () => {
    const gone = await openDatabase({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none', max: 1 })
    try {
      const { app } = appRunning(() => gone.rows(sql`SELECT 1`))
      const response = await app.request('/boom')
      expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([
        503,
        '5',
        { error: 'The database is unavailable; try again in a few seconds', code: 'database_unavailable' },
      ])
    } finally {
      await gone.close()
    }
  })

  it('answers 503 to a server shutting down (SQLSTATE 57P01) and 500 to a syntax error', async () => {
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
    const { app } = appRunning(() => Promise.reject(new Error('Failed query', { cause: shutdown })))
    expect((await app.request('/boom')).status).toBe(503)
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' })
    const other = appRunning(() => Promise.reject(syntax))
    expect((await other.app.request('/boom')).status).toBe(500)
  })
})
