import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { createApp } from '../../server/app.ts'
import { contentSecurityPolicy } from '../../server/security-headers.ts'
import { expectSecurityHeaders } from '../support/security-headers.ts'
import { testApp, type Request } from '../support/test-app.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

describe('security headers', () => {
  it('the Content-Security-Policy is exactly this: same-origin everything, no inline script, no eval, no framing', () => {
    expect(contentSecurityPolicy).toBe(
      "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; " +
        "form-action 'self'",
    )
  })

  it.each([
    ['a JSON read', '/api/stats/summary', 'county', 200],
    ['an OGC read', '/ogc/collections', 'county', 200],
    ['a refused request', '/api/stats/summary', 'anonymous', 401],
    ['an unknown path', '/api/no-such-thing', 'county', 404],
    ['a write refused as read-only', '/api/hazards/escalate', 'viewer', 403],
    ['the health check', '/healthz', 'anonymous', 200],
  ] as const)('on %s (%s as %s → %i)', async (_what, path, as, status) => {
    const write = path === '/api/hazards/escalate'
    const response = await request(path, write ? { method: 'POST' } : {}, as)
    expect(response.status).toBe(status)
    expectSecurityHeaders(response.headers)
    await response.body?.cancel()
  })

  it('on the live event stream', async () => {
    const response = await request('/api/events')
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expectSecurityHeaders(response.headers)
    await response.body?.cancel()
  })

  it('on an unexpected error, which becomes a 500 with a code and no stack', async () => {
    const errors: unknown[] = []
    const failing = createApp({ db, logError: (error) => errors.push(error) })
    failing.get('/boom', () => {
      throw new Error('boom at line 1')
    })
    const response = await failing.request('/boom')
    expect(response.status).toBe(500)
    expectSecurityHeaders(response.headers)
    expect(await response.json()).toEqual({ error: 'Internal server error', code: 'internal' })
    expect(errors).toHaveLength(1)
  })

  it('error answers carry a stable code next to the English text', async () => {
    const missing = await request('/api/no-such-thing')
    expect(await missing.json()).toEqual({ error: 'No such resource: /api/no-such-thing', code: 'not_found' })
    const viewer = await request('/api/hazards/escalate', { method: 'POST' }, 'viewer')
    expect(await viewer.json()).toEqual({ error: 'The viewer role is read-only', code: 'viewer_read_only' })
  })
})
