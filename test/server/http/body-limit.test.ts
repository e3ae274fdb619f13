import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../../server/app.ts'
import { bodyLimitFor } from '../../../server/http/body-limits.ts'
import { json, logIn, testApp, type Request } from '../../support/test-app.ts'
import { filler, healthz, lazyBody, listen, multipartType, postRaw, streamed } from './support.ts'

const MB = 1024 * 1024
const fortyEightMB = 48 * MB

let app: App
let request: Request
let server: Awaited<ReturnType<typeof listen>>

beforeAll(async () => {
  ;({ app, request } = await testApp())
  server = await listen(app)
})
afterAll(() => server.close())

const loginRefusal = {
  error: 'The request is larger than 16384 bytes (16 KB)',
  code: 'payload_too_large',
  details: { limit: 16384 },
}

describe('the body limits table', () => {
  it('gives the log-in 16 KB, the photo routes 40 MB for multipart only, everything else 1 MB', () => {
    expect([
      bodyLimitFor('POST', '/api/auth/login', 'application/json'),
      bodyLimitFor('POST', '/api/hazards/12/photos', 'multipart/form-data; boundary=x'),
      bodyLimitFor('POST', '/api/inspections', 'multipart/form-data; boundary=x'),
      bodyLimitFor('POST', '/api/inspections', 'application/json'),
      bodyLimitFor('POST', '/api/hazards/12/transition', 'application/json'),
    ]).toEqual([
      { limit: 16 * 1024, advice: undefined },
      { limit: 40 * MB, advice: 'send fewer photos at a time, each at most 10 MB' },
      { limit: 40 * MB, advice: 'send fewer photos at a time, each at most 10 MB' },
      { limit: MB, advice: undefined },
      { limit: MB, advice: undefined },
    ])
  })
})

describe('post /api/auth/login without a log-in', () => {
  it('answers 413 to a 48 MB body declared by Content-Length before reading a byte of it', async () => {
    const body = lazyBody(filler(fortyEightMB))
    const response = await app.request(
      '/api/auth/login',
      streamed(body.stream, { 'content-type': 'application/json', 'content-length': String(fortyEightMB) }),
    )
    expect([response.status, await response.json()]).toEqual([413, loginRefusal])
    expect(body.pulled()).toBe(0)
    // The rest is not drained: the connection closes after the answer.
    expect(response.headers.get('connection')).toBe('close')
  })

  it('answers 413 to a chunked 48 MB body without Content-Length once 16 KB have been read', async () => {
    const body = lazyBody(filler(fortyEightMB, 4096))
    const response = await app.request('/api/auth/login', streamed(body.stream, { 'content-type': 'application/json' }))
    expect([response.status, await response.json()]).toEqual([413, loginRefusal])
    // 16 KB is four chunks of 4 KB; the fifth passes the limit. A few more may be in flight.
    expect(body.pulled()).toBeGreaterThanOrEqual(5)
    expect(body.pulled()).toBeLessThan(10)
  })

  it('over a real socket: 413 to 48 MB with Content-Length and to 48 MB chunked, while /healthz answers', async () => {
    const declared = postRaw(
      server.port,
      '/api/auth/login',
      { 'content-type': 'application/json', 'content-length': fortyEightMB },
      filler(fortyEightMB),
    )
    const chunked = postRaw(
      server.port,
      '/api/auth/login',
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      filler(fortyEightMB),
    )
    expect(await healthz(server.port)).toBe(200)
    const answers = await Promise.all([declared, chunked])
    expect(answers.map((a) => [a.status, JSON.parse(a.body) as unknown])).toEqual([
      [413, loginRefusal],
      [413, loginRefusal],
    ])
    // The client stopped when the answer came: far less than the 48 MB had gone out.
    for (const answer of answers) expect(answer.sentBytes).toBeLessThan(16 * MB)
  })

  it('still logs in with a small body', async () => {
    expect(await logIn(app, 'county')).toMatch(/^sid=/)
  })
})

describe('json writes', () => {
  it('post /api/hazards/{id}/transition answers 413 to a 2 MB JSON body: the default limit is 1 MB', async () => {
    const response = await request(
      '/api/hazards/1/transition',
      json('POST', { to: 'assigned', note: 'x'.repeat(2 * MB) }),
      'county',
    )
    expect([response.status, await response.json()]).toEqual([
      413,
      { error: 'The request is larger than 1048576 bytes (1 MB)', code: 'payload_too_large', details: { limit: MB } },
    ])
  })

  it('post /api/inspections takes 40 MB only as multipart: a 2 MB JSON body is 413 at 1 MB', async () => {
    const response = await request('/api/inspections', json('POST', { findings: 'x'.repeat(2 * MB) }), 'county')
    expect(response.status).toBe(413)
    expect(((await response.json()) as { details: unknown }).details).toEqual({ limit: MB })
  })

  it('post /api/hazards/{id}/photos answers 413 to a 48 MB multipart body, naming what to do', async () => {
    const body = lazyBody(filler(fortyEightMB))
    const response = await request(
      '/api/hazards/1/photos',
      streamed(body.stream, { 'content-type': multipartType, 'content-length': String(fortyEightMB) }),
      'county',
    )
    expect([response.status, await response.json()]).toEqual([
      413,
      {
        error: 'The request is larger than 41943040 bytes (40 MB); send fewer photos at a time, each at most 10 MB',
        code: 'payload_too_large',
        details: { limit: 40 * MB },
      },
    ])
    expect(body.pulled()).toBe(0)
  })
})
