import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../server/app.ts'
import { serveWeb } from '../../server/web.ts'
import { testDatabase } from '../support/test-db.ts'

// Issue 9: a missing /assets/x.js answered 200 with index.html, cached as immutable for a year.
let folder: string
let app: App

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'sheyang-web-'))
  mkdirSync(join(folder, 'assets'))
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>射阳</title>')
  writeFileSync(join(folder, 'assets', 'app-1a2b3c.js'), 'console.log(1)')
  app = createApp({ db: await testDatabase() })
  serveWeb(app, folder)
})
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('the built web app', () => {
  it('serves a real asset as immutable', async () => {
    const response = await app.request('/assets/app-1a2b3c.js')
    expect([response.status, response.headers.get('cache-control'), await response.text()]).toEqual([
      200,
      'public, max-age=31536000, immutable',
      'console.log(1)',
    ])
  })

  it('get /assets/missing.js answers 404 JSON, not the page, and is not cached as immutable', async () => {
    const response = await app.request('/assets/missing-9z8y7x.js')
    expect(response.status).toBe(404)
    expect(response.headers.get('cache-control')).toBeNull()
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({ error: 'No such resource: /assets/missing-9z8y7x.js', code: 'not_found' })
  })

  it('answers deep links with the page, revalidated on every load', async () => {
    const response = await app.request('/grid/320924100001')
    expect([response.status, response.headers.get('cache-control'), await response.text()]).toEqual([
      200,
      'no-cache',
      '<!doctype html><title>射阳</title>',
    ])
  })
})
