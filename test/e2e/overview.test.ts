import { mkdirSync } from 'node:fs'
import { pointOnFeature } from '@turf/turf'
import { sql } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchBrowser, waitForMap, watchPage, type PageWatch } from './support/browser.ts'
import { startDemoServer, type DemoServer } from './support/demo-server.ts'
import { apiAs, loggedInContext, logInWithForm } from './support/session.ts'
import type { GridStats } from '../../web/api/stats.ts'

let server: DemoServer
let browser: Browser
const watches: PageWatch[] = []
mkdirSync('test-results', { recursive: true })

// Every data endpoint needs a log-in: the suite reads the API and browses as the county user.
let countyApi: ReturnType<typeof apiAs> | undefined
const api = <T>(path: string) => (countyApi ??= apiAs(server.url, 'county'))<T>(path)
const matched = async (collection: string, query = '') =>
  (await api<{ numberMatched: number }>(`/ogc/collections/${collection}/items?limit=1${query}`)).numberMatched

async function openPage(path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const page = await (await loggedInContext(browser, server.url, 'county', viewport)).newPage()
  watches.push(watchPage(page, server.url))
  await page.goto(server.url + path)
  await waitForMap(page)
  return page
}
const counts = (page: Page) => page.evaluate(() => window.__sheyang!.sourceFeatureCounts())

