import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { testDemo } from '../support/fixture.ts'
import { testApp } from '../support/test-app.ts'
import type { Answer, Api } from '../../web/api/contract.ts'
import { ApiError } from '../../server/api-error.ts'
import { allRows } from '../../server/ledgers/export-rows.ts'
import { enterpriseLedger } from '../../server/ledgers/queries.ts'
import { readStatsRules } from '../../server/rules/stats-settings.ts'

type EnterprisePage = Answer<Api['ledgers']['enterprises']['$get']>
type HazardPage = Answer<Api['ledgers']['hazards']['$get']>

const ids = (rows: { id: number }[]) => rows.map((row) => row.id)

describe('get /api/ledgers/enterprises', () => {
  it('pages the whole county by name, then id, with the total of all that match', async () => {
    const { request, db } = await testApp()
    const expected = await db.rows<{ id: number }>(sql`SELECT id FROM enterprises ORDER BY name, id`)
    const first = (await (await request('/api/ledgers/enterprises')).json()) as EnterprisePage
    expect([first.total, first.limit, first.offset]).toEqual([expected.length, 50, 0])
    expect(ids(first.rows)).toEqual(ids(expected.slice(0, 50)))
    const second = (await (await request('/api/ledgers/enterprises?limit=7&offset=50')).json()) as EnterprisePage
    expect(ids(second.rows)).toEqual(ids(expected.slice(50, 57)))
  })

  it('sorts by a whitelisted column either way, ties by id, and every page joins up', async () => {
    const { request, db } = await testApp()
    const expected = await db.rows<{ id: number }>(sql`SELECT id FROM enterprises ORDER BY employees DESC, id`)
    const got: number[] = []
    for (let offset = 0; offset < expected.length; offset += 200) {
      const page = (await (
        await request(`/api/ledgers/enterprises?sort=employees&dir=desc&limit=200&offset=${offset}`)
      ).json()) as EnterprisePage
      got.push(...ids(page.rows))
    }
    expect(got).toEqual(ids(expected))
    const risk = (await (await request('/api/ledgers/enterprises?sort=risk_level&limit=200')).json()) as EnterprisePage
    const order = ['major', 'high', 'general', 'low']
    const ranks = risk.rows.map((row) => order.indexOf(row.risk_level))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  })

  it('filters by town, sector, risk and free text exactly as SQL does, % and _ taken literally', async () => {
    const { request, db } = await testApp()
    const [town] = await db.rows<{ code: string; sector: string }>(
      sql`SELECT town_code AS code, sector FROM enterprises WHERE town_code IS NOT NULL
          GROUP BY town_code, sector ORDER BY count(*) DESC LIMIT 1`,
    )
    const expected = await db.rows<{ id: number }>(
      sql`SELECT id FROM enterprises WHERE town_code = ${town!.code} AND sector = ${town!.sector}
          AND risk_level IN ('major', 'high', 'general') ORDER BY name, id`,
    )
    const page = (await (
      await request(
        `/api/ledgers/enterprises?town_code=${town!.code}&sector=${town!.sector}&risk_level=major,high,general&limit=200`,
      )
    ).json()) as EnterprisePage
    expect(page.total).toBe(expected.length)
    expect(ids(page.rows)).toEqual(ids(expected.slice(0, 200)))

    const [sample] = await db.rows<{ uscc: string; id: number }>(
      sql`SELECT uscc, id FROM enterprises ORDER BY id LIMIT 1`,
    )
    const byCode = (await (
      await request(`/api/ledgers/enterprises?q=${sample!.uscc.slice(2, 12).toLowerCase()}`)
    ).json()) as EnterprisePage
    expect(ids(byCode.rows)).toContain(sample!.id)
    for (const q of ['%', '_', '\\']) {
      const [{ n }] = (await db.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM enterprises WHERE strpos(name, ${q}) > 0 OR strpos(uscc, ${q}) > 0
            OR strpos(coalesce(address, ''), ${q}) > 0`,
      )) as [{ n: number }]
      const body = (await (
        await request(`/api/ledgers/enterprises?q=${encodeURIComponent(q)}`)
      ).json()) as EnterprisePage
      expect(body.total, q).toBe(n)
    }
  })

  it("derives the visit state with server/rules (as the enterprise's own record says it)", async () => {
    const { request } = await testApp()
    const page = (await (
      await request('/api/ledgers/enterprises?visit_state=overdue&limit=5')
    ).json()) as EnterprisePage
    expect(page.rows.length).toBeGreaterThan(0)
    for (const row of page.rows) {
      const record = (await (await request(`/api/enterprises/${row.id}/inspections`)).json()) as {
        visit: { state: string; last_visit_on: string | null; due_in_days: number | null }
      }
      expect([row.visit_state, row.last_visit_on, row.due_in_days]).toEqual([
        record.visit.state,
        record.visit.last_visit_on,
        record.visit.due_in_days,
      ])
    }
  })

  it('shows a grid officer only its grid, and a town its town', async () => {
    const { request, db } = await testApp()
    const [grid] = await db.rows<{ code: string; town: string }>(
      sql`SELECT grid_code AS code, town_code AS town FROM enterprises WHERE grid_code IS NOT NULL
          GROUP BY grid_code, town_code ORDER BY count(*) DESC, grid_code LIMIT 1`,
    )
    const [{ n }] = (await db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM enterprises WHERE grid_code = ${grid!.code}`,
    )) as [{ n: number }]
    const page = (await (
      await request('/api/ledgers/enterprises?limit=200', {}, `grid-${grid!.code}`)
    ).json()) as EnterprisePage
    expect(page.total).toBe(n)
    expect(new Set(page.rows.map((row) => row.grid_code))).toEqual(new Set([grid!.code]))
    const hazards = (await (
      await request('/api/ledgers/hazards?limit=200', {}, `grid-${grid!.code}`)
    ).json()) as HazardPage
    expect(hazards.rows.every((row) => row.grid_code === grid!.code)).toBe(true)
    const town = (await (
      await request('/api/ledgers/enterprises?limit=200', {}, `town-${grid!.town}`)
    ).json()) as EnterprisePage
    expect(town.rows.every((row) => row.town_code === grid!.town)).toBe(true)
    const towns = (await (await request('/api/ledgers/towns', {}, `town-${grid!.town}`)).json()) as {
      towns: { code: string }[]
    }
    expect(towns.towns.map((row) => row.code)).toEqual([grid!.town])
    expect((await request('/api/ledgers/enterprises', {}, 'anonymous')).status).toBe(401)
  })

  it('refuses bad parameters with a 400 that names them', async () => {
    const { request } = await testApp()
    for (const query of [
      'limit=201',
      'limit=0',
      'offset=-1',
      'sort=geom',
      'sort=name;drop',
      'dir=up',
      'town_code=abc',
      'sector=mining',
      'unknown=1',
      `q=${'x'.repeat(61)}`,
      'q=%00',
    ]) {
      const response = await request(`/api/ledgers/enterprises?${query}`)
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as { code: string }).code, query).toBe('bad_request')
    }
    for (const query of ['from=2026-10-02&to=2026-10-01', 'overdue=yes', 'from=2026-02-30', 'level=minor']) {
      const response = await request(`/api/ledgers/hazards?${query}`)
      expect(response.status, query).toBe(400)
    }
  })
})

