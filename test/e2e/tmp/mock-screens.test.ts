import type { Route } from 'playwright-core'
import { afterAll, beforeAll, test } from 'vitest'
import { launchBrowser, watchPage } from '../support/browser.ts'
import { startDemoServer, type DemoServer } from '../support/demo-server.ts'
import { loggedInContext } from '../support/session.ts'
import type { Browser } from 'playwright-core'

let server: DemoServer
let browser: Browser
beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const layer = {
  layer: 'enterprises', label: '企业', geometry: 'point', match_by: 'uscc',
  fields: [
    { field: 'name', label: '企业名称', required: true, kind: 'text' },
    { field: 'uscc', label: '统一社会信用代码', required: true, kind: 'uscc' },
    { field: 'sector', label: '行业', required: true, kind: 'enum', values: ['机械', '轻工'] },
    { field: 'risk_level', label: '风险等级', required: true, kind: 'enum' },
    { field: 'lon', label: '经度', required: true, kind: 'lon' },
    { field: 'lat', label: '纬度', required: true, kind: 'lat' },
    { field: 'address', label: '地址', required: false, kind: 'text' },
    { field: 'employees', label: '从业人员', required: false, kind: 'integer' },
  ],
}
const job = {
  id: 4, layer: 'enterprises', file_name: '企业名录-2026.csv', format: 'csv', status: 'ready', crs: 'GCJ02',
  crs_guess: { crs: 'GCJ02', reason: '点位整体偏离道路约 500 米，与高德/腾讯地图坐标的偏移一致' }, encoding: 'utf-8',
  columns: ['企业名称', '信用代码', '行业', '风险等级', '经度', '纬度', '地址', '备注'],
  mapping: { 企业名称: 'name', 信用代码: 'uscc', 行业: 'sector', 风险等级: 'risk_level', 经度: 'lon', 纬度: 'lat', 地址: 'address', 备注: null },
  row_count: 120, summary: { added: 100, changed: 15, unchanged: 3, errors: 2, warnings: 4 }, failure: null, version: 3,
  created_at: '2026-12-01T06:10:00.000Z', committed_at: null,
}
const rows = {
  total: 6,
  items: [
    { row_no: 5, source: { 企业名称: '射阳县某机械厂', 经度: '116.39', 纬度: '39.90' }, record: null, action: 'error', matched_key: null,
      problems: [{ field: 'lon', column: '经度', severity: 'error', code: 'outside_county', message: '第 5 行“经度/纬度”：坐标 (116.39, 39.90) 不在射阳县范围内' }] },
    { row_no: 9, source: { 企业名称: '合德纺织' }, record: null, action: 'error', matched_key: null,
      problems: [{ field: 'risk_level', column: '风险等级', severity: 'error', code: 'unknown_value', message: '第 9 行“风险等级”：无法识别“特大”，应为 重大/较大/一般/低' },
        { field: 'uscc', column: '信用代码', severity: 'warning', code: 'uscc_check', message: '第 9 行“信用代码”：校验位不符（可能为早期代码）' }] },
    { row_no: 12, source: {}, record: {}, action: 'add', matched_key: null,
      problems: [{ field: 'uscc', column: '信用代码', severity: 'warning', code: 'uscc_check', message: '第 12 行“信用代码”：校验位不符（可能为早期代码）' }] },
  ],
}
const features = Array.from({ length: 60 }, (_, i) => ({
  type: 'Feature', geometry: { type: 'Point', coordinates: [120.05 + (i % 10) * 0.05, 33.6 + Math.floor(i / 10) * 0.07] },
  properties: { row_no: i + 2, action: ['add', 'add', 'change', 'unchanged', 'add', 'error'][i % 6], label: `企业${i}`, errors: 0, warnings: 0 },
}))
features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [120.3, 33.9] }, properties: { row_no: 9, action: 'error', label: '合德纺织', errors: 1, warnings: 1 } })
const history = [
  { ...job, id: 3, status: 'committed', file_name: '网格边界.zip', layer: 'grids', summary: { added: 0, changed: 180, unchanged: 20, errors: 0, warnings: 0 }, committed_at: '2026-11-30T08:00:00.000Z' },
  { ...job, id: 2, status: 'failed', file_name: '学校.kml', layer: 'sensitive_sites', summary: null, failure: { code: 'bad_file', message: '文件“学校.kml”不是有效的 KML：第 3 行标签未闭合' } },
]
const settings = [
  { key: 'fireworks_outlet_spacing_m', value: 50, description: '两个烟花爆竹零售点之间的最小距离', unit: '米', source: '65号令 / AQ 4128-2019', kind: 'number', version: 1, updated_at: '2026-11-01T00:00:00Z' },
  { key: 'fireworks_forbid_in_no_fireworks_zone', value: true, description: '禁放区内不得设零售点', unit: null, source: '射阳县禁放规定', kind: 'boolean', version: 1, updated_at: '2026-11-01T00:00:00Z' },
  { key: 'fireworks_season', value: { start: '12-15', end: '03-05' }, description: '春节烟花爆竹销售旺季', unit: '月-日', source: 'DOMAIN §3', kind: 'object', version: 1, updated_at: '2026-11-01T00:00:00Z' },
  { key: 'fireworks_outlet_visit_days', value: { season: 7, off_season: 90 }, description: '零售点最长巡查间隔', unit: '天', source: 'DOMAIN §3', kind: 'object', version: 1, updated_at: '2026-11-01T00:00:00Z' },
  { key: 'fireworks_site_distance_m', value: { school: 100, kindergarten: 100, hospital: 100, market: 100, crowded_place: 100, gas_station: 100 }, description: '零售点与各类敏感场所的最小距离', unit: '米', source: '65号令', kind: 'object', version: 1, updated_at: '2026-11-01T00:00:00Z' },
  { key: 'visit_frequency_days', value: { major: 30, high: 30, general: 90, low: 90 }, description: '各风险等级企业最长检查间隔', unit: '天', source: '射安字〔2017〕7号', kind: 'object', version: 1, updated_at: '2026-11-01T00:00:00Z' },
]
const targets = [
  { year: new Date().getFullYear(), key: 'county_comprehensive_inspections', target: 5, note: '射安字〔2017〕7号 §7', description: '县级综合性安全生产大检查', unit: '次', source: null, version: 1 },
  { year: new Date().getFullYear(), key: 'special_inspections', target: 10, note: '射安字〔2017〕7号 §7', description: '专业安全生产检查', unit: '次', source: null, version: 1 },
]

