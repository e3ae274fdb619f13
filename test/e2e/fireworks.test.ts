import { mkdirSync, readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, logInWithForm } from './support/session.ts'

type Violation = {
  outlet_id: number
  outlet_name: string
  licence_no: string | null
  rule: string
  other_id: number | null
}
type Outlets = {
  features: {
    id: number
    geometry: { coordinates: [number, number] }
    properties: {
      name: string
      licence_no: string | null
      version: number
      floor_area_m2: number
      operator: string | null
      licence_valid_from: string | null
      licence_valid_to: string | null
    }
  }[]
}
type Town = { code: string; name: string; households: number | null; outlet_cap: number | null; version: number }
type Check = {
  allowed: boolean
  violations: { rule: string; other_name: string; distance_m: number; threshold: number }[]
}

let server: DemoServer
let browser: Browser
let page: Page
let watch: PageWatch
let asPlanner: ReturnType<typeof apiAs>
let outlets: Outlets
let planId: number
const desktop = { width: 1920, height: 1080 }
const laptop = { width: 1366, height: 768 }
const planName = '2027 年压减方案'
mkdirSync('test-results', { recursive: true })

const field = (name: string) => page.locator(`[data-test=${name}]`)
const settled = () => page.evaluate(() => window.__sheyang!.settled())
const probe = () => page.evaluate(() => window.__sheyang!.fireworks!())
const patchAs = <T>(path: string, body: unknown) =>
  asPlanner<T>(path, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const townsNow = async () => (await asPlanner<{ towns: Town[] }>('/api/fireworks/towns')).towns
const outletNow = async (id: number) =>
  (await asPlanner<Outlets>('/api/fireworks/outlets')).features.find((f) => f.id === id)!.properties
/** Screenshots at the laptop size too, then back to the desktop. */
async function laptopShot(name: string) {
  await page.setViewportSize(laptop)
  await settled()
  await page.screenshot({ path: `test-results/${name}-1366x768.png` })
  await page.setViewportSize(desktop)
}
const placeOf = (id: number) => outlets.features.find((f) => f.id === id)!.geometry.coordinates
/** Clicks the map at a coordinate (the map must show it), or `offset` pixels from it. */
async function clickMap(at: [number, number], offset = { x: 0, y: 0 }) {
  await settled()
  const point = await page.evaluate((lngLat) => window.__sheyang!.project(lngLat), at)
  await page.mouse.click(point!.x + offset.x, point!.y + offset.y)
}
/** Waits for the plan's evaluation (POST /evaluate, debounced) to arrive. */
async function evaluated() {
  await page.waitForFunction(() => window.__sheyang?.fireworks?.().evaluating === false)
}

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  asPlanner = apiAs(server.url, 'planner')
  outlets = await asPlanner<Outlets>('/api/fireworks/outlets')
  page = await browser.newPage({ viewport: desktop, locale: 'zh-CN', acceptDownloads: true })
  watch = watchPage(page, server.url)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the fireworks planner /fireworks, as the planner', () => {
  test("log-in lands on the planner's screen, which shows every planted violation", async () => {
    await page.goto(server.url + '/login')
    await logInWithForm(page, 'planner')
    await page.waitForURL(`${server.url}/fireworks`)
    await page.waitForFunction(() => window.__sheyang?.ready === true, null, { timeout: 90_000 })
    const { violations } = await asPlanner<{ violations: Violation[] }>('/api/fireworks/violations')
    expect(violations.length).toBeGreaterThan(10)
    expect(await field('fw-violation-count').textContent()).toBe(`共 ${violations.length} 条`)
    expect((await probe()).drawn).toBe(violations.length)
    // The planted kinds (DOMAIN §6): outlets 20-odd m apart, inside the zone, too small, sharing a residence.
    for (const rule of ['outlet_spacing', 'no_fireworks_zone', 'floor_area', 'shares_residence'])
      expect(violations.some((v) => v.rule === rule)).toBe(true)

    await field('fw-filter-rule').selectOption('outlet_spacing')
    const spacing = violations.filter((v) => v.rule === 'outlet_spacing')
    expect(await field('fw-violation-count').textContent()).toBe(`共 ${spacing.length} 条`)
    expect(await page.locator('[data-test=fw-violation]:not([data-rule=outlet_spacing])').count()).toBe(0)
    expect(await field('fw-violation').first().textContent()).toContain('米（要求 ≥ 50 米）')
    await settled()
    await page.screenshot({ path: 'test-results/fireworks-1920x1080.png' })
    await laptopShot('fireworks')
  })

  test('a candidate point 60 m from a school is refused, with the distance, and the server agrees', async () => {
    const schools = await asPlanner<Outlets>('/ogc/collections/sensitive-sites/items?kind=school&limit=1')
    const [lon, lat] = schools.features[0]!.geometry.coordinates
    const candidate: [number, number] = [lon, lat + 0.00054]
    const server_ = await asPlanner<Check>('/api/fireworks/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lon: candidate[0], lat: candidate[1] }),
    })
    const school = server_.violations.find((v) => v.rule === 'site_distance')!
    expect(school.distance_m).toBeGreaterThan(59)
    expect(school.distance_m).toBeLessThan(61)

    await field('fw-tab-check').click()
    await field('fw-coords').fill(`${candidate[0]}, ${candidate[1]}`)
    await field('fw-locate').click()
    await page.waitForFunction(() => window.__sheyang?.fireworks?.().candidate?.server !== null)
    expect(await field('fw-verdict').textContent()).toContain('不可设点')
    const reasons = await field('fw-reasons').textContent()
    expect(reasons).toContain(school.other_name)
    expect(reasons).toContain(`${Math.round(school.distance_m)} 米（要求 ≥ ${school.threshold} 米）`)
    expect(await field('fw-server-check').textContent()).toContain('服务器核对一致')
    await settled()
    await page.screenshot({ path: 'test-results/fireworks-check-1920x1080.png' })
  })

  test('a GCJ-02 point copied from AMap is converted before it is checked', async () => {
    await field('fw-coord-system').selectOption('gcj02')
    await field('fw-coords').fill('120.2580，33.7600')
    await field('fw-locate').click()
    await page.waitForFunction(() => window.__sheyang?.fireworks?.().candidate?.server !== null)
    const where = await page.locator('[data-test=fw-candidate] .where').textContent()
    // GCJ-02 lies some hundreds of metres north-east of WGS84 around Sheyang.
    const [lng, lat] = /([\d.]+), ([\d.]+)$/.exec(where!.trim())!.slice(1).map(Number)
    // Around Sheyang GCJ-02 lies ~450 m east and ~150 m south of WGS84.
    expect(120.258 - lng!).toBeGreaterThan(0.003)
    expect(120.258 - lng!).toBeLessThan(0.007)
    expect(Math.abs(33.76 - lat!)).toBeLessThan(0.003)
  })

  test('the planner sets a town’s cap by hand in the towns table, sees a 409 in Chinese, and clears it', async () => {
    const [town] = (await townsNow()).filter((row) => row.households !== null)
    await field('fw-tab-towns').click()
    const row = page.locator(`[data-test=fw-towns] tbody tr[data-town="${town!.code}"]`)
    await row.locator('[data-test=fw-town-edit]').click()
    expect(await field('fw-town-households').inputValue()).toBe(String(town!.households))
    await field('fw-town-cap').fill('1')
    await settled()
    await page.screenshot({ path: 'test-results/fireworks-town-edit-1920x1080.png' })
    await laptopShot('fireworks-town-edit')
    await field('fw-town-save').click()
    await field('fw-town-editing').waitFor({ state: 'detached' })
    expect(await row.textContent()).toContain('手工设定')
    const hand = (await townsNow()).find((r) => r.code === town!.code)!
    expect([hand.outlet_cap, hand.version]).toEqual([1, town!.version + 1])

    // Someone else changes the town while the table still holds the old version: 409, in Chinese, row refreshed.
    await row.locator('[data-test=fw-town-edit]').click()
    await patchAs(`/api/fireworks/towns/${town!.code}`, { version: hand.version, outlet_cap: 5 })
    await field('fw-town-cap').fill('2')
    await field('fw-town-save').click()
    expect(await field('fw-town-error').textContent()).toContain('已刷新为最新数据')
    expect(await field('fw-town-cap').inputValue()).toBe('5')
    // An empty cap is the cap from households again.
    await field('fw-town-cap').fill('')
    await field('fw-town-save').click()
    await field('fw-town-editing').waitFor({ state: 'detached' })
    expect((await townsNow()).find((r) => r.code === town!.code)).toMatchObject({ outlet_cap: null })
    expect(await row.textContent()).not.toContain('手工设定')
  })

  test('the planner opens an outlet from a violations row, edits its record, and the violations follow', async () => {
    const { violations } = await asPlanner<{ violations: Violation[] }>('/api/fireworks/violations?rule=floor_area')
    const target = violations[0]!
    await field('fw-tab-violations').click()
    await field('fw-filter-rule').selectOption('floor_area')
    await page.locator('[data-test=fw-violation]', { hasText: target.outlet_name }).first().click()
    await field('fw-outlet').waitFor()
    expect(await field('fw-outlet-name').inputValue()).toBe(target.outlet_name)

    // The form's own checks, in Chinese, before anything is sent.
    await field('fw-outlet-area').fill('0')
    await field('fw-outlet-from').fill('2026-06-01')
    await field('fw-outlet-to').fill('2026-01-01')
    await field('fw-outlet-save').click()
    expect(await field('fw-outlet').textContent()).toContain('营业面积须为大于 0 的数字')
    expect(await field('fw-outlet-to-error').textContent()).toContain('起始日期不能晚于截止日期')
    await field('fw-outlet-from').fill((await outletNow(target.outlet_id)).licence_valid_from ?? '')
    await field('fw-outlet-to').fill((await outletNow(target.outlet_id)).licence_valid_to ?? '')

    // The server's refusal: another outlet's licence number (409 licence_taken), in Chinese.
    const other = outlets.features.find((f) => f.id !== target.outlet_id && f.properties.licence_no)!
    await field('fw-outlet-licence').fill(other.properties.licence_no!)
    await field('fw-outlet-area').fill('30')
    await field('fw-outlet-save').click()
    expect(await field('fw-outlet-message').textContent()).toContain('该许可证编号已被另一网点使用')
    await field('fw-outlet-licence').fill(target.licence_no ?? '')

    await field('fw-outlet-operator').fill('规划科测试经营者')
    await settled()
    await page.screenshot({ path: 'test-results/fireworks-outlet-edit-1920x1080.png' })
    await laptopShot('fireworks-outlet-edit')
    await field('fw-outlet-save').click()
    await page.locator('[data-test=fw-outlet-message]', { hasText: '档案已保存' }).waitFor()
    const saved = await outletNow(target.outlet_id)
    expect([saved.floor_area_m2, saved.operator]).toEqual([30, '规划科测试经营者'])
    const after = await asPlanner<{ violations: Violation[] }>('/api/fireworks/violations?rule=floor_area')
    expect(after.violations.some((v) => v.outlet_id === target.outlet_id)).toBe(false)
    await field('fw-outlet-back').click()
    expect(await field('fw-violation-count').textContent()).toBe(`共 ${after.violations.length} 条`)

    // A stale version: someone else saved meanwhile; the form says so and shows their record.
    await page.locator('[data-test=fw-violation]').first().click()
    await field('fw-outlet').waitFor()
    const opened = Number(await field('fw-outlet').getAttribute('data-outlet'))
    const current = await outletNow(opened)
    await patchAs(`/api/fireworks/outlets/${opened}`, { version: current.version, phone: '0515-00000000' })
    await field('fw-outlet-address').fill('射阳县测试地址')
    await field('fw-outlet-save').click()
    expect(await field('fw-outlet-message').textContent()).toContain('表单已刷新为最新数据')
    expect(await field('fw-outlet-phone').inputValue()).toBe('0515-00000000')
    await field('fw-outlet-back').click()
  })

  test('a plan closes two outlets too close to others and adds one; the evaluation follows', async () => {
    const { violations } = await asPlanner<{ violations: Violation[] }>('/api/fireworks/violations?rule=outlet_spacing')
    const [first, second] = [...new Map(violations.map((v) => [v.outlet_id, v])).values()].filter(
      (v, i, all) => !all.slice(0, i).some((w) => w.other_id === v.outlet_id),
    )
    await field('fw-tab-plan').click()
    await field('fw-plan-name').fill(planName)
    await field('fw-plan-create').click()
    await field('fw-plan').waitFor()

    for (const v of [first!, second!]) {
      await page.evaluate((at) => window.__sheyang!.settled().then(() => at), placeOf(v.outlet_id))
      await field('fw-tab-violations').click()
      await field('fw-filter-rule').selectOption('outlet_spacing')
      await page.locator('[data-test=fw-violation]', { hasText: v.outlet_name }).first().click()
      await page.waitForTimeout(900)
      await field('fw-tab-plan').click()
      await clickMap(placeOf(v.outlet_id))
      expect(await field('fw-selected').textContent()).toContain(v.outlet_name)
      await field('fw-close-outlet').click()
    }
    await field('fw-tool-add').click()
    await clickMap(placeOf(second!.outlet_id), { x: 160, y: -90 })
    await field('fw-add-name').fill('规划新增网点一号')
    await field('fw-add-confirm').click()
    expect((await probe()).changes).toEqual({ close: 2, add: 1 })

    await evaluated()
    expect(await field('fw-plan-evaluation').textContent()).toMatch(/方案违规 \d+ 条/)
    await field('fw-plan-save').click()
    await page.locator('[data-test=fw-plan-message]', { hasText: '已保存' }).waitFor()
    const { plans } = await asPlanner<{ plans: { id: number; name: string; change_counts: object }[] }>(
      '/api/fireworks/plans?year=2027',
    )
    const saved = plans.find((p) => p.name === planName)!
    expect(saved.change_counts).toEqual({ close: 2, move: 0, add: 1 })
    planId = saved.id
  })

  test('the comparison shows the spacing violations the plan fixes and the towns side by side', async () => {
    await field('fw-plan-compare').click()
    await field('fw-compare').waitFor()
    const fixed = await field('fw-compare-fixed').textContent()
    expect(fixed).toContain('网点间距不足')
    const towns = await page.locator('[data-test=fw-compare-towns] tbody tr').count()
    expect(towns).toBeGreaterThan(10)
    await settled()
    await page.screenshot({ path: 'test-results/fireworks-plan-1920x1080.png' })
    await page.setViewportSize(laptop)
    await settled()
    await page.screenshot({ path: 'test-results/fireworks-plan-1366x768.png' })
    await page.setViewportSize(desktop)
  })

  test('the plan exports as an XLSX with Chinese sheets, read back', async () => {
    await field('fw-exports').click()
    const [download] = await Promise.all([page.waitForEvent('download'), field('fw-export-xlsx').click()])
    const path = await download.path()
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(path) as unknown as ArrayBuffer)
    const names = book.worksheets.map((sheet) => sheet.name)
    expect(names).toEqual(expect.arrayContaining(['违规清单', '乡镇总量', '规划变更', '方案对比']))
    const changes = book.getWorksheet('规划变更')!
    expect(changes.rowCount).toBe(1 + 3)
    expect(JSON.stringify(changes.getSheetValues())).toContain('规划新增网点一号')
  })

  test('the print page: A3 landscape with the title, the map and the towns table', async () => {
    const print = await browser.newPage({ viewport: { width: 1587, height: 1123 }, locale: 'zh-CN' })
    await print.context().addCookies(await page.context().cookies())
    await print.goto(`${server.url}/fireworks/print?plan=${planId}`)
    await print.waitForFunction(() => document.documentElement.dataset.printReady === 'true', null, { timeout: 60_000 })
    expect(await print.locator('h1').textContent()).toBe('射阳县烟花爆竹零售网点布点规划')
    expect(await print.locator('[data-test=fw-print]').textContent()).toContain(planName)
    expect(await print.locator('[data-test=fw-towns] tbody tr').count()).toBeGreaterThan(10)
    await print.screenshot({ path: 'test-results/fireworks-print-a3.png' })
    const pdf = await print.pdf({ format: 'A3', landscape: true, printBackground: true })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    await print.close()
  })

  test('adopting after an outlet changed is refused in Chinese (409), nothing applied', async () => {
    const { violations } = await asPlanner<{ violations: Violation[] }>('/api/fireworks/violations?rule=floor_area')
    const outlet = await asPlanner<{ version: number }>(`/api/fireworks/outlets/${violations[0]!.outlet_id}`).catch(
      () => null,
    )
    const version = outlet?.version ?? (await outletVersion(violations[0]!.outlet_id))
    await asPlanner(`/api/fireworks/outlets/${violations[0]!.outlet_id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version, floor_area_m2: 12 }),
    })
    await field('fw-compare-close').click()
    // Deleting asks first, with what goes; cancelled, nothing happens.
    await field('fw-plan-delete').click()
    expect(await field('fw-confirm-consequences').textContent()).toContain('3 项变更（关闭 2 · 迁移 0 · 新增 1）')
    await field('confirm-cancel').click()
    await field('fw-plan-adopt').click()
    const consequences = await field('fw-confirm-consequences').textContent()
    for (const text of ['关闭 2 个网点', '迁移 0 个网点', '新增 1 个规划网点']) expect(consequences).toContain(text)
    await page.screenshot({ path: 'test-results/fireworks-adopt-confirm-1920x1080.png' })
    await field('confirm-ok').click()
    const message = await page.locator('[data-test=fw-plan-message]', { hasText: '不能采纳' }).textContent()
    expect(message).toContain(violations[0]!.outlet_name)
    expect((await probe()).outlets.closed).toBeGreaterThan(0)
    await page.screenshot({ path: 'test-results/fireworks-adopt-refused-1920x1080.png' })
    expect(watch.consoleErrors).toEqual([])
    expect(watch.foreignRequests).toEqual([])
  })
})

async function outletVersion(id: number): Promise<number> {
  const all = await asPlanner<{ features: { id: number; properties: { version: number } }[] }>('/api/fireworks/outlets')
  return all.features.find((f) => f.id === id)!.properties.version
}
