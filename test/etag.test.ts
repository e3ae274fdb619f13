import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { describe, expect, it } from 'vitest'
import { bodyEtag } from '../server/etag.ts'

const payload = { grids: Array.from({ length: 3000 }, (_, i) => ({ code: String(320924000000 + i), open: i % 7 })) }
const app = new Hono()
app.use(compress())
app.use(bodyEtag)
app.get('/data', (c) => {
  c.header('Cache-Control', 'private, no-cache')
  c.header('Vary', 'Cookie')
  return c.json(payload)
})
app.get('/tagged', (c) => c.text('x', 200, { etag: '"own"' }))
app.get('/missing', (c) => c.json({ error: 'no' }, 404))

describe('bodyEtag', () => {
  it('tags the body, and answers a matching If-None-Match with a bare 304 that keeps the caching headers', async () => {
    const first = await app.request('/data')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/)
    expect(await first.json()).toEqual(payload)
    const again = await app.request('/data', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    expect(again.headers.get('cache-control')).toBe('private, no-cache')
    expect(again.headers.get('vary')).toBe('Cookie')
    expect(again.headers.get('content-type')).toBeNull()
    // Strong or weak, in a list, or any.
    for (const header of [etag.slice(2), `"other", ${etag}`, '*'])
      expect((await app.request('/data', { headers: { 'if-none-match': header } })).status).toBe(304)
    expect((await app.request('/data', { headers: { 'if-none-match': '"other"' } })).status).toBe(200)
  })

  it('keeps an ETag the route set, and leaves errors and writes alone', async () => {
    expect((await app.request('/tagged')).headers.get('etag')).toBe('"own"')
    expect((await app.request('/tagged', { headers: { 'if-none-match': '"own"' } })).status).toBe(304)
    const missing = await app.request('/missing')
    expect([missing.status, missing.headers.get('etag')]).toEqual([404, null])
  })
})
