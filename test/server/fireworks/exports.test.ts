import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { json, testApp, type Request } from '../../support/test-app.ts'

let request: Request
let db: Database
let planId: number
let closed: { id: number; name: string; town_code: string }

beforeAll(async () => {
  ;({ request, db } = await testApp())
  ;[closed] = (await db.rows<typeof closed>(
    sql`SELECT id, name, town_code FROM fireworks_outlets WHERE status = 'active' AND town_code IS NOT NULL ORDER BY id LIMIT 1`,
  )) as [typeof closed]
  const created = (await (
    await request('/api/fireworks/plans', json('POST', { name: 'test 导出', year: 2027 }), 'planner')
  ).json()) as {
    id: number
  }
  planId = created.id
  const put = await request(
    `/api/fireworks/plans/${planId}`,
    json('PUT', { version: 1, changes: [{ kind: 'close', outlet_id: closed.id }] }),
    'planner',
  )
  expect(put.status).toBe(200)
})
afterAll(() => db.rows(sql`DELETE FROM fireworks_plans WHERE id = ${planId}::int`))

const dispositionName = (response: Response) => {
  const header = response.headers.get('content-disposition')!
  return decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1]!)
}

async function workbook(path: string, as = 'planner') {
  const response = await request(path, {}, as)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await response.arrayBuffer())
  const sheets = new Map(book.worksheets.map((sheet) => [sheet.name, sheet]))
  const values = (name: string) => {
    const rows: unknown[][] = []
    sheets.get(name)!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)))
    return rows
  }
  return { name: dispositionName(response), sheets: [...sheets.keys()], values }
}

const counts = async (as: string) => {
  const violations = (await (await request('/api/fireworks/violations', {}, as)).json()) as {
    violations: { rule: string; outlet_name: string }[]
  }
  const towns = (await (await request('/api/fireworks/towns', {}, as)).json()) as {
    towns: { code: string; name: string }[]
  }
  return { violations: violations.violations, towns: towns.towns }
}

describe('get /api/fireworks/export.xlsx', () => {
  it('holds today’s violations and towns with Chinese headers, read back with exceljs', async () => {
    const book = await workbook('/api/fireworks/export.xlsx')
    expect(book.name).toBe('烟花爆竹零售网点布点-2026-10-15.xlsx')
    expect(book.sheets).toEqual(['违规清单', '乡镇总量'])
    const { violations, towns } = await counts('planner')
    const rows = book.values('违规清单')
    expect(rows[0]!.slice(0, 3)).toEqual(['网点编号', '规划新增编号', '网点名称'])
    expect(rows.length).toBe(violations.length + 1)
    expect(rows[1]![2]).toBe(violations[0]!.outlet_name)
    expect(rows.slice(1).filter((r) => r[7] === '网点间距不足').length).toBe(
      violations.filter((v) => v.rule === 'outlet_spacing').length,
    )
    const townRows = book.values('乡镇总量')
    expect(townRows[0]!.slice(0, 4)).toEqual(['乡镇代码', '乡镇名称', '户数', '网点上限'])
    expect(townRows.slice(1).map((r) => r[1])).toEqual(towns.map((t) => t.name))
  })

  it('adds the plan’s changes and the comparison for a plan', async () => {
    const book = await workbook(`/api/fireworks/export.xlsx?plan_id=${planId}`)
    expect(book.name).toBe('烟花爆竹零售网点布点-test 导出-2026-10-15.xlsx')
    expect(book.sheets).toEqual(['违规清单', '乡镇总量', '规划变更', '方案对比'])
    expect(book.values('规划变更').slice(1)).toEqual([[1, '关闭', closed.id, undefined, closed.name]])
    const comparison = book.values('方案对比')
    expect(comparison[0]!.slice(0, 6)).toEqual(['乡镇代码', '乡镇名称', '网点上限', '现状网点', '规划网点', '增减'])
    const town = comparison.find((r) => r[0] === closed.town_code)!
    expect(town[5]).toBe(-1)
  })
})

describe('get /api/fireworks/export.csv', () => {
  it('is UTF-8 with a BOM and Chinese headers, scoped to a town user’s town', async () => {
    const response = await request('/api/fireworks/export.csv?table=violations', {}, 'county')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(dispositionName(response)).toBe('烟花爆竹零售网点违规清单-2026-10-15.csv')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n')
    expect(lines[0]!.startsWith('网点编号,规划新增编号,网点名称,许可证号,类型,乡镇,网格,违规事项')).toBe(true)
    const all = await counts('county')
    expect(lines.length).toBe(all.violations.length + 1)

    const town = `town-${closed.town_code}`
    const mine = await counts(town)
    const townCsv = await (await request('/api/fireworks/export.csv?table=towns', {}, town)).text()
    expect(townCsv.trimEnd().split('\r\n').length).toBe(mine.towns.length + 1)
    const townViolations = await (await request('/api/fireworks/export.csv?table=violations', {}, town)).text()
    expect(townViolations.trimEnd().split('\r\n').length).toBe(mine.violations.length + 1)
    expect(mine.violations.length).toBeLessThan(all.violations.length)
    expect((await request(`/api/fireworks/export.csv?table=towns&plan_id=${planId}`, {}, town)).status).toBe(403)
  })

  it('refuses unknown tables and plans with a JSON 4xx', async () => {
    for (const [path, status] of [
      ['/api/fireworks/export.csv?table=hazards', 400],
      ['/api/fireworks/export.csv', 400],
      ['/api/fireworks/export.xlsx?plan_id=abc', 400],
      ['/api/fireworks/export.xlsx?plan_id=2000000000', 404],
    ] as const) {
      const response = await request(path, {}, 'planner')
      expect([path, response.status]).toEqual([path, status])
      expect(((await response.json()) as { code: string }).code).toEqual(expect.any(String))
    }
  })
})
