import { mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext, logInWithForm } from './support/session.ts'

type Candidates = { today: string; candidates: number; towns: { code: string; name: string; candidates: number }[] }
type Draw = {
  id: number
  seed: string
  candidates: number
  reproduced: boolean
  picks: { enterprise_id: number; name: string; inspectors: string[]; inspection_id: number; status: string }[]
}
type EnterpriseRecord = {
  inspections: { id: number; status: string; campaign_id: number | null; kind: string; inspected_on: string }[]
}

let server: DemoServer
let browser: Browser
let page: Page
let watch: PageWatch
let asCounty: ReturnType<typeof apiAs>
let town: Candidates['towns'][number]
let today: string
let drawId: number
const desktop = { width: 1920, height: 1080 }
const phone = { width: 390, height: 844 }
const risks = 'major,high,general'
mkdirSync('test-results', { recursive: true })

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
/** The whole page: the view scrolls inside its own box, so the viewport grows to its height for the picture. */
async function shoot(target: Page, path: string) {
  const size = target.viewportSize()!
  const height = await target.evaluate(() => document.querySelector('[data-test=draws-view]')!.scrollHeight + 60)
  await target.setViewportSize({ width: size.width, height: Math.max(size.height, height) })
  await target.screenshot({ path })
  await target.setViewportSize(size)
}
const text = async (selector: string) => ((await page.locator(selector).textContent()) ?? '').trim()

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  asCounty = apiAs(server.url, 'county')
  const all = await asCounty<Candidates>(`/api/draws/candidates?risk_level=${risks}`)
  today = all.today
  town = [...all.towns].sort((a, b) => b.candidates - a.candidates)[0]!
  page = await browser.newPage({ viewport: desktop, locale: 'zh-CN' })
  watch = watchPage(page, server.url)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the 双随机 draw for a county user (1920×1080)', () => {
  test('logs in as county and opens 双随机抽查 from the main menu', async () => {
    await page.goto(server.url + '/login')
    await logInWithForm(page, 'county')
    await page.waitForURL((url) => url.pathname === '/')
    await page.locator('[data-test=nav-draws]').click()
    await page.waitForURL('**/draws')
    await page.locator('[data-test=draw-form]').waitFor()
  })

  test('filters update the live count of candidates to what the server counts', async () => {
    await page.locator(`[data-test=draw-town-${town.code}]`).check()
    for (const risk of risks.split(',')) await page.locator(`[data-test=draw-risk-${risk}]`).click()
    const expected = await asCounty<Candidates>(`/api/draws/candidates?town_code=${town.code}&risk_level=${risks}`)
    expect(expected.candidates).toBe(town.candidates)
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-test=draw-candidates]')?.textContent?.includes(`符合条件的在营企业：${n} 家`),
      expected.candidates,
    )
  })

  test('checks the form in Chinese before sending anything', async () => {
    await page.locator('[data-test=draw-n]').fill(String(town.candidates + 1))
    await page.locator('[data-test=draw-m]').fill('3')
    await page.locator('[data-test=draw-date]').fill(addDays(today, -1))
    await page.locator('[data-test=draw-review]').click()
    expect(await text('[data-test=error-enterprises]')).toBe(
      `符合条件的企业只有 ${town.candidates} 家，无法抽取 ${town.candidates + 1} 家`,
    )
    expect(await text('[data-test=error-inspectors]')).toBe('请至少选择或添加一名检查人员')
    expect(await text('[data-test=error-plannedOn]')).toBe(`计划检查日期不能早于今天（${today}）`)
    expect(await text('[data-test=draw-error]')).toBe('请先修正标红的项目')
    await shoot(page, 'test-results/draws-errors-1920x1080.png')

    // Inspectors: the town's people from the list, and one outside expert typed in.
    await page.locator('[data-test=inspector-town]').selectOption(town.code)
    await page.waitForFunction(() => document.querySelectorAll('[data-test=inspector-option]').length > 1)
    await page.locator('[data-test=inspector-option]').nth(0).check()
    await page.locator('[data-test=inspector-typed]').fill('外聘专家 张工')
    await page.locator('[data-test=inspector-add-typed]').click()
    expect(await text('[data-test=inspector-count]')).toBe('已选 2 人')
    expect(await text('[data-test=error-perEnterprise]')).toBe('每家企业需要 3 名检查人员，但名单中只有 2 人')
    await page.locator('[data-test=inspector-add-shown]').click()
    await page.waitForFunction(() => !document.querySelector('[data-test=error-perEnterprise]'))

    await page.locator('[data-test=draw-n]').fill('4')
    await page.locator('[data-test=draw-m]').fill('2')
    await page.locator('[data-test=draw-date]').fill(addDays(today, 5))
    await page.locator('[data-test=draw-seed]').fill('e2e-射阳-种子')
    await page.locator('[data-test=draw-name]').fill('2026年第四批双随机抽查（测试）')
    expect(await page.locator('[data-test=draw-error]').count()).toBe(0)
  })

  test('the confirm step restates the draw, and the result lists the picks with their inspectors', async () => {
    await page.locator('[data-test=draw-review]').click()
    const confirmText = await text('[data-test=draw-confirm-text]')
    expect(confirmText).toMatch(
      new RegExp(
        `^将从 ${town.candidates} 家企业中随机抽取 4 家，每家随机安排 2 名检查人员（名单共 \\d+ 人），计划检查日期 ${addDays(today, 5)}。$`,
      ),
    )
    await page.screenshot({ path: 'test-results/draws-confirm-1920x1080.png' })
    await page.locator('[data-test=draw-confirm-button]').click()
    await page.waitForURL(/\/draws\/\d+$/)
    drawId = Number(new URL(page.url()).pathname.split('/').pop())
    await page.locator('[data-test=draw-result]').waitFor()
    const draw = await asCounty<Draw>(`/api/draws/${drawId}`)
    expect(draw.seed).toBe('e2e-射阳-种子')
    expect(draw.candidates).toBe(town.candidates)
    expect(await text('[data-test=draw-id]')).toBe(String(drawId))
    expect(await text('[data-test=draw-seed-value]')).toBe('e2e-射阳-种子')
    expect(await text('[data-test=draw-result-name]')).toBe('2026年第四批双随机抽查（测试）')
    const rows = page.locator('[data-test=draw-pick]')
    expect(await rows.count()).toBe(4)
    expect((await page.locator('[data-test=draw-pick] td.name').allTextContents()).map((s) => s.trim())).toEqual(
      draw.picks.map((p) => p.name),
    )
    const assigned = await page
      .locator('[data-test=draw-pick-inspectors]')
      .evaluateAll((cells) => cells.map((cell) => [...cell.querySelectorAll('span')].map((span) => span.textContent)))
    expect(assigned).toEqual(draw.picks.map((p) => p.inspectors))
    // The new draw is at the top of the past draws, nothing done yet.
    expect(await text('[data-test=draw-history-progress]')).toBe('完成 0/4')
    await shoot(page, 'test-results/draws-result-1920x1080.png')
  })

  test('复核 re-runs the seed on the server and says the picks are the same', async () => {
    await page.locator('[data-test=draw-verify]').click()
    await page.locator('[data-test=draw-verdict]').waitFor()
    expect(await text('[data-test=draw-verdict]')).toBe('复核通过：用随机种子重新运行，抽取结果与记录完全一致')
  })

  test('each pick is a planned 双随机 inspection of its enterprise', async () => {
    const draw = await asCounty<Draw>(`/api/draws/${drawId}`)
    for (const pick of draw.picks) {
      const record = await asCounty<EnterpriseRecord>(`/api/enterprises/${pick.enterprise_id}`)
      expect(record.inspections.find((row) => row.id === pick.inspection_id)).toMatchObject({
        status: 'planned',
        kind: 'double_random',
        campaign_id: drawId,
        inspected_on: addDays(today, 5),
      })
    }
  })

  test('exports the result as CSV with a BOM, for the 公示', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-test=draw-export]').click(),
    ])
    expect(download.suggestedFilename()).toBe(`双随机抽查-${drawId}-${addDays(today, 5)}.csv`)
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.startsWith('\uFEFF抽查名称,2026年第四批双随机抽查（测试）\r\n')).toBe(true)
    expect(csv).toContain('\r\n随机种子,e2e-射阳-种子\r\n')
    expect(csv).toContain('\r\n序号,企业名称,镇（区）,网格,风险等级,行业,检查人员\r\n')
    const draw = await asCounty<Draw>(`/api/draws/${drawId}`)
    expect(csv).toContain(`\r\n1,${draw.picks[0]!.name},${town.name},`)
    expect(csv.trimEnd().split('\r\n').length).toBe(9 + 4)
  })

  test('nothing went wrong in the page and nothing left the server', () => {
    expect(watch.consoleErrors).toEqual([])
    expect(watch.foreignRequests).toEqual([])
  })
})

