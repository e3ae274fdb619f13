import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext, logInWithForm, sessionId } from './support/session.ts'
import type { Worklist } from '../../web/api/grids.ts'
import type { GridStats } from '../../web/api/stats.ts'

// The answers as the web reads them: derived from the server (web/api/contract.ts), never retyped.
let server: DemoServer
let browser: Browser
let page: Page
let watch: PageWatch
let gridCode: string
let officer: string
let asOfficer: ReturnType<typeof apiAs>
let asCounty: ReturnType<typeof apiAs>
const phone = { width: 390, height: 844 }
mkdirSync('test-results', { recursive: true })

const dueText = (e: Pick<Worklist['enterprises'][number], 'due_in_days' | 'visit_due'>) =>
  e.due_in_days === null
    ? '逾期未检（从未检查）'
    : e.visit_due === 'overdue'
      ? `逾期未检（超期 ${-e.due_in_days} 天）`
      : e.visit_due === 'due'
        ? '今日到期'
        : `${e.due_in_days} 天后应检`
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const shownIds = (selector: string, attribute: string) =>
  page.$$eval(selector, (nodes, name) => nodes.map((node) => Number(node.getAttribute(name))), attribute)
const mapEnterprises = () => page.evaluate(() => window.__sheyangGrid!.enterprises())

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
  asCounty = apiAs(server.url, 'county')
  // The grid with the most open hazards (then the lowest code): overdue ones are on its list.
  const { grids } = await asCounty<{ grids: { code: string; hazards: { open: number; overdue: number } }[] }>(
    '/api/stats/grids',
  )
  gridCode = [...grids].sort((a, b) => b.hazards.overdue - a.hazards.overdue || a.code.localeCompare(b.code))[0]!.code
  officer = `grid-${gridCode}`
  asOfficer = apiAs(server.url, officer)
  page = await browser.newPage({ viewport: phone, locale: 'zh-CN' })
  watch = watchPage(page, server.url)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the grid officer on a phone (390×844)', () => {
  test('an anonymous visit to / goes to /login, which explains a wrong password in Chinese', async () => {
    await page.goto(server.url + '/')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/')
    await logInWithForm(page, officer, 'wrong password')
    expect(await page.locator('[data-test=login-error]').textContent()).toBe('用户名或密码错误')
    await page.screenshot({ path: 'test-results/login-390x844.png' })
  })

  test('logging in lands on their grid with the worklist exactly as the API has it', async () => {
    await logInWithForm(page, officer)
    await page.waitForURL(`**/grid/${gridCode}`)
    await page.waitForFunction(() => window.__sheyangGrid?.ready === true, null, { timeout: 60_000 })
    const worklist = await asOfficer<Worklist>(`/api/grids/${gridCode}/worklist`)
    expect(await page.locator('[data-test=grid-name]').textContent()).toBe(worklist.grid.name)
    expect(await shownIds('[data-test^=worklist-enterprise-]', 'data-enterprise')).toEqual(
      worklist.enterprises.map((e) => e.id),
    )
    const dues = await page.locator('[data-test=enterprise-due]').allTextContents()
    expect(dues.map((text) => text.trim())).toEqual(worklist.enterprises.map(dueText))
    const states = await page.$$eval('[data-test=enterprise-due]', (nodes) =>
      nodes.map((node) => node.getAttribute('data-visit-due')),
    )
    expect(states).toEqual(worklist.enterprises.map((e) => e.visit_due))
    const since = await page.locator('[data-test=enterprise-days-since]').allTextContents()
    expect(since.map((text) => text.trim())).toEqual(
      worklist.enterprises.filter((e) => e.days_since_last !== null).map((e) => `距上次检查 ${e.days_since_last} 天`),
    )
    expect((await mapEnterprises()).map((e) => e.id)).toEqual(worklist.enterprises.map((e) => e.id))
    expect(await page.locator('[data-test=user-role]').textContent()).toBe('网格员')
    await page.screenshot({ path: 'test-results/grid-worklist-390x844.png' })

    await page.locator('[data-test=tab-hazards]').click()
    expect(await page.locator('[data-test=hazard-count]').textContent()).toBe(String(worklist.hazards.length))
    const hazardIds = await page.$$eval('[data-test^=worklist-hazard-]', (nodes) =>
      nodes.map((node) => Number(node.getAttribute('data-test')!.slice('worklist-hazard-'.length))),
    )
    expect(hazardIds).toEqual(worklist.hazards.map((h) => h.id))
    const overdue = worklist.hazards.filter((h) => h.overdue)
    expect(overdue.length).toBeGreaterThan(0)
    expect((await page.locator('[data-test=hazard-overdue]').allTextContents()).map((text) => text.trim())).toEqual(
      overdue.map((h) => `逾期 ${h.days_overdue} 天`),
    )
    await page.screenshot({ path: 'test-results/grid-hazards-390x844.png' })
  })

  test('an inspection with one hazard survives a lost connection and a reload, then adds exactly one open hazard', async () => {
    const before = await asOfficer<Worklist>(`/api/grids/${gridCode}/worklist`)
    const statsBefore = await asOfficer<GridStats>(`/api/stats/grids/${gridCode}`)
    const target = before.enterprises[0]!
    const mapBefore = (await mapEnterprises()).find((e) => e.id === target.id)!.open_hazards
    expect(mapBefore).toBe(target.open_hazards)

    await page.locator('[data-test=tab-enterprises]').click()
    await page.locator(`[data-test=worklist-enterprise-${target.id}] [data-test=record-inspection]`).click()
    const form = page.locator('[data-test=inspection-form]')
    expect(await form.locator('[data-test=inspection-enterprise]').inputValue()).toBe(String(target.id))
    await form.locator('[data-test=inspection-kind]').selectOption('unannounced')
    await form.locator('[data-test=inspection-date]').fill(addDays(before.as_of, 1))
    await form.locator('[data-test=add-hazard]').click()
    await form.locator('[data-test=inspection-submit]').click()
    // Checked in the form, in Chinese, next to each field; nothing was sent.
    expect(await form.locator('[data-test=error-inspected_on]').textContent()).toContain(
      `检查日期不能晚于今天（${before.as_of}）`,
    )
    expect((await form.locator('[data-test=error-inspectors]').textContent())!.trim()).toBe('请至少填写一名检查人员')
    expect((await form.locator('[data-test="error-hazards.0.description"]').textContent())!.trim()).toBe(
      '请填写隐患描述',
    )

    await form.locator('[data-test=inspection-date]').fill(before.as_of)
    await form.locator('[data-test=inspection-inspectors]').fill('王明、李强')
    await form.locator('[data-test=inspection-findings]').fill('四不两直暗查：配电室堆放杂物')
    const hazard = form.locator('[data-test=inspection-hazard-0]')
    await hazard.locator('[data-test=hazard-level]').selectOption('general')
    await hazard.locator('[data-test=hazard-category]').fill('电气安全')
    await hazard.locator('[data-test=hazard-description]').fill('配电柜前堆放纸箱，未保持通道畅通')
    const deadline = addDays(before.as_of, 14)
    await hazard.locator('[data-test=hazard-deadline]').fill(deadline)
    // A photo from the camera (3000×2000, resized on the phone) and a text file posing as one.
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#c0392b' } })
      .jpeg()
      .toBuffer()
    await hazard.locator('[data-test=hazard-photo-input]').setInputFiles([
      { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo },
      { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是照片') },
    ])
    await hazard.locator('[data-test=draft-photo] img').waitFor()
    expect(await hazard.locator('[data-test=draft-photo]').count()).toBe(1)
    expect((await hazard.locator('[data-test=photo-problem-0]').textContent())!.trim()).toBe(
      '“notes.jpg”不是图片（仅支持 JPG、PNG、WebP），未添加',
    )
    await page.screenshot({ path: 'test-results/inspection-form-390x844.png', fullPage: true })

    // The connection drops while saving: the officer is told, and nothing typed is lost.
    await page.route('**/api/inspections', (route) => route.abort('internetdisconnected'))
    await form.locator('[data-test=inspection-submit]').click()
    await form.locator('[data-test=inspection-unreachable]').waitFor()
    await page.screenshot({ path: 'test-results/inspection-offline-390x844.png' })
    await page.reload()
    await page.locator('[data-test=draft-restored]').waitFor()
    expect(await form.locator('[data-test=inspection-inspectors]').inputValue()).toBe('王明、李强')
    expect(await hazard.locator('[data-test=hazard-description]').inputValue()).toBe('配电柜前堆放纸箱，未保持通道畅通')
    expect(await hazard.locator('[data-test=hazard-deadline]').inputValue()).toBe(deadline)
    // The photo came back from IndexedDB with the draft.
    await hazard.locator('[data-test=draft-photo] img').waitFor()
    expect(await hazard.locator('[data-test=draft-photo]').count()).toBe(1)
    await page.unroute('**/api/inspections')
    await form.locator('[data-test=inspection-submit]').click()

    await page.locator('[data-test=inspection-saved]').waitFor()
    const after = await asOfficer<Worklist>(`/api/grids/${gridCode}/worklist`)
    expect(after.hazards.length).toBe(before.hazards.length + 1)
    const created = after.hazards.find((h) => !before.hazards.some((old) => old.id === h.id))!
    expect(created).toMatchObject({ status: 'assigned', deadline, overdue: false })
    expect(
      await page.evaluate(() => localStorage.getItem(`sheyang.inspection-draft.${location.pathname.slice(6)}`)),
    ).toBe(null)
    await page.locator(`[data-test=worklist-hazard-${created.id}]`).waitFor()
    expect(await page.locator('[data-test=hazard-count]').textContent()).toBe(String(before.hazards.length + 1))
    await page.waitForFunction(
      ([id, n]) => window.__sheyangGrid!.enterprises().find((e) => e.id === id)?.open_hazards === n,
      [target.id, mapBefore + 1] as const,
    )
    const statsAfter = await asOfficer<GridStats>(`/api/stats/grids/${gridCode}`)
    expect(statsAfter.hazards.open).toBe(statsBefore.hazards.open + 1)
    const record = await asOfficer<{ hazards: { id: number; status: string }[] }>(`/api/enterprises/${target.id}`)
    expect(record.hazards.filter((h) => h.status !== 'closed').length).toBe(target.open_hazards + 1)
    await page.screenshot({ path: 'test-results/inspection-saved-390x844.png' })
    const saved = after.hazards.find((h) => h.id === created.id) as unknown as {
      photos: { id: number; width: number }[]
    }
    // Resized on the phone to a 1600 px long side, kept as such by the server.
    expect(saved.photos).toEqual([
      { id: expect.any(Number), stage: 'found', width: 1600, height: 1067, uploaded_by_user_id: expect.any(Number) },
    ])

    // A stale write shows what the server has; re-applying a step that is no longer legal is refused.
    await page.locator(`[data-test=worklist-hazard-${created.id}] button`).click()
    const panel = page.locator('[data-test=hazard-panel]')
    await panel.locator('[data-test=transition-rectifying]').waitFor()
    expect(await panel.locator('[data-test^=transition-]').count()).toBe(1)
    // The photo is served by the server, as a JPEG the browser decodes.
    const thumb = panel.locator('[data-test=hazard-photo-thumb]')
    await thumb.waitFor()
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-test=hazard-photo-thumb]') as HTMLImageElement | null)?.naturalWidth === 1600,
    )
    expect(await thumb.getAttribute('src')).toMatch(new RegExp(`^/api/hazards/${created.id}/photos/\\d+$`))
    await page.screenshot({ path: 'test-results/hazard-photos-390x844.png', fullPage: true })
    await thumb.click()
    await page.locator('[data-test=hazard-photo-enlarged]').waitFor()
    await page.screenshot({ path: 'test-results/hazard-photo-enlarged-390x844.png' })
    await page.locator('[data-test=hazard-photo-close]').click()
    const { hazard: current } = await asCounty<{ hazard: { version: number } }>(`/api/hazards/${created.id}`)
    await asCounty(`/api/hazards/${created.id}/transition`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ to: 'rectifying', version: current.version }),
    })
    await panel.locator('[data-test=transition-rectifying]').click()
    await panel.locator('[data-test=hazard-stale]').waitFor()
    expect(await panel.locator('[data-test=stale-current]').first().textContent()).toBe('整改中')
    await page.screenshot({ path: 'test-results/hazard-stale-390x844.png', fullPage: true })
    await panel.locator('[data-test=stale-reapply]').click()
    await panel.locator('[data-test=hazard-result]').waitFor()
    expect(await panel.locator('[data-test=hazard-result]').textContent()).toBe(
      '操作被拒绝：隐患不能从“整改中”改为“整改中”，闭环的下一步只能是：待复查',
    )
    expect(await panel.locator('[data-test=hazard-panel-status]').textContent()).toBe('整改中')
    // The page now offers what the server allows: submitting for re-check.
    await panel.locator('[data-test=transition-awaiting_recheck]').waitFor()
    expect(await panel.locator('[data-test^=transition-]').count()).toBe(1)
    await page.screenshot({ path: 'test-results/hazard-refused-390x844.png', fullPage: true })

    // The enterprise record (一企一档) shows the same photo beside the hazard.
    await page.goto(`${server.url}/enterprises/${target.id}`)
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-test=enterprise-hazard-photos] img')].some(
        (img) => img.naturalWidth === 1600,
      ),
    )
    expect(
      await page
        .locator('[data-test=enterprise-hazard-photos] a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toContain(`/api/hazards/${created.id}/photos/${saved.photos[0]!.id}`)
    await page.screenshot({ path: 'test-results/enterprise-photos-390x844.png', fullPage: true })
  })

  test('a planned 双随机 inspection is listed, opens prefilled, and leaves the list once done', async () => {
    const town = (await asOfficer<{ grid: { town_code: string } }>(`/api/grids/${gridCode}/worklist`)).grid.town_code
    const draw = (enterprises: number) =>
      fetch(`${server.url}/api/draws`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url, cookie: `sid=${countySid}` },
        body: JSON.stringify({
          name: '2026年第4季度双随机抽查',
          filters: { town_code: [town] },
          inspectors: ['张伟', '刘洋', '陈静'],
          enterprises,
          inspectors_per_enterprise: 2,
          seed: 'e2e-grid',
        }),
      })
    const countySid = await sessionId(server.url, 'county')
    // Every enterprise of the town is drawn, so the officer's grid has its planned visits.
    const all = (await (await draw(1000)).json()) as { details?: { candidates: number } }
    expect((await draw(all.details!.candidates)).status).toBe(201)
    const worklist = await asOfficer<{ planned: { id: number; enterprise_id: number; inspectors: string[] }[] }>(
      `/api/grids/${gridCode}/worklist`,
    )
    expect(worklist.planned.length).toBeGreaterThan(0)
    const planned = worklist.planned[0]!
    await page.goto(`${server.url}/grid/${gridCode}`)
    const list = page.locator('[data-test=planned-list]')
    await list.waitFor()
    expect(await list.locator('[data-test=planned-count]').textContent()).toBe(String(worklist.planned.length))
    await page.screenshot({ path: 'test-results/grid-planned-390x844.png' })
    await list.locator(`[data-test=planned-start-${planned.id}]`).click()
    const form = page.locator('[data-test=inspection-form]')
    expect((await form.locator('[data-test=inspection-planned]').textContent())!.trim()).toContain(
      '完成计划检查：2026年第4季度双随机抽查',
    )
    expect(await form.locator('[data-test=inspection-kind]').inputValue()).toBe('double_random')
    expect(await form.locator('[data-test=inspection-enterprise]').inputValue()).toBe(String(planned.enterprise_id))
    expect(await form.locator('[data-test=inspection-inspectors]').inputValue()).toBe(planned.inspectors.join('、'))
    await form.locator('[data-test=inspection-findings]').fill('双随机抽查：未发现隐患')
    await form.locator('[data-test=inspection-submit]').click()
    await page.locator('[data-test=inspection-saved]').waitFor()
    const after = await asOfficer<{ planned: { id: number }[] }>(`/api/grids/${gridCode}/worklist`)
    expect(after.planned.map((p) => p.id)).not.toContain(planned.id)
    expect(after.planned.length).toBe(worklist.planned.length - 1)
    await page.locator(`[data-test=planned-start-${planned.id}]`).waitFor({ state: 'detached' })
  })

  test('the same view is fine on a desktop screen', async () => {
    const desktop = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })
    const desktopWatch = watchPage(desktop, server.url)
    await desktop.goto(server.url + '/login')
    await logInWithForm(desktop, officer)
    await desktop.waitForURL(`**/grid/${gridCode}`)
    await desktop.waitForFunction(() => window.__sheyangGrid?.ready === true, null, { timeout: 60_000 })
    await desktop.screenshot({ path: 'test-results/grid-1920x1080.png' })
    expect(desktopWatch.consoleErrors).toEqual([])
    await desktop.close()
  })

  test('another grid is refused with a clear message, and log-out returns to /login', async () => {
    const { grids } = await asCounty<{ grids: { code: string }[] }>('/api/stats/grids')
    const other = grids.find((g) => g.code !== gridCode)!.code
    await page.goto(`${server.url}/grid/${other}`)
    expect((await page.locator('[data-test=grid-not-found]').textContent())!.trim()).toBe(
      '该网格不存在，或不在您的管辖范围内',
    )
    await page.locator('[data-test=user-menu]').click()
    await page.locator('[data-test=logout]').click()
    await page.waitForURL((url) => url.pathname === '/login')
    await page.goto(`${server.url}/grid/${gridCode}`)
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/grid/${gridCode}`)
    await page.locator('[data-test=login-form]').waitFor()
  })

  test('no request leaves the origin and the console stays clean', () => {
    expect(watch.foreignRequests).toEqual([])
    // Exactly the failures the test caused: the dropped connection and the other grid's two 404s.
    expect(watch.consoleErrors).toEqual([
      'Failed to load resource: net::ERR_INTERNET_DISCONNECTED',
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
      'Failed to load resource: the server responded with a status of 404 (Not Found)',
    ])
  })
})

describe('the grid officer’s fireworks outlets on a phone (390×844)', () => {
  type OutletRow = {
    id: number
    name: string
    visit_due: 'on_time' | 'due' | 'overdue' | null
    due_in_days: number | null
    visit_frequency_days: number | null
  }
  type OutletWorklist = { outlets: OutletRow[]; outlet_visits: { in_season: boolean } }
  const outletDue = ({ visit_due, due_in_days }: OutletRow) =>
    visit_due === null ? '不在销售期，暂无需巡查' : dueText({ visit_due, due_in_days })

  test('lists the grid’s outlets as the API has them, and a visit saved once through a lost answer makes one on time', async () => {
    // The grid with the most open outlets that has an overdue one (the demo date is out of season).
    const { features } = await asCounty<{ features: { properties: { grid_code: string; status: string } }[] }>(
      '/ogc/collections/fireworks-outlets/items?limit=1000',
    )
    const counts = new Map<string, number>()
    for (const { properties: p } of features) {
      if (p.status === 'active' && p.grid_code) counts.set(p.grid_code, (counts.get(p.grid_code) ?? 0) + 1)
    }
    let code = ''
    let worklist: OutletWorklist | undefined
    for (const [candidate] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      worklist = await asCounty<OutletWorklist>(`/api/grids/${candidate}/worklist`)
      code = candidate
      if (worklist.outlets.some((o) => o.visit_due === 'overdue')) break
    }
    const overdue = worklist!.outlets.find((o) => o.visit_due === 'overdue')!
    expect(overdue).toBeDefined()
    expect(worklist!.outlet_visits.in_season).toBe(false)

    const context = await loggedInContext(browser, server.url, `grid-${code}`, phone)
    const outletPage = await context.newPage()
    const outletWatch = watchPage(outletPage, server.url)
    await outletPage.goto(`${server.url}/grid/${code}`)
    await outletPage.waitForFunction(() => window.__sheyangGrid?.ready === true, null, { timeout: 60_000 })
    expect(await outletPage.locator('[data-test=outlet-count]').textContent()).toBe(String(worklist!.outlets.length))
    await outletPage.locator('[data-test=tab-outlets]').click()
    const rows = outletPage.locator('[data-test^=worklist-outlet-]')
    expect(
      await rows.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-test')!.split('-').pop()))),
    ).toEqual(worklist!.outlets.map((o) => o.id))
    expect((await outletPage.locator('[data-test=outlet-due]').allTextContents()).map((s) => s.trim())).toEqual(
      worklist!.outlets.map(outletDue),
    )
    expect(await outletPage.locator('[data-test=outlet-season]').textContent()).toContain('非销售旺季')
    await outletPage.screenshot({ path: 'test-results/grid-outlets-390x844.png' })

    const row = outletPage.locator(`[data-test=worklist-outlet-${overdue.id}]`)
    await row.locator('[data-test=record-outlet-visit]').click()
    const form = outletPage.locator('[data-test=outlet-visit-form]')
    expect(await form.locator('[data-test=outlet-visit-name]').textContent()).toBe(overdue.name)
    expect(await form.locator('[data-test=outlet-visit-kind]').inputValue()).toBe('routine')
    await form.locator('[data-test=inspection-submit]').click()
    expect((await form.locator('[data-test=error-inspectors]').textContent())!.trim()).toBe('请至少填写一名检查人员')
    await form.locator('[data-test=inspection-inspectors]').fill('王明、李强')
    await form.locator('[data-test=inspection-findings]').fill('证照齐全，库存未超许可限量')
    await outletPage.screenshot({ path: 'test-results/outlet-visit-form-390x844.png' })

    // The server saves the visit but its answer is lost: the officer retries, and it is saved once.
    const path = `**/api/fireworks/outlets/${overdue.id}/inspections`
    await outletPage.route(path, async (route) => {
      await route.fetch()
      await route.abort('internetdisconnected')
    })
    await form.locator('[data-test=inspection-submit]').click()
    await form.locator('[data-test=inspection-unreachable]').waitFor()
    await outletPage.unroute(path)
    await form.locator('[data-test=inspection-retry]').click()
    expect((await outletPage.locator('[data-test=inspection-saved]').textContent())!.trim()).toBe(
      `已保存：${overdue.name} 的巡查记录`,
    )
    const history = await asCounty<{ inspections: { inspectors: string[]; inspected_on: string }[] }>(
      `/api/fireworks/outlets/${overdue.id}/inspections`,
    )
    const today = history.inspections[0]!.inspected_on
    expect(
      history.inspections.filter((v) => v.inspected_on === today && v.inspectors.join() === '王明,李强'),
    ).toHaveLength(1)
    const after = outletPage.locator(`[data-test=worklist-outlet-${overdue.id}] [data-test=outlet-due]`)
    await outletPage.waitForFunction(
      (id) =>
        document
          .querySelector(`[data-test=worklist-outlet-${id}] [data-test=outlet-due]`)
          ?.getAttribute('data-visit-due') === 'on_time',
      overdue.id,
    )
    expect((await after.textContent())!.trim()).toBe(`${overdue.visit_frequency_days} 天后应检`)
    await outletPage.screenshot({ path: 'test-results/outlet-visit-saved-390x844.png' })
    expect(outletWatch.foreignRequests).toEqual([])
    expect(outletWatch.consoleErrors).toEqual(['Failed to load resource: net::ERR_INTERNET_DISCONNECTED'])
    await context.close()
  })
})
