import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, waitForMap, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext, logInWithForm } from './support/session.ts'

let server: DemoServer
let browser: Browser
let admin: Page
const watches: PageWatch[] = []
const desktop = { width: 1920, height: 1080 }
mkdirSync('test-results', { recursive: true })

const field = (page: Page, name: string) => page.locator(`[data-test=${name}]`)

beforeAll(async () => {
  // Open event streams re-check their token every 2 s here (a minute in production), so the
  // revoked wall below finds out by itself.
  server = await startDemoServer({ streamTiming: { keepAliveMs: 1_000, recheckEveryMs: 2_000 } })
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: desktop })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
  admin = await context.newPage()
  watches.push(watchPage(admin, server.url))
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the administration screen /admin', () => {
  test('an admin logs in and reaches it from the user menu', async () => {
    await admin.goto(server.url + '/login')
    await logInWithForm(admin, 'admin')
    await field(admin, 'nav-admin').click()
    await admin.waitForURL(`${server.url}/admin`)
    await admin.locator('[data-test=users-table] tbody tr').first().waitFor()
    const { users } = await apiAs(server.url, 'admin')<{ users: unknown[] }>('/api/admin/users')
    expect(await field(admin, 'users-count').textContent()).toBe(`共 ${users.length} 个用户`)
    await admin.screenshot({ path: 'test-results/admin-users-1920x1080.png' })
  })

  test('creates a town user after saying in Chinese what the form lacks, and refuses a taken name', async () => {
    await field(admin, 'user-create').click()
    await field(admin, 'user-save').click()
    expect(await field(admin, 'user-username-error').textContent()).toBe('请输入用户名')
    expect(await field(admin, 'user-password-error').textContent()).toBe('密码至少 10 个字符')
    expect(await field(admin, 'user-form-role-error').textContent()).toBe('请选择角色')

    await field(admin, 'user-username').fill('E2E town')
    await field(admin, 'user-display-name').fill('海通镇 E2E')
    await field(admin, 'user-password').fill('e2e password 1')
    await field(admin, 'user-password-confirm').fill('e2e password 2')
    await field(admin, 'user-form-role').selectOption('town')
    await field(admin, 'user-save').click()
    expect(await field(admin, 'user-username-error').textContent()).toContain('小写字母')
    expect(await field(admin, 'user-confirm-error').textContent()).toBe('两次输入的密码不一致')
    expect(await field(admin, 'user-town-error').textContent()).toBe('镇（区）用户须选择所属镇（区）')

    await field(admin, 'user-username').fill('e2e-town')
    await field(admin, 'user-password-confirm').fill('e2e password 1')
    await field(admin, 'user-town').selectOption({ index: 2 })
    const townName = (await field(admin, 'user-town').locator('option:checked').textContent())!.replace(/（.*$/, '')
    await field(admin, 'user-save').click()
    expect(await field(admin, 'users-notice').textContent()).toBe('已创建用户 e2e-town')

    await field(admin, 'users-search').fill('e2e-town')
    await field(admin, 'users-role').selectOption('town')
    const row = admin.locator('tr[data-username="e2e-town"]')
    expect(await row.locator('[data-test=user-scope]').textContent()).toBe(townName)

    // The server's 409 comes back in Chinese at the field, with everything typed kept.
    await field(admin, 'user-create').click()
    await field(admin, 'user-username').fill('e2e-town')
    await field(admin, 'user-display-name').fill('重复')
    await field(admin, 'user-password').fill('e2e password 1')
    await field(admin, 'user-password-confirm').fill('e2e password 1')
    await field(admin, 'user-form-role').selectOption('viewer')
    await field(admin, 'user-save').click()
    await field(admin, 'user-username-error').waitFor()
    expect(await field(admin, 'user-username-error').textContent()).toBe('用户名已存在')
    expect(await field(admin, 'user-display-name').inputValue()).toBe('重复')
    await admin.screenshot({ path: 'test-results/admin-user-form-1920x1080.png' })
    await admin.getByRole('button', { name: '取消' }).click()
  })

  test('the new user logs in with the password the admin gave', async () => {
    const context = await browser.newContext({ viewport: desktop })
    const page = await context.newPage()
    await page.goto(server.url + '/login')
    await logInWithForm(page, 'e2e-town', 'e2e password 1')
    expect(await field(page, 'user-name').textContent()).toBe('海通镇 E2E')
    expect(await field(page, 'user-role').textContent()).toBe('镇（区）用户')
    await page.goto(server.url + '/admin')
    expect(await field(page, 'admin-forbidden').textContent()).toBe('仅系统管理员可以访问系统管理页面。')
    await context.close()
  })

  test('a kiosk token opens the wall once, and after it is revoked the wall says it is refused', async () => {
    await field(admin, 'admin-tab-tokens').click()
    await field(admin, 'token-create').click()
    await field(admin, 'token-save').click()
    expect(await field(admin, 'token-user-error').textContent()).toBe('请选择所属用户')
    expect(await field(admin, 'token-name-error').textContent()).toBe('请输入令牌名称')
    const { users } = await apiAs(
      server.url,
      'admin',
    )<{ users: { id: number; username: string }[] }>('/api/admin/users')
    const viewer = users.find((u) => u.username === 'viewer')!
    await field(admin, 'token-kind-kiosk').check()
    await field(admin, 'token-user').selectOption(String(viewer.id))
    await field(admin, 'token-name').fill('指挥中心大屏 E2E')
    await field(admin, 'token-save').click()
    const secret = await field(admin, 'token-value-secret').inputValue()
    const link = await field(admin, 'token-value-wall').inputValue()
    expect(link).toBe(`${server.url}/wall?token=${secret}`)
    await field(admin, 'token-copy-wall').click()
    await admin.getByRole('status').getByText('已复制').waitFor()
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link)
    await admin.screenshot({ path: 'test-results/admin-token-secret-1920x1080.png' })
    await field(admin, 'token-done').click()
    const row = admin.locator('tr[data-token="指挥中心大屏 E2E"]')
    expect(await row.locator('[data-test=token-state]').textContent()).toContain('有效')

    const wallContext = await browser.newContext({ viewport: desktop })
    const wall = await wallContext.newPage()
    await wall.goto(link)
    await waitForMap(wall)
    expect(await wall.locator('[data-test=token-rejected]').count()).toBe(0)
    // The token is kept for the tab and taken out of the address bar (nothing to leak in a screenshot).
    expect(wall.url()).toBe(`${server.url}/wall`)

    await row.locator('[data-test=token-revoke]').click()
    expect(await field(admin, 'confirm-dialog').textContent()).toContain('撤销令牌“指挥中心大屏 E2E”？')
    await field(admin, 'confirm-ok').click()
    await row.locator('[data-test=token-state]').getByText('已撤销').waitFor()
    await admin.screenshot({ path: 'test-results/admin-tokens-1920x1080.png' })

    // The open wall notices by itself: its event stream ends, and the new ticket is refused.
    await wall.locator('[data-test=token-rejected]').waitFor({ timeout: 20_000 })
    expect(await wall.locator('[data-test=token-rejected]').textContent()).toContain('令牌无效或已撤销')
    expect(await wall.locator('[data-test=login-username]').count()).toBe(0)
    await wall.screenshot({ path: 'test-results/admin-wall-refused-1920x1080.png' })
    await wallContext.close()
  })

  test('a personal token comes with the GDAL command for this server', async () => {
    await field(admin, 'token-create').click()
    await field(admin, 'token-kind-personal').check()
    const { users } = await apiAs(
      server.url,
      'admin',
    )<{ users: { id: number; username: string }[] }>('/api/admin/users')
    await field(admin, 'token-user').selectOption(String(users.find((u) => u.username === 'viewer')!.id))
    await field(admin, 'token-name').fill('QGIS 桌面')
    await field(admin, 'token-save').click()
    const secret = await field(admin, 'token-value-secret').inputValue()
    expect(await field(admin, 'token-value-gdal').inputValue()).toBe(
      `ogrinfo --config GDAL_HTTP_HEADERS "Authorization: Bearer ${secret}" OAPIF:${server.url}/ogc`,
    )
    const ogc = await fetch(`${server.url}/ogc/collections`, { headers: { authorization: `Bearer ${secret}` } })
    expect(ogc.status).toBe(200)
    await field(admin, 'token-done').click()
  })

  test('the audit log shows the revocation newest first, expandable to a highlighted diff', async () => {
    await field(admin, 'admin-tab-audit').click()
    await field(admin, 'audit-entity').selectOption('api_tokens')
    await field(admin, 'audit-action').selectOption('revoke')
    await admin.locator('[data-test=audit-total]', { hasText: '共 1 条' }).waitFor()
    const entry = admin.locator('[data-test=audit-table] tr.entry').first()
    expect(await entry.textContent()).toContain('指挥中心大屏 E2E')
    await entry.locator('[data-test=audit-toggle]').click()
    const changed = admin.locator('[data-test=audit-diff] tr.changed')
    expect(await changed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(['revoked_at'])
    expect(await admin.locator('[data-test=audit-diff] tr[data-field=name] td').allTextContents()).toEqual([
      '指挥中心大屏 E2E',
      '指挥中心大屏 E2E',
    ])
    await field(admin, 'audit-action').selectOption('')
    await admin.locator('[data-test=audit-total]', { hasText: '共 5 条' }).waitFor()
    // Newest first: the personal token used by GDAL, made, the revocation, the kiosk token used by
    // the wall (each token's first address is audited), made.
    const entries = admin.locator('[data-test=audit-table] tr.entry')
    expect(await entries.evaluateAll((rows) => rows.map((r) => r.children[3]!.textContent!.trim()))).toEqual([
      '令牌在新地址使用 改动 1 项',
      '新建',
      '撤销 改动 1 项',
      '令牌在新地址使用 改动 1 项',
      '新建',
    ])
    await entries.nth(1).locator('[data-test=audit-toggle]').click()
    await admin.screenshot({ path: 'test-results/admin-audit-1920x1080.png' })

    await field(admin, 'audit-from').fill('2030-01-02')
    await field(admin, 'audit-to').fill('2030-01-01')
    expect(await field(admin, 'audit-date-error').textContent()).toBe('起始日期不能晚于截止日期')
  })

  test('fits a phone at 390×844', async () => {
    const context = await loggedInContext(browser, server.url, 'admin', { width: 390, height: 844 })
    const page = await context.newPage()
    watches.push(watchPage(page, server.url))
    await page.goto(server.url + '/admin')
    await page.locator('[data-test=users-table] tbody tr').first().waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await page.screenshot({ path: 'test-results/admin-users-390x844.png' })
    await context.close()
  })

  test('left no console errors and asked no other host', () => {
    for (const watch of watches) {
      expect(watch.consoleErrors).toEqual([])
      expect(watch.foreignRequests).toEqual([])
    }
  })
})
