import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext, sessionId } from './support/session.ts'

type Page50 = { total: number; rows: { id: number; name: string; employees: number; town_code: string | null }[] }

let server: DemoServer
let browser: Browser
let page: Page
let watch: PageWatch
let asCounty: ReturnType<typeof apiAs>
mkdirSync('test-results', { recursive: true })

const ids = (target: Page) =>
  target.locator('[data-test=ledger-row]').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-id'))))
const count = (target: Page) => target.locator('[data-test=ledger-count]').getAttribute('data-total').then(Number)

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  asCounty = apiAs(server.url, 'county')
  const context = await loggedInContext(browser, server.url, 'county', { width: 1920, height: 1080 })
  page = await context.newPage()
  watch = watchPage(page, server.url)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the enterprise ledger for a county user', () => {
  test('opens from the main menu as a real table with the server’s first page', async () => {
    await page.goto(server.url + '/')
    await page.locator('[data-test=nav-enterprises]').click()
    await page.waitForURL('**/enterprises')
    await page.locator('table[data-test=ledger-table] thead th').first().waitFor()
    const expected = await asCounty<Page50>('/api/ledgers/enterprises')
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test=ledger-row]').length === n,
      expected.rows.length,
    )
    expect(await ids(page)).toEqual(expected.rows.map((row) => row.id))
    expect(await count(page)).toBe(expected.total)
    const menu = await page.locator('nav[aria-label=主菜单] a').allTextContents()
    expect(menu.map((text) => text.trim())).toEqual([
      '一张图',
      '企业',
      '隐患',
      '烟花爆竹',
      '双随机',
      '数据维护',
      '导入',
    ])
  })

  test('sorts by a header, then filters by town: rows and count are the API’s', async () => {
    await page.locator('[data-test=sort-employees]').click()
    await page.waitForURL((url) => url.searchParams.get('sort') === 'employees')
    await page.locator('[data-test=sort-employees]').click()
    await page.waitForURL((url) => url.searchParams.get('dir') === 'desc')
    const sorted = await asCounty<Page50>('/api/ledgers/enterprises?sort=employees&dir=desc')
    await page.waitForFunction(
      (first) => document.querySelector('[data-test=ledger-row]')?.getAttribute('data-id') === String(first),
      sorted.rows[0]!.id,
    )
    expect(await ids(page)).toEqual(sorted.rows.map((row) => row.id))
    expect(await page.locator('th[aria-sort=descending]').textContent()).toContain('从业人员')

    const town = await page.locator('[data-test=ledger-town] option').nth(1).getAttribute('value')
    await page.locator('[data-test=ledger-town]').selectOption(town!)
    await page.waitForURL((url) => url.searchParams.get('town_code') === town)
    const filtered = await asCounty<Page50>(`/api/ledgers/enterprises?sort=employees&dir=desc&town_code=${town}`)
    await page.waitForFunction(
      (n) => document.querySelector('[data-test=ledger-count]')?.getAttribute('data-total') === String(n),
      filtered.total,
    )
    expect(filtered.total).toBeLessThan(sorted.total)
    expect(await ids(page)).toEqual(filtered.rows.map((row) => row.id))
    await page.screenshot({ path: 'test-results/ledgers-enterprises-1920.png' })
  })

  test('exports exactly the filtered rows as CSV with Chinese headers', async () => {
    const href = await page.locator('[data-test=ledger-export-csv]').getAttribute('href')
    expect(href).toContain('town_code=')
    expect(href).not.toContain('offset')
    const response = await fetch(server.url + href!, {
      headers: { cookie: `sid=${await sessionId(server.url, 'county')}` },
    })
    expect(response.status).toBe(200)
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['企业名称', '统一社会信用代码', '镇（区）'])
    expect(lines.length - 1).toBe(await count(page))
  })

  test('a row opens the enterprise record; show on map centres the overview on it', async () => {
    const first = (await ids(page))[0]!
    await page.locator('[data-test=ledger-map]').first().click()
    await page.waitForURL((url) => url.pathname === `/enterprises/${first}` && url.searchParams.has('c'))
    await page.goBack()
    await page.locator('[data-test=ledger-row]').first().click()
    await page.waitForURL((url) => url.pathname === `/enterprises/${first}`)
  })

  test('the hazard ledger and the phone', async () => {
    await page.goto(server.url + '/hazards?overdue=true')
    const expected = await asCounty<Page50>('/api/ledgers/hazards?overdue=true')
    await page.waitForFunction(
      (n) => document.querySelector('[data-test=ledger-count]')?.getAttribute('data-total') === String(n),
      expected.total,
    )
    await page.screenshot({ path: 'test-results/ledgers-hazards-1920.png' })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(server.url + '/enterprises')
    await page.locator('[data-test=ledger-row]').first().waitFor()
    await page.screenshot({ path: 'test-results/ledgers-enterprises-390.png' })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(watch.consoleErrors).toEqual([])
  })
})
