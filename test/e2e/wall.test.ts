import { mkdirSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Summary } from '../../server/stats/summary.ts'
import type { WallLists } from '../../server/wall/queries.ts'
import { kpiTiles } from '../../web/features/wall/kpi-tiles.ts'
import { launchBrowser, waitForMap, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { kioskToken } from './support/session.ts'

let server: DemoServer
let browser: Browser
/** The wall runs unattended on a read-only kiosk token, never a log-in. */
let token: string
const watches: PageWatch[] = []
mkdirSync('test-results', { recursive: true })

const wall4k = { width: 3840, height: 2160 }

async function api<T>(path: string): Promise<T> {
  const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
  return (await response.json()) as T
}

async function openWall(query = '', viewport = wall4k): Promise<Page> {
  const page = await browser.newPage({ viewport })
  watches.push(watchPage(page, server.url))
  const url = new URL(`${server.url}/wall${query}`)
  url.searchParams.set('token', token)
  await page.goto(url.href)
  await waitForMap(page)
  return page
}

/** A new open hazard whose deadline is older than any other, so it heads the overdue list. */
async function insertOverdueHazard(description: string): Promise<number> {
  const [row] = await server.db.rows<{ id: number }>(sql`
    INSERT INTO hazards (enterprise_id, level, status, description, found_on, deadline, geom)
    SELECT id, 'major', 'assigned', ${description}, '2024-01-02', '2024-02-01', geom
    FROM enterprises ORDER BY id LIMIT 1
    RETURNING id`)
  return row!.id
}

const overdueRow = (page: Page, id: number) => page.locator(`[data-test=wall-overdue] li[data-id="${id}"]`)

beforeAll(async () => {
  server = await startDemoServer()
  token = await kioskToken(server.url)
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the wall display /wall', () => {
  test('shows the KPI values of /api/stats/summary, met or not, at 3840×2160', async () => {
    const page = await openWall()
    const summary = await api<Summary>('/api/stats/summary')
    const tiles = kpiTiles(summary)
    expect(tiles).toHaveLength(12)
    for (const tile of tiles) {
      const shown = page.locator(`[data-test=kpi-${tile.key}]`)
      expect(await shown.locator('[data-test=kpi-value]').textContent(), tile.key).toBe(tile.value)
      const met = await shown.locator('[data-test=kpi-met]').textContent()
      expect(met!.trim(), tile.key).toBe(tile.met === true ? '✔ 达标' : tile.met === false ? '✘ 未达标' : '无目标')
    }
    const { dust_shift_threshold: dust } = await api<{ dust_shift_threshold: number }>('/api/rules')
    await page.locator('[data-test=kpi-dust_over_threshold_verified_pct] .label').getByText(String(dust)).waitFor()
    expect(await page.locator('[data-test=kpi-dust_over_threshold_verified_pct] .label').textContent()).toBe(
      `粉尘超${dust}人/班 已验证`,
    )
    // Raw numbers too, not only what kpi-tiles.ts makes of them.
    const actual = (key: string) => summary.kpis.find((k) => k.key === key)!.actual
    expect(await page.locator('[data-test=kpi-special_inspections] [data-test=kpi-value]').textContent()).toBe(
      String(actual('special_inspections')),
    )
    expect(await page.locator('[data-test=kpi-accident-count]').textContent()).toBe(String(summary.accidents.count))
    expect(await page.locator('[data-test=kpi-accident-deaths]').textContent()).toBe(String(summary.accidents.deaths))
    expect(await page.locator('[data-test=kpi-double-decline] strong').textContent()).toBe(
      summary.accidents.double_decline ? '达成' : '未达成',
    )
    const lists = await api<WallLists>('/api/wall/lists?limit=8')
    expect(
      await page.locator('[data-test=wall-overdue] li').evaluateAll((rows) => rows.map((r) => r.dataset.id)),
    ).toEqual(lists.overdue_hazards.map((h) => String(h.id)))
    expect(await page.locator('[data-test=wall-updated]').textContent()).toMatch(/^更新于 \d\d:\d\d:\d\d$/)
    const shown = await page.evaluate(() => window.__sheyang!.sourceFeatureCounts())
    expect(shown.enterprises).toBe(
      (await api<{ numberMatched: number }>('/ogc/collections/enterprises/items?limit=1')).numberMatched,
    )
    await page.screenshot({ path: 'test-results/wall-3840x2160.png' })
    await page.close()
  })

  test('a hazard written to the database appears within 5 s, and leaves when closed', async () => {
    const page = await openWall()
    const updatedBefore = await page.evaluate(() => window.__sheyang!.wall!().updatedAt)
    const id = await insertOverdueHazard('e2e：消防通道堵塞')
    const started = Date.now()
    await overdueRow(page, id).waitFor({ timeout: 5000 })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await page.locator('[data-test=wall-overdue] li').first().getAttribute('data-id')).toBe(String(id))
    // "Updated at" moves once the whole refresh has arrived (the row may show a moment before).
    await page.waitForFunction((before) => window.__sheyang!.wall!().updatedAt! > before, updatedBefore!, {
      timeout: 5000,
    })

    await server.db.rows(sql`UPDATE hazards SET status = 'closed', closed_on = '2026-10-15' WHERE id = ${id}::int`)
    await overdueRow(page, id).waitFor({ state: 'detached', timeout: 5000 })
    await server.db.rows(sql`DELETE FROM hazards WHERE id = ${id}::int`)
    await page.close()
  })

  test('with the server stopped it keeps the data, marks it stale, and catches up after a restart', async () => {
    const page = await openWall()
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1))
    const kpi = page.locator('[data-test=kpi-special_inspections] [data-test=kpi-value]')
    const before = await kpi.textContent()

    await server.stopHttp()
    await page.locator('[data-test=wall-stale]').waitFor({ timeout: 15_000 })
    expect(await kpi.textContent()).toBe(before)
    expect(await page.locator('[data-test=wall-overdue] li').count()).toBe(8)
    await page.screenshot({ path: 'test-results/wall-stale-3840x2160.png' })

    // A change while the server is away is not replayed by the stream: the page must refetch.
    const id = await insertOverdueHazard('e2e：断线期间新增隐患')
    await server.startHttp()
    await page.locator('[data-test=wall-stale]').waitFor({ state: 'detached', timeout: 40_000 })
    await overdueRow(page, id).waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1)
    await server.db.rows(sql`DELETE FROM hazards WHERE id = ${id}::int`)
    await overdueRow(page, id).waitFor({ state: 'detached', timeout: 5000 })
    await page.close()
  })

  test('the tour moves through the towns in code order and pauses on a key', async () => {
    const page = await openWall('?tour=1&period=5&order=code')
    const town = () => page.evaluate(() => window.__sheyang!.wall!().town)
    expect(await town()).toBe('320924100')
    await page.locator('[data-test=wall-town-card][data-code="320924100"]').waitFor()
    expect(await page.locator('[data-test=wall-town]').textContent()).toBe('合德镇')
    await page.waitForFunction(() => window.__sheyang!.wall!().town === '320924101', null, { timeout: 8000 })
    await page.keyboard.press('Space')
    expect(await page.evaluate(() => window.__sheyang!.wall!().paused)).toBe(true)
    await page.keyboard.press('ArrowRight')
    expect(await town()).toBe('320924102')
    await page.waitForTimeout(6000)
    expect(await town()).toBe('320924102')
    const towns = await api<{ towns: { code: string; hazards: { open: number; overdue: number } }[] }>(
      '/api/stats/towns',
    )
    const qianqiu = towns.towns.find((t) => t.code === '320924102')!
    const card = page.locator('[data-test=wall-town-card][data-code="320924102"]')
    expect(await card.locator('[data-test=town-open]').textContent()).toBe(String(qianqiu.hazards.open))
    expect(await card.locator('[data-test=town-overdue]').textContent()).toBe(String(qianqiu.hazards.overdue))
    await page.close()
  })

  test('?town= holds the tour on one town; 1920×1080 and 5120×1440 keep the layout', async () => {
    const page = await openWall('?tour=1&town=320924117')
    expect(await page.evaluate(() => window.__sheyang!.wall!())).toMatchObject({ town: '320924117', paused: true })
    await page.waitForTimeout(3000)
    await page.screenshot({ path: 'test-results/wall-town-3840x2160.png' })
    await page.close()
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 5120, height: 1440 },
    ]) {
      const other = await openWall('', viewport)
      const map = (await other.locator('[data-test=map]').boundingBox())!
      expect(map.width).toBeGreaterThan(viewport.width * 0.3)
      expect(map.height).toBeGreaterThan(viewport.height * 0.45)
      // Nothing spills out of the screen.
      const overflow = await other.evaluate(() => document.documentElement.scrollHeight > innerHeight)
      expect(overflow).toBe(false)
      await other.screenshot({ path: `test-results/wall-${viewport.width}x${viewport.height}.png` })
      await other.close()
    }
  })

  test('no request leaves the origin and the console has only the outage’s refused connections', () => {
    expect(watches.length).toBeGreaterThanOrEqual(5)
    expect(watches.flatMap((w) => w.foreignRequests)).toEqual([])
    const errors = watches.flatMap((w) => w.consoleErrors)
    expect(errors.filter((e) => !/ERR_CONNECTION_REFUSED|net::ERR_|Failed to load resource/.test(e))).toEqual([])
    // Only the page open while the server was stopped saw refused connections.
    expect(watches.filter((w) => w.consoleErrors.length > 0).length).toBeLessThanOrEqual(1)
  })
})