const json = (route: Route, body: unknown, status = 200) =>
  route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) })

test('mock screens', async () => {
  for (const [user, size, name] of [['county', { width: 1920, height: 1080 }, '1920'], ['county', { width: 390, height: 844 }, '390']] as const) {
    const context = await loggedInContext(browser, server.url, user, size)
    const page = await context.newPage()
    const w = watchPage(page, server.url)
    let status = 'choose'
    await page.route('**/api/imports**', async (route) => {
      const url = new URL(route.request().url())
      const method = route.request().method()
      if (url.pathname === '/api/imports/layers') return json(route, { items: [layer, { ...layer, layer: 'grids', label: '网格', geometry: 'polygon', match_by: 'code' }] })
      if (url.pathname === '/api/imports' && method === 'GET') return json(route, { items: history })
      if (url.pathname === '/api/imports' && method === 'POST') { status = 'reading'; return json(route, { ...job, status: 'reading' }, 202) }
      if (url.pathname.endsWith('/progress'))
        return route.fulfill({ status: 200, contentType: 'text/event-stream', body: 'event: progress\ndata: {"phase":"checking","done":60,"total":120}\n\n' })
      if (url.pathname.endsWith('/rows')) return json(route, rows)
      if (url.pathname.endsWith('/preview')) return json(route, { type: 'FeatureCollection', features })
      if (url.pathname === '/api/imports/4') return json(route, { ...job, status: status === 'reading' ? 'checking' : 'ready' })
      return json(route, {}, 404)
    })
    await page.goto(server.url + '/import')
    await page.locator('[data-test=import-layer]').selectOption('enterprises')
    await page.screenshot({ path: `test-results/mock-import-choose-${name}.png`, fullPage: true })
    await page.locator('[data-test=import-file]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from('a') })
    await page.locator('[data-test=import-send]').click()
    await page.waitForTimeout(800)
    await page.screenshot({ path: `test-results/mock-import-progress-${name}.png`, fullPage: true })
    status = 'ready'
    await page.locator('[data-test=imports][data-status=ready]').waitFor({ timeout: 15000 })
    await page.waitForTimeout(2500)
    await page.screenshot({ path: `test-results/mock-import-review-${name}.png`, fullPage: true })
    await page.locator('[data-test=import-problem][data-row="9"]').first().click().catch(() => {})
    await page.waitForTimeout(2000)
    await page.screenshot({ path: `test-results/mock-import-focus-${name}.png`, fullPage: false })
    console.log(name, 'overflow', await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), w.consoleErrors)
    await context.close()
  }
  const context = await loggedInContext(browser, server.url, 'admin', { width: 1920, height: 1080 })
  const page = await context.newPage()
  await page.route('**/api/settings**', (route) => json(route, { items: settings }))
  await page.route('**/api/targets/**', (route) => json(route, { items: targets }))
  await page.goto(server.url + '/settings')
  await page.locator('[data-test=setting-row]').first().waitFor()
  await page.locator('[data-test=setting-row][data-key=fireworks_site_distance_m] [data-test=setting-edit]').click()
  await page.locator('[data-test=setting-row][data-key=fireworks_outlet_visit_days] [data-test=setting-edit]').click()
  await page.locator('[data-test=setting-row][data-key=fireworks_outlet_visit_days] [data-part=season]').fill('x')
  await page.locator('[data-test=setting-row][data-key=fireworks_outlet_visit_days] [data-test=setting-save]').click()
  await page.screenshot({ path: 'test-results/mock-settings-1920.png', fullPage: true })
})
