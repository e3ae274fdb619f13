import { mkdirSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectSecurityHeaders } from '../support/security-headers.ts'
import { testDemo } from '../support/fixture.ts'
import { launchBrowser, waitForMap, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, kioskToken, loggedInContext, sessionId } from './support/session.ts'

let server: DemoServer
let browser: Browser
let gridCode: string
let enterpriseId: number
const phone = { width: 390, height: 844 }
const desktop = { width: 1440, height: 900 }
mkdirSync('test-results', { recursive: true })

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  const { grids } = await apiAs(
    server.url,
    'county',
  )<{ grids: { code: string; enterprises: { total: number } }[] }>('/api/stats/grids')
  gridCode = [...grids].sort((a, b) => a.code.localeCompare(b.code))[0]!.code
  const [row] = await server.db.rows<{ id: number }>(
    sql`SELECT id FROM enterprises WHERE grid_code = ${gridCode} AND status = 'active' ORDER BY id LIMIT 1`,
  )
  enterpriseId = row!.id
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Every Content-Security-Policy violation the page reports, recorded from before its first script. */
async function watchCsp(context: BrowserContext) {
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __csp: string[] }).__csp = seen
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`,
      ),
    )
  })
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)

describe('security headers on the web app (DESIGN §6)', () => {
  test('every HTML route and asset carries them; the HTML is revalidated, hashed assets are immutable', async () => {
    for (const path of ['/', '/login', `/grid/${gridCode}`, '/wall', `/enterprises/${enterpriseId}`]) {
      const response = await fetch(server.url + path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
      expectSecurityHeaders(response.headers)
      expect(response.headers.get('cache-control'), path).toBe('no-cache')
      const html = await response.text()
      // No inline script for the CSP to refuse: every <script> has a src of this origin.
      expect(
        html.match(/<script\b[^>]*>/g)?.every((tag) => /\bsrc="\/assets\//.test(tag)),
        path,
      ).toBe(true)
      expect(html, path).not.toMatch(/<style\b|\sstyle="/)
    }
    const html = await (await fetch(server.url + '/')).text()
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const script = await fetch(server.url + asset)
    expect(script.status).toBe(200)
    expectSecurityHeaders(script.headers)
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    await script.body?.cancel()
  })
})

describe('the pages run under the Content-Security-Policy with zero violations', () => {
  async function visit(context: BrowserContext, path: string, ready: (page: Page) => Promise<unknown>) {
    await watchCsp(context)
    const page = await context.newPage()
    const watch: PageWatch = watchPage(page, server.url)
    await page.goto(server.url + path)
    await ready(page)
    // Let late work (workers, charts, icons, the event stream) run too.
    await page.waitForTimeout(1500)
    return { page, watch }
  }

  test('/login', async () => {
    const context = await browser.newContext({ viewport: phone, locale: 'zh-CN' })
    const { page, watch } = await visit(context, '/login', (p) => p.locator('[data-test=login-form]').waitFor())
    expect(await violations(page)).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    // The watch is live and the policy enforced: an injected inline script is refused and reported.
    await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
    })
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined()
    // …and so is an injected <style> element (style attributes are allowed: server/security-headers.ts).
    const color = await page.evaluate(() => {
      const style = document.createElement('style')
      style.textContent = 'body { color: rgb(1, 2, 3) !important }'
      document.head.append(style)
      return getComputedStyle(document.body).color
    })
    expect(color).not.toBe('rgb(1, 2, 3)')
    expect(await violations(page)).toEqual([
      expect.stringMatching(/^script-src-elem blocked inline/),
      expect.stringMatching(/^style-src-elem blocked inline/),
    ])
    await context.close()
  })

  test('the overview and an enterprise record, with charts and the map worker', async () => {
    const context = await loggedInContext(browser, server.url, 'county', desktop)
    const { page, watch } = await visit(context, `/?sel=grid:${gridCode}`, waitForMap)
    await page.locator('[data-test=stat-enterprises]').waitFor()
    // ECharts draws on canvas; its tooltip is HTML, shown on hover over a bar.
    const charts = page.locator('.chart canvas')
    expect(await charts.count()).toBeGreaterThan(0)
    for (const chart of await charts.all()) {
      const box = (await chart.boundingBox())!
      for (const x of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.5)
      await page.waitForTimeout(400)
    }
    await page.screenshot({ path: 'test-results/csp-overview-1440x900.png' })
    expect(await violations(page)).toEqual([])
    await page.goto(`${server.url}/enterprises/${enterpriseId}`)
    await waitForMap(page)
    await page.waitForTimeout(1000)
    await page.screenshot({ path: 'test-results/csp-enterprise-1440x900.png' })
    expect(await violations(page)).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    expect(watch.foreignRequests).toEqual([])
    await context.close()
  })

  test('/grid/{code} on a phone', async () => {
    const context = await loggedInContext(browser, server.url, `grid-${gridCode}`, phone)
    const { page, watch } = await visit(context, `/grid/${gridCode}`, (p) =>
      p.waitForFunction(() => window.__sheyangGrid?.ready === true, null, { timeout: 60_000 }),
    )
    await page.locator('[data-test=tab-hazards]').click()
    await page.locator('[data-test=tab-enterprises]').click()
    expect(await violations(page)).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await context.close()
  })

  test('/wall on a kiosk token: the token leaves the address bar and never appears in a request URL', async () => {
    const token = await kioskToken(server.url, 'e2e security wall')
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    await watchCsp(context)
    const page = await context.newPage()
    const watch = watchPage(page, server.url)
    const urls: string[] = []
    page.on('request', (request) => urls.push(request.url()))
    await page.goto(`${server.url}/wall?tour=1&token=${token}`)
    await waitForMap(page)
    await page.waitForFunction(() => window.__sheyang?.wall?.().streamOpen === true, null, { timeout: 20_000 })
    await page.waitForTimeout(1500)
    await page.screenshot({ path: 'test-results/csp-wall-1920x1080.png' })
    expect(new URL(page.url()).search).toBe('?tour=1')
    const after = urls.slice(1)
    expect(after.filter((url) => url.includes(token))).toEqual([])
    const streams = after.filter((url) => new URL(url).pathname === '/api/events')
    expect(streams.length).toBeGreaterThan(0)
    for (const url of streams) expect([...new URL(url).searchParams.keys()]).toEqual(['ticket'])
    expect(await violations(page)).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    await context.close()
  })
})

describe('an expired session while typing (DESIGN §7: nothing lost)', () => {
  test('save → log-in dialog over the form → log in → saved, nothing retyped', async () => {
    const officer = `grid-${gridCode}`
    const sid = await sessionId(server.url, officer)
    const context = await browser.newContext({ viewport: phone, locale: 'zh-CN' })
    await context.addCookies([{ name: 'sid', value: sid, url: server.url }])
    const page = await context.newPage()
    const watch = watchPage(page, server.url)
    await page.goto(`${server.url}/grid/${gridCode}`)
    await page.waitForFunction(() => window.__sheyangGrid?.ready === true, null, { timeout: 60_000 })
    await page.locator(`[data-test=worklist-enterprise-${enterpriseId}] [data-test=record-inspection]`).click()
    const form = page.locator('[data-test=inspection-form]')
    const findings = `e2e 会话过期后保存：${Date.now()}`
    await form.locator('[data-test=inspection-date]').fill(testDemo.asOf)
    await form.locator('[data-test=inspection-inspectors]').fill('王明、李强')
    await form.locator('[data-test=inspection-findings]').fill(findings)

    // The session ends elsewhere (log-out from another device with the same cookie).
    const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: `sid=${sid}` } })
    expect(logout.status).toBe(204)

    await form.locator('[data-test=inspection-submit]').click()
    const dialog = page.locator('[data-test=relogin-dialog]')
    await dialog.waitFor()
    expect(await dialog.locator('[data-test=relogin-message]').textContent()).toBe(
      '登录已过期，请重新登录，您填写的内容仍然保留',
    )
    expect(await dialog.locator('[data-test=relogin-username]').inputValue()).toBe(officer)
    expect(new URL(page.url()).pathname).toBe(`/grid/${gridCode}`)
    await page.screenshot({ path: 'test-results/relogin-dialog-390x844.png' })

    await dialog.locator('[data-test=relogin-password]').fill('sheyang-demo')
    await dialog.locator('[data-test=relogin-submit]').click()
    await page.locator('[data-test=inspection-saved]').waitFor({ timeout: 15_000 })
    await dialog.waitFor({ state: 'detached' })
    expect(new URL(page.url()).pathname).toBe(`/grid/${gridCode}`)
    const saved = await server.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM inspections WHERE findings = ${findings} AND enterprise_id = ${enterpriseId}`,
    )
    expect(saved[0]!.n).toBe(1)
    expect(watch.consoleErrors).toEqual([])
    await context.close()
  })
})
