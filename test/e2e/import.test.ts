import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { usccCheckChar } from '../../db/uscc.ts'
import { launchBrowser, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext } from './support/session.ts'

type Job = { id: number; status: string; summary: { added: number; errors: number } | null }
type Rows = { items: { row_no: number; problems: { severity: string; message: string }[] }[]; total: number }

let server: DemoServer
let browser: Browser
let page: Page
let watch: PageWatch
let asCounty: ReturnType<typeof apiAs>
mkdirSync('test-results', { recursive: true })

const field = (target: Page, name: string) => target.locator(`[data-test=${name}]`)

/** A valid 统一社会信用代码 made from a 17-character body of the test's own. */
const uscc = (n: number) => {
  const body = `91320924MA${String(n).padStart(6, '0')}X`.slice(0, 17)
  return body + usccCheckChar(body)
}

/**
 * Three enterprises inside Sheyang (DOMAIN §2), in UTF-8 with Chinese headers; with `bad` the
 * second one lies in Beijing, outside the county, which the checker must refuse.
 */
function enterprisesCsv(bad: boolean): Buffer {
  const rows = [
    ['企业名称', '统一社会信用代码', '行业', '风险等级', '经度', '纬度', '地址'],
    ['射阳导入测试甲公司', uscc(901), '机械', '一般风险', '120.2601', '33.7702', '合德镇导入路1号'],
    [
      '射阳导入测试乙公司',
      uscc(902),
      '轻工',
      '低风险',
      bad ? '116.3975' : '120.3102',
      bad ? '39.9087' : '33.8105',
      '合德镇导入路2号',
    ],
    ['射阳导入测试丙公司', uscc(903), '商贸', '较大风险', '120.1508', '33.7306', '合德镇导入路3号'],
  ]
  return Buffer.from(`${rows.map((row) => row.join(',')).join('\r\n')}\r\n`, 'utf8')
}

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

/** Chooses the enterprise layer and a file, sends it, and records whether the progress bar showed. */
async function send(name: string, bytes: Buffer) {
  await field(page, 'import-layer').selectOption('enterprises')
  await field(page, 'import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes })
  await page.evaluate(() => {
    const seen = window as unknown as { sawProgress: boolean }
    seen.sawProgress = false
    new MutationObserver(() => {
      if (document.querySelector('[data-test=import-progress]')) seen.sawProgress = true
    }).observe(document.body, { childList: true, subtree: true })
  })
  await field(page, 'import-send').click()
  await page.locator('[data-test=imports][data-status=ready]').waitFor({ timeout: 30_000 })
  expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true)
  return Number(await field(page, 'imports').getAttribute('data-job'))
}

