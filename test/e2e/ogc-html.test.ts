import { mkdirSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, watchPage } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { loggedInContext } from './support/session.ts'

let server: DemoServer
let browser: Browser
const screen = { width: 1920, height: 1080 }
mkdirSync('test-results', { recursive: true })

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Every CSP violation of the page, recorded from before its first script. */
async function watchCsp(context: BrowserContext) {
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __csp: string[] }).__csp = seen
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`),
    )
  })
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)

/** The map has drawn: its canvas is there and the towns' boundaries (a second request) have come. */
async function mapDrawn(page: Page) {
  await page.locator('#map canvas.maplibregl-canvas').waitFor()
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((entry) => entry.name.includes('/ogc/collections/towns/items')),
  )
  await page.waitForTimeout(1500)
}

describe('the OGC API in a browser (f=html by Accept, the session cookie)', () => {
  test('the enterprises items page and an enterprise: table, map and links, under the CSP', async () => {
    const context = await loggedInContext(browser, server.url, 'county', screen)
    await watchCsp(context)
    const page = await context.newPage()
    const watch = watchPage(page, server.url)
    // A browser's own Accept, no f: the page.
    const answer = await page.goto(`${server.url}/ogc/collections/enterprises/items?limit=50&risk_level=general`)
    expect(answer?.headers()['content-type']).toMatch(/^text\/html/)
    await mapDrawn(page)
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    expect(await page.locator('tbody tr').count()).toBe(50)
    expect(await page.locator('thead th').nth(2).innerText()).toMatch(/^名称/)
    await page.screenshot({ path: 'test-results/ogc-items-1920x1080.png' })
    expect(await violations(page)).toEqual([])

    // Next keeps the filter; the first row's link opens its page with the same cookie.
    const next = await page.locator('a[rel=next]').first().getAttribute('href')
    expect(next).toContain('risk_level=general')
    expect(next).toContain('offset=50')
    const first = page.locator('tbody tr').first().locator('a')
    const id = await first.innerText()
    await first.click()
    await page.waitForURL(`**/ogc/collections/enterprises/items/${id}?f=html`)
    await mapDrawn(page)
    expect(await page.locator('table.facts').innerText()).toContain('风险等级')
    await page.screenshot({ path: 'test-results/ogc-item-1920x1080.png' })

    expect(await violations(page)).toEqual([])
    expect(watch.consoleErrors).toEqual([])
    expect(watch.foreignRequests).toEqual([])
    await context.close()
  })
})
