import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { usccCheckChar } from '../../db/uscc.ts'
import { launchBrowser, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext } from './support/session.ts'

type Enterprise = {
  id: number
  name: string
  uscc: string
  employees: number
  dust: boolean
  dust_type: string | null
  safety_phone: string | null
  town_code: string | null
  grid_code: string | null
  version: number
  lon: number
  lat: number
}
type Zone = { id: number; name: string; kind: string; version: number; geometry: GeoJSON.MultiPolygon }

let server: DemoServer
let browser: Browser
let page: Page
let watch: PageWatch
let asCounty: ReturnType<typeof apiAs>
mkdirSync('test-results', { recursive: true })

const desktop = { width: 1920, height: 1080 }
const name = '射阳县端到端测试化工有限公司'
const body17 = '913209240E2ETEXT1'
const uscc = body17 + usccCheckChar(body17)
/** A wrong form (the letter O): the form refuses it before anything is sent. */
const malformed = body17.slice(0, 16) + 'O' + usccCheckChar(body17)
const seat: [number, number] = [120.2527, 33.7751]
let enterpriseId = 0

const field = (key: string) => page.locator(`[data-test=field-${key}]`)
const input = (key: string) => field(key).locator('input, select, textarea').first()
const settled = () => page.evaluate(() => window.__sheyang!.settled())
/** Screen point of a map coordinate, `dx`/`dy` pixels from it. */
async function pointOf(at: [number, number], dx = 0, dy = 0) {
  await settled()
  const point = await page.evaluate((lngLat) => window.__sheyang!.project(lngLat), at)
  return { x: point!.x + dx, y: point!.y + dy }
}
const enterprise = (id: number) =>
  asCounty<{ enterprise: Enterprise }>(`/api/enterprises/${id}`).then((answer) => answer.enterprise)

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  asCounty = apiAs(server.url, 'county')
  const context = await loggedInContext(browser, server.url, 'county', desktop)
  page = await context.newPage()
  watch = watchPage(page, server.url)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('数据维护 /registers as a county user', () => {
  test('opens from the main menu on the enterprises tab: the table is the ledger’s first page', async () => {
    await page.goto(server.url + '/')
    await page.locator('[data-test=nav-registers]').click()
    await page.waitForURL('**/registers')
    await page.waitForFunction(() => window.__sheyang?.ready === true, null, { timeout: 90_000 })
    const ledger = await asCounty<{ total: number; rows: { id: number }[] }>('/api/ledgers/enterprises?limit=20')
    await page.waitForFunction(
      (n) => document.querySelector('[data-test=register-count]')?.getAttribute('data-total') === String(n),
      ledger.total,
    )
    const keys = await page
      .locator('[data-test=register-row]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-key'))))
    expect(keys).toEqual(ledger.rows.map((row) => row.id))
    const tabs = await page.locator('.registers .tabs a').allTextContents()
    expect(tabs.map((text) => text.trim())).toEqual([
      '企业',
      '有限空间',
      '零售点',
      '敏感场所',
      '禁放区/园区',
      '网格',
      '事故',
      '演练',
    ])
  })

  test('creates an enterprise placed by a click on the map; a malformed USCC is refused first', async () => {
    await page.locator('[data-test=register-new]').click()
    await page.waitForURL((url) => url.searchParams.get('new') === '1')
    await page.locator('[data-test=form-enterprises]').waitFor()
    const click = await pointOf(seat)
    await page.mouse.click(click.x, click.y)
    await page.waitForFunction(
      () => (document.querySelector('[data-test=location-x]') as HTMLInputElement).value !== '',
    )
    const x = Number(await page.locator('[data-test=location-x]').inputValue())
    const y = Number(await page.locator('[data-test=location-y]').inputValue())
    expect(Math.abs(x - seat[0])).toBeLessThan(0.001)
    expect(Math.abs(y - seat[1])).toBeLessThan(0.001)

    await input('name').fill(name)
    await input('uscc').fill(malformed)
    expect(await field('uscc').locator('[data-test=uscc-error]').textContent()).toContain('非法字符“O”')
    await input('sector').selectOption('hazchem')
    await input('risk_level').selectOption('high')
    await input('employees').fill('25')
    await page.locator('[data-test=form-save]').click()
    expect(await field('uscc').locator('[data-test=field-error]').textContent()).toBe(
      '统一社会信用代码格式错误，不能保存',
    )
    const none = await asCounty<{ total: number }>(`/api/ledgers/enterprises?q=${encodeURIComponent(name)}`)
    expect(none.total).toBe(0)

    await input('uscc').fill(uscc)
    await expect.poll(() => field('uscc').locator('[data-test=uscc-error], [data-test=uscc-warning]').count()).toBe(0)
    await page.locator('[data-test=form-save]').click()
    await page.locator('[data-test=form-saved]').waitFor()
    await page.waitForURL((url) => url.searchParams.has('id'))
    enterpriseId = Number(new URL(page.url()).searchParams.get('id'))
    const saved = await enterprise(enterpriseId)
    expect(saved).toMatchObject({ name, uscc, employees: 25, version: 1 })
    expect(Math.abs(saved.lon - x)).toBeLessThan(1e-6)
    expect(saved.town_code).toBe('320924100')
    expect(await page.locator('[data-test=location-placed]').textContent()).toContain(
      `合德镇 · 网格 ${saved.grid_code}`,
    )
    await page.screenshot({ path: 'test-results/registers-enterprise-1920.png' })
  })

  test('the new enterprise is in the table and in the /enterprises ledger', async () => {
    await page.locator('[data-test=register-search]').fill('端到端测试')
    await page.waitForFunction(
      (id) =>
        [...document.querySelectorAll('[data-test=register-row]')].map((row) => row.getAttribute('data-key')).join() ===
        String(id),
      enterpriseId,
    )
    await page.goto(`${server.url}/enterprises?q=${encodeURIComponent('端到端测试')}`)
    await page.waitForFunction(
      (id) =>
        [...document.querySelectorAll('[data-test=ledger-row]')].map((row) => row.getAttribute('data-id')).join() ===
        String(id),
      enterpriseId,
    )
  })

  test('edits it from the ledger’s 编辑 link; a save over someone else’s change shows 已被他人修改 and keeps the input', async () => {
    await page.locator('[data-test=ledger-edit]').click()
    await page.waitForURL(
      (url) => url.pathname === '/registers/enterprises' && url.searchParams.get('id') === String(enterpriseId),
    )
    await page.waitForFunction(
      (n) => (document.querySelector('[data-test=field-name] input') as HTMLInputElement)?.value === n,
      name,
    )
    // Meanwhile someone else changes the phone.
    await asCounty(`/api/enterprises/${enterpriseId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, safety_phone: '0515-88886666' }),
    })
    await input('employees').fill('42')
    await input('dust').check()
    await input('dust_type').selectOption('metal')
    await page.locator('[data-test=form-save]').click()
    await page.locator('[data-test=form-stale]').waitFor()
    expect(await page.locator('[data-test=form-stale] strong').textContent()).toBe('已被他人修改')
    expect(await input('employees').inputValue()).toBe('42')
    expect(await input('safety_phone').inputValue()).toBe('0515-88886666')
    await page.screenshot({ path: 'test-results/registers-stale-1920.png' })

    await page.locator('[data-test=form-save]').click()
    await page.locator('[data-test=form-saved]').waitFor()
    expect(await enterprise(enterpriseId)).toMatchObject({
      employees: 42,
      dust: true,
      dust_type: 'metal',
      safety_phone: '0515-88886666',
      version: 3,
    })
  })

  test('an accident finds its enterprise by name: the picker sets the enterprise id', async () => {
    await page.locator('[data-test=register-tab-accidents]').click()
    await page.locator('[data-test=register-new]').click()
    await page.locator('[data-test=form-accidents]').waitFor()
    await field('enterprise_id').locator('[data-test=enterprise-picker] input').fill('端到端测试')
    await field('enterprise_id').locator('[data-test=enterprise-picker] li button').first().waitFor()
    await page.screenshot({ path: 'test-results/registers-accident-picker-1920.png' })
    await field('enterprise_id').locator('[data-test=enterprise-picker] li button').first().click()
    expect(await input('enterprise_id').inputValue()).toBe(String(enterpriseId))
    expect(await field('enterprise_id').locator('[data-test=enterprise-picked]').textContent()).toContain(name)
    expect(watch.consoleErrors).toEqual([])
  })

  test('draws a no-fireworks zone with terra-draw (clicks on the canvas) and saves it', async () => {
    await page.locator('[data-test=register-tab-zones]').click()
    await page.waitForURL('**/registers/zones')
    await page.locator('[data-test=register-new]').click()
    await page.locator('[data-test=form-zones]').waitFor()
    await input('name').fill('端到端测试禁放区')
    await input('kind').selectOption('no_fireworks')
    const corners = [
      await pointOf(seat, -60, -40),
      await pointOf(seat, 60, -40),
      await pointOf(seat, 60, 40),
      await pointOf(seat, -60, 40),
    ]
    for (const corner of [...corners, corners[0]!]) {
      await page.mouse.move(corner.x, corner.y, { steps: 4 })
      await page.mouse.click(corner.x, corner.y)
      await page.waitForTimeout(120)
    }
    await page.waitForFunction(
      () => document.querySelector('[data-test=outline-field]')?.getAttribute('data-parts') === '1',
    )
    await page.locator('[data-test=form-save]').click()
    await page.locator('[data-test=form-saved]').waitFor()
    const { items } = await asCounty<{ items: Zone[] }>(
      `/api/registers/zones?q=${encodeURIComponent('端到端测试禁放区')}`,
    )
    expect(items).toHaveLength(1)
    expect(items[0]!.kind).toBe('no_fireworks')
    const ring = items[0]!.geometry.coordinates[0]![0]!
    expect(ring).toHaveLength(5)
    // The drawn square is centred on the county seat.
    const lons = ring.map((p) => p[0]!)
    const lats = ring.map((p) => p[1]!)
    expect(Math.abs((Math.min(...lons) + Math.max(...lons)) / 2 - seat[0])).toBeLessThan(0.002)
    expect(Math.abs((Math.min(...lats) + Math.max(...lats)) / 2 - seat[1])).toBeLessThan(0.002)
    await page.screenshot({ path: 'test-results/registers-zone-1920.png' })
    expect(watch.consoleErrors).toEqual([])
    expect(watch.foreignRequests).toEqual([])
  })

  test('moves a corner of a grid boundary with terra-draw: the answer’s re-placed rows are shown', async () => {
    await page.locator('[data-test=register-tab-grids]').click()
    await page.waitForURL('**/registers/grids')
    const { items } = await asCounty<{ items: { code: string; version: number; geometry: GeoJSON.MultiPolygon }[] }>(
      '/api/registers/grids?limit=1',
    )
    const grid = items[0]!
    await page.locator(`[data-test=register-row][data-key="${grid.code}"]`).click()
    await page.locator('[data-test=form-grids]').waitFor()
    await page.locator('[data-test=outline-field][data-parts="1"]').waitFor()
    const corner = await pointOf(grid.geometry.coordinates[0]![0]![0] as [number, number])
    await page.mouse.move(corner.x, corner.y)
    await page.mouse.down()
    await page.mouse.move(corner.x + 15, corner.y + 10, { steps: 6 })
    await page.mouse.up()
    const answer = page.waitForResponse((response) => response.url().endsWith(`/api/grids/${grid.code}`))
    await page.locator('[data-test=form-save]').click()
    const { reassigned, version } = (await (await answer).json()) as { reassigned: number; version: number }
    expect(version).toBe(grid.version + 1)
    expect(reassigned).toBeGreaterThan(0)
    expect(await page.locator('[data-test=form-reassigned]').textContent()).toBe(`· 已重新归属 ${reassigned} 条记录`)
    await page.screenshot({ path: 'test-results/registers-grid-1920.png' })
  })

  test('on a phone (390×844) the form sits under the map', async () => {
    const phone = await loggedInContext(browser, server.url, 'county', { width: 390, height: 844 })
    const small = await phone.newPage()
    await small.goto(`${server.url}/registers/enterprises?id=${enterpriseId}`)
    await small.waitForFunction(
      (n) => (document.querySelector('[data-test=field-name] input') as HTMLInputElement)?.value === n,
      name,
    )
    await small.waitForFunction(() => window.__sheyang?.ready === true, null, { timeout: 90_000 })
    const map = await small.locator('[data-test=register-map]').boundingBox()
    const form = await small.locator('[data-test=form-enterprises]').boundingBox()
    expect(map!.width).toBeGreaterThan(350)
    expect(form!.y).toBeGreaterThan(map!.y + map!.height - 1)
    await small.screenshot({ path: 'test-results/registers-enterprise-390.png', fullPage: false })
    await phone.close()
  })
})