beforeAll(async () => {
  server = await startDemoServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the county overview map', () => {
  test('an anonymous visit goes to /login and comes back to the map after logging in as county', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    watches.push(watchPage(page, server.url))
    await page.goto(server.url + '/?risk=major')
    await page.waitForURL('**/login?next=**')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/?risk=major')
    await logInWithForm(page, 'county')
    await page.waitForURL((url) => url.pathname === '/')
    await waitForMap(page)
    expect(new URL(page.url()).searchParams.get('risk')).toBe('major')
    expect(await page.locator('[data-test=user-name]').textContent()).toBe('射阳县应急管理局')
    expect(await page.locator('[data-test=user-role]').textContent()).toBe('县级用户')
    await page.close()
  })

  test('draws every town, grid and enterprise the OGC API has', async () => {
    const page = await openPage('/')
    const shown = await counts(page)
    expect(shown.towns).toBe(await matched('towns'))
    expect(shown.grids).toBe(await matched('grids'))
    expect(shown.enterprises).toBe(await matched('enterprises'))
    expect(await page.locator('[data-test=data-note]').textContent()).toContain('合成')
    await page.screenshot({ path: 'test-results/overview-1920x1080.png' })
    await page.close()
  })

  test('switching layers on loads them with the API counts and puts them in the URL', async () => {
    const page = await openPage('/')
    for (const id of ['dust', 'fireworks', 'sensitive-sites', 'zones', 'confined-spaces', 'chemicals']) {
      await page.locator(`[data-test=layer-${id}]`).check()
    }
    await page.waitForFunction(
      () =>
        (window.__sheyang!.sourceFeatureCounts()['sensitive-sites'] ?? -1) >= 0 &&
        window.__sheyang!.sourceFeatureCounts()['confined-spaces'] !== undefined &&
        window.__sheyang!.sourceFeatureCounts()['fireworks-outlets'] !== undefined &&
        window.__sheyang!.sourceFeatureCounts().dust !== undefined &&
        window.__sheyang!.sourceFeatureCounts().zones !== undefined,
    )
    await page.evaluate(() => window.__sheyang!.settled())
    const shown = await counts(page)
    expect(shown.dust).toBe(await matched('dust'))
    expect(shown['fireworks-outlets']).toBe(await matched('fireworks-outlets'))
    expect(shown['sensitive-sites']).toBe(await matched('sensitive-sites'))
    expect(shown.zones).toBe(await matched('zones'))
    const spaces = await api<{ features: { properties: { enterprise_id: number } }[] }>(
      '/ogc/collections/confined-spaces/items?limit=10000',
    )
    expect(shown['confined-spaces']).toBe(new Set(spaces.features.map((f) => f.properties.enterprise_id)).size)
    expect(new URL(page.url()).searchParams.get('l')).toBe(
      'towns,grids,zones,enterprises,dust,confined-spaces,chemicals,fireworks,sensitive-sites',
    )
    // 涉氨制冷 and 两重点一重大: the sector alone does not put an enterprise on the chemicals layer.
    type Unit = {
      ammonia_tonnes: string | null
      hazchem_key_process: boolean
      hazchem_key_chemical: boolean
      major_hazard_level: number | null
    }
    const enterprises = await api<{ features: { properties: Unit }[] }>(
      '/ogc/collections/enterprises/items?limit=10000',
    )
    await page.waitForFunction(() => window.__sheyang!.sourceFeatureCounts().chemicals !== undefined)
    expect((await counts(page)).chemicals).toBe(
      enterprises.features.filter(
        ({ properties: p }) =>
          Number(p.ammonia_tonnes ?? 0) > 0 ||
          p.hazchem_key_process ||
          p.hazchem_key_chemical ||
          p.major_hazard_level !== null,
      ).length,
    )
    await page.screenshot({ path: 'test-results/all-layers-1920x1080.png' })
    await page.close()
  })

  test('the chemicals legend prints the ammonia tonnes the settings hold now', async () => {
    const setTonnes = (tonnes: number) =>
      server.db.rows(sql`UPDATE settings SET value = ${JSON.stringify(tonnes)}::jsonb
        WHERE key = 'ammonia_major_hazard_tonnes'`)
    await setTonnes(12.5)
    try {
      expect((await api<{ ammonia_major_hazard_tonnes: number }>('/api/rules')).ammonia_major_hazard_tonnes).toBe(12.5)
      const page = await openPage('/?l=towns,grids,enterprises,chemicals')
      const legend = page.locator('[data-test=legend-chemicals]')
      await legend.getByText('液氨 ≥12.5 吨（重大危险源）').waitFor()
      expect(await legend.locator('.label').allTextContents()).toEqual([
        '涉氨制冷',
        '液氨 ≥12.5 吨（重大危险源）',
        '两重点一重大',
      ])
      await page.screenshot({ path: 'test-results/overview-chemicals-legend-1920x1080.png' })
      await page.close()
    } finally {
      await setTonnes(10)
    }
  })

  test('the risk and sector filters apply to the map and to the numbers alike', async () => {
    const page = await openPage('/?risk=major&sector=hazchem')
    expect((await counts(page)).enterprises).toBe(await matched('enterprises', '&risk_level=major&sector=hazchem'))
    await page.locator('[data-test=filter-risk-high]').click()
    await page.waitForFunction(() => new URL(location.href).searchParams.get('risk') === 'major,high')
    await page.evaluate(() => window.__sheyang!.settled())
    const both =
      (await matched('enterprises', '&risk_level=major&sector=hazchem')) +
      (await matched('enterprises', '&risk_level=high&sector=hazchem'))
    expect((await counts(page)).enterprises).toBe(both)
    await page.close()
  })

  test('clicking a grid shows the numbers of /api/stats/grids/{code}', async () => {
    const { grids } = await api<{ grids: { code: string; hazards: { open: number } }[] }>('/api/stats/grids')
    const busiest = [...grids].sort((a, b) => b.hazards.open - a.hazards.open || a.code.localeCompare(b.code))[0]!
    const feature = await api<GeoJSON.Feature>(`/ogc/collections/grids/items/${busiest.code}`)
    const [lng, lat] = pointOnFeature(feature).geometry.coordinates as [number, number]
    const page = await openPage(`/?c=${lng.toFixed(5)},${lat.toFixed(5)}&z=13.00&l=towns,grids`)
    const point = await page.evaluate((at) => window.__sheyang!.project(at), [lng, lat] as [number, number])
    await page.mouse.click(point!.x, point!.y)
    const panel = page.locator('[data-test=grid-stats]')
    await panel.locator('[data-test=stat-enterprises]').waitFor()
    const stats = await api<GridStats>(`/api/stats/grids/${busiest.code}`)
    const value = (name: string) => panel.locator(`[data-test=${name}] .value`).textContent()
    expect(await panel.locator('[data-test=panel-title]').textContent()).toBe(stats.name)
    expect(await panel.locator('[data-test=grid-code]').textContent()).toBe(busiest.code)
    expect(await value('stat-enterprises')).toBe(String(stats.enterprises.total))
    expect(await value('stat-open-hazards')).toBe(String(stats.hazards.open))
    expect(await value('stat-overdue-hazards')).toBe(String(stats.hazards.overdue))
    expect(await value('stat-inspections')).toBe(String(stats.inspections.done_this_year))
    const share = stats.inspections.visited_on_time_share
    expect(await value('stat-visited-on-time')).toBe(share === null ? '—' : `${Math.round(share * 100)}%`)
    expect(new URL(page.url()).searchParams.get('sel')).toBe(`grid:${busiest.code}`)
    await page.screenshot({ path: 'test-results/grid-stats-1920x1080.png' })
    await page.close()
  })

  test('the URL round-trips the view', async () => {
    const query =
      'c=120.25270,33.77510&z=11.50&l=towns,grids,enterprises,dust&m=overdue_hazards&town=320924100&risk=major&sel=town:320924100'
    const page = await openPage(`/?${query}`)
    expect(decodeURIComponent(new URL(page.url()).search.slice(1))).toBe(query)
    expect(await page.locator('[data-test=metric]').inputValue()).toBe('overdue_hazards')
    expect(await page.locator('[data-test=filter-town]').inputValue()).toBe('320924100')
    expect(await page.locator('[data-test=town-stats] [data-test=town-code]').textContent()).toBe('320924100')
    await page.reload()
    await waitForMap(page)
    expect(decodeURIComponent(new URL(page.url()).search.slice(1))).toBe(query)
    await page.close()
  })

  test('search finds an enterprise by USCC and opens its record', async () => {
    const enterprise = await api<{ features: { id: number; properties: { uscc: string; name: string } }[] }>(
      '/ogc/collections/enterprises/items?limit=1&offset=10',
    )
    const { id, properties } = enterprise.features[0]!
    const page = await openPage('/')
    await page.locator('[data-test=search]').first().fill(properties.uscc)
    await page.locator('[data-test=search]').first().press('Enter')
    await page.waitForURL(`**/enterprises/${id}**`)
    const record = page.locator('[data-test=enterprise-record]')
    await record.locator('[data-test=enterprise-uscc]').waitFor()
    expect(await record.locator('[data-test=enterprise-uscc]').textContent()).toBe(properties.uscc)
    expect(await record.locator('[data-test=panel-title]').textContent()).toBe(properties.name)
    const hazards = await matched('hazards', `&enterprise_id=${id}`)
    await page.waitForFunction(
      (n) => document.querySelector('[data-test=enterprise-hazard-count]')?.textContent === String(n),
      hazards,
    )
    const { inspections } = await api<{ inspections: unknown[] }>(`/api/enterprises/${id}/inspections`)
    await page.waitForFunction(
      (n) => document.querySelector('[data-test=enterprise-inspection-count]')?.textContent === String(n),
      inspections.length,
    )
    expect(await page.locator('[data-test=enterprise-inspections] tbody tr').count()).toBe(inspections.length)
    await page.screenshot({ path: 'test-results/enterprise-1920x1080.png' })
    await page.close()
  })

  test('4K wall and 390×844 phone layouts keep the map in view', async () => {
    const wall = await openPage('/', { width: 3840, height: 2160 })
    await wall.screenshot({ path: 'test-results/overview-3840x2160.png' })
    await wall.close()
    const phone = await openPage('/?sel=town:320924100', { width: 390, height: 844 })
    const map = await phone.locator('[data-test=map]').boundingBox()
    const sheet = await phone.locator('[data-test=sheet]').boundingBox()
    expect(map!.height).toBeGreaterThan(844 / 2)
    expect(sheet!.y).toBeGreaterThan(844 / 2)
    await phone.screenshot({ path: 'test-results/overview-390x844.png' })
    await phone.close()
  })

  test('while the server is unreachable the page says the data is stale and recovers by itself', async () => {
    const page = await (await loggedInContext(browser, server.url, 'county', { width: 1920, height: 1080 })).newPage()
    await page.goto(server.url + '/')
    await waitForMap(page)
    const before = (await counts(page)).enterprises
    await page.route(/\/(api|ogc|healthz)(\/|$|\?)/, (route) => route.abort('connectionrefused'))
    await page.locator('[data-test=filter-risk-low]').click()
    await page.locator('[data-test=stale-banner]').waitFor()
    expect((await counts(page)).enterprises).toBeLessThan(before!)
    await page.screenshot({ path: 'test-results/stale-1920x1080.png' })
    await page.unroute(/\/(api|ogc|healthz)(\/|$|\?)/)
    await page.locator('[data-test=stale-banner]').waitFor({ state: 'detached', timeout: 30_000 })
    await page.close()
  })

  test('no request leaves the origin and the console stays clean', () => {
    expect(watches.length).toBeGreaterThan(0)
    expect(watches.flatMap((w) => w.foreignRequests)).toEqual([])
    expect(watches.flatMap((w) => w.consoleErrors)).toEqual([])
  })
})