describe('get /api/ledgers/hazards', () => {
  it('filters by status, overdue (server/rules/overdue.ts) and found dates, newest first by default', async () => {
    const { request, db } = await testApp()
    const expected = await db.rows<{ id: number }>(
      sql`SELECT id FROM hazards WHERE status <> 'closed' AND deadline < ${testDemo.asOf}::date
          AND found_on BETWEEN '2026-01-01' AND ${testDemo.asOf}::date ORDER BY found_on DESC, id`,
    )
    const page = (await (
      await request(`/api/ledgers/hazards?overdue=true&from=2026-01-01&to=${testDemo.asOf}&limit=200`)
    ).json()) as HazardPage
    expect(page.total).toBe(expected.length)
    expect(ids(page.rows)).toEqual(ids(expected.slice(0, 200)))
    expect(page.rows.every((row) => row.overdue && row.days_overdue > 0)).toBe(true)

    const closed = await db.rows<{ id: number }>(
      sql`SELECT id FROM hazards WHERE status = 'closed' ORDER BY deadline ASC NULLS LAST, id`,
    )
    const sorted = (await (
      await request('/api/ledgers/hazards?status=closed&sort=deadline&limit=200')
    ).json()) as HazardPage
    expect([sorted.total, ids(sorted.rows)]).toEqual([closed.length, ids(closed.slice(0, 200))])
  })
})

describe('get /api/ledgers/{name}/export', () => {
  it('exports exactly what is filtered, every page, with Chinese headers, as CSV and XLSX', async () => {
    const { request } = await testApp()
    const filter = 'risk_level=major,high&sort=name'
    const page = (await (await request(`/api/ledgers/enterprises?${filter}&limit=200`)).json()) as EnterprisePage
    const csv = await request(`/api/ledgers/enterprises/export.csv?${filter}`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''%E4%BC%81%E4%B8%9A%E5%8F%B0%E8%B4%A6")
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    expect(lines[0]!.startsWith('企业名称,统一社会信用代码,镇（区）,网格,行业,风险等级')).toBe(true)
    expect(lines.length - 1).toBe(page.total)
    expect(lines[1]!.startsWith(`${page.rows[0]!.name},${page.rows[0]!.uscc},`)).toBe(true)

    const response = await request(`/api/ledgers/hazards/export.xlsx?status=closed`)
    expect(response.status).toBe(200)
    const hazards = (await (await request('/api/ledgers/hazards?status=closed&limit=1')).json()) as HazardPage
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('隐患台账')
    expect(sheet.getRow(1).getCell(1).value).toBe('编号')
    expect(sheet.getRow(1).getCell(7).value).toBe('状态')
    expect(sheet.rowCount - 1).toBe(hazards.total)
    expect(sheet.getRow(2).getCell(1).value).toBe(hazards.rows[0]!.id)
    expect(sheet.getRow(2).getCell(7).value).toBe('已销号')

    expect((await request('/api/ledgers/hazards/export.csv?limit=5')).status).toBe(400)
  })
})

describe('the export cap', () => {
  it('refuses a filter that matches more rows than the cap with 413 export_too_large, and takes one that fits', async () => {
    const { db } = await testApp()
    const { visitFrequencyDays } = await readStatsRules(db)
    const read = (at: { limit: number; offset: number }) =>
      enterpriseLedger(db, { kind: 'all' }, { risk_level: ['major'] }, testDemo.asOf, visitFrequencyDays, at)
    const { total } = await read({ limit: 1, offset: 0 })
    expect((await allRows(read, total)).length).toBe(total)
    const refused = await allRows(read, total - 1).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({ status: 413, code: 'export_too_large', details: { total, max: total - 1 } })
  })
})