describe('on a phone (390×844)', () => {
  test('the form and the result fit a county user’s phone', async () => {
    const context = await loggedInContext(browser, server.url, 'county', phone)
    const mobile = await context.newPage()
    await mobile.goto(`${server.url}/draws`)
    await mobile.locator('[data-test=draw-form]').waitFor()
    await mobile.waitForFunction(() => document.querySelector('[data-test=draw-candidates] strong'))
    await mobile.screenshot({ path: 'test-results/draws-form-390x844.png' })
    await shoot(mobile, 'test-results/draws-form-full-390.png')
    await mobile.goto(`${server.url}/draws/${drawId}`)
    await mobile.locator('[data-test=draw-result]').waitFor()
    expect(await mobile.locator('[data-test=draw-pick]').count()).toBe(4)
    const overflow = await mobile.evaluate(() => {
      const view = document.querySelector('[data-test=draws-view]')!
      return view.scrollWidth - view.clientWidth
    })
    expect(overflow).toBe(0)
    await mobile.screenshot({ path: 'test-results/draws-result-390x844.png' })
    await shoot(mobile, 'test-results/draws-result-full-390.png')
    await context.close()
  })

  test('a town user is told in Chinese that drawing is for county users', async () => {
    const context = await loggedInContext(browser, server.url, `town-${town.code}`, phone)
    const mobile = await context.newPage()
    await mobile.goto(`${server.url}/draws`)
    const message = mobile.locator('[data-test=draws-forbidden]')
    await message.waitFor()
    expect(await message.locator('p').textContent()).toBe(
      '双随机抽取仅限县级用户和系统管理员使用；您当前的身份是“镇（区）用户”。如需抽取，请联系县应急管理局。',
    )
    await mobile.screenshot({ path: 'test-results/draws-forbidden-390x844.png' })
    await context.close()
  })
})