describe('importing enterprises from a CSV as a county user', () => {
  test('opens /import from the main menu with the layer’s fields and a template', async () => {
    await page.goto(server.url + '/')
    await field(page, 'nav-import').click()
    await page.waitForURL('**/import')
    await field(page, 'import-layer').selectOption('enterprises')
    const fields = await page.locator('[data-test=import-layer-fields] li').allTextContents()
    expect(fields.some((text) => text.startsWith('企业名称'))).toBe(true)
    expect(await page.locator('[data-test=import-layer-fields] li.required').count()).toBeGreaterThan(0)
  })

  test('a file that cannot be read fails with the server’s Chinese message naming it, and the form comes back', async () => {
    await field(page, 'import-file').setInputFiles({
      name: '坏文件.geojson',
      mimeType: 'application/json',
      buffer: Buffer.from('{"type": "Feature'),
    })
    await field(page, 'import-send').click()
    await page.locator('[data-test=imports][data-status=failed]').waitFor({ timeout: 30_000 })
    const id = Number(await field(page, 'imports').getAttribute('data-job'))
    const { failure } = await asCounty<{ failure: { message: string } }>(`/api/imports/${id}`)
    expect(failure.message).toContain('坏文件.geojson')
    expect(await field(page, 'import-failure-message').textContent()).toBe(failure.message)
    await field(page, 'import-again').click()
    await field(page, 'import-upload').waitFor()
  })

  test('a file with a row outside the county shows the progress, then that row’s error; 导入 is refused', async () => {
    const id = await send('企业-有误.csv', enterprisesCsv(true))
    const errors = await asCounty<Rows>(`/api/imports/${id}/rows?filter=errors`)
    expect(errors.items.map((row) => row.row_no)).toHaveLength(1)
    const bad = errors.items[0]!
    const line = page.locator(`[data-test=import-problem][data-severity=error][data-row="${bad.row_no}"]`).first()
    await line.waitFor()
    expect(await line.textContent()).toContain(bad.problems.find((p) => p.severity === 'error')!.message)
    expect(await field(page, 'import-summary-errors').getAttribute('data-n')).toBe('1')
    expect(await field(page, 'import-commit').isDisabled()).toBe(true)
    expect(await field(page, 'import-commit-blocked').textContent()).toContain('1 个错误')
    await page.locator('[data-test=import-preview-map] canvas').waitFor()
    await page.waitForTimeout(1500)
    await page.screenshot({ path: 'test-results/import-review-errors-1920.png' })
  })

  test('after 放弃, the corrected file checks clean and commits: the summary shows the three added', async () => {
    await field(page, 'import-discard').click()
    await page.locator('[data-test=imports][data-step=choose]').waitFor()
    const id = await send('企业.csv', enterprisesCsv(false))
    expect(await field(page, 'import-summary-errors').getAttribute('data-n')).toBe('0')
    expect(await field(page, 'import-summary-added').getAttribute('data-n')).toBe('3')
    await field(page, 'import-commit').click()
    await field(page, 'import-result').waitFor({ timeout: 30_000 })
    expect(await field(page, 'import-summary-added').getAttribute('data-n')).toBe('3')
    const job = await asCounty<Job>(`/api/imports/${id}`)
    expect(job).toMatchObject({ status: 'committed', summary: { added: 3, errors: 0 } })
    const ledger = await asCounty<{ total: number }>(`/api/ledgers/enterprises?q=${encodeURIComponent('射阳导入测试')}`)
    expect(ledger.total).toBe(3)
    expect(await page.locator('[data-test=import-history-row]').first().getAttribute('data-id')).toBe(String(id))
    await page.screenshot({ path: 'test-results/import-done-1920.png' })
  })

  test('the page fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await field(page, 'import-another').click()
    await field(page, 'import-upload').waitFor()
    await page.screenshot({ path: 'test-results/import-390.png', fullPage: true })
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(watch.consoleErrors).toEqual([])
    expect(watch.foreignRequests).toEqual([])
  })
})

describe('the settings page /settings', () => {
  test('an admin changes one value of an object setting field by field; the server keeps it', async () => {
    const context = await loggedInContext(browser, server.url, 'admin', { width: 1920, height: 1080 })
    const admin = await context.newPage()
    const adminWatch = watchPage(admin, server.url)
    await admin.goto(server.url + '/settings')
    const row = admin.locator('[data-test=setting-row][data-key=fireworks_outlet_visit_days]')
    await row.locator('[data-test=setting-edit]').click()
    await row.locator('[data-test=setting-input][data-part=season]').fill('5')
    await row.locator('[data-test=setting-save]').click()
    await row.locator('[data-test=setting-message]').filter({ hasText: '已保存' }).waitFor()
    const asAdmin = apiAs(server.url, 'admin')
    const saved = await asAdmin<{ value: unknown }>('/api/settings/fireworks_outlet_visit_days')
    expect(saved.value).toEqual({ season: 5, off_season: 90 })
    await admin.locator('[data-test=target-row]').first().waitFor()
    await admin.screenshot({ path: 'test-results/settings-1920.png', fullPage: true })
    expect(adminWatch.consoleErrors).toEqual([])
  })
})
