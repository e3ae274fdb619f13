import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { GridStats } from '../../../server/stats/grid-stats.ts'
import type { TownStats } from '../../../server/stats/town-stats.ts'
import { zhCN } from '../../../web/i18n/zh-CN.ts'
import { testDemo } from '../../support/fixture.ts'
import { testApp, type As, type Request } from '../../support/test-app.ts'
import { download } from './export-client.ts'

let request: Request

beforeAll(async () => {
  ;({ request } = await testApp())
})

const words = zhCN.exports.stats

/** The first sheet as objects keyed by the header row. */
async function sheetRows(bytes: Uint8Array): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer)
  const sheet = workbook.worksheets[0]!
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
  expect(new Set(headers).size).toBe(headers.length)
  const rows: Record<string, unknown>[] = []
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, (row.values as unknown[])[i + 1] ?? null])))
  })
  return rows
}

async function json<T>(path: string, as: As = 'county'): Promise<T> {
  const response = await request(path, {}, as)
  expect(response.status).toBe(200)
  return (await response.json()) as T
}

describe('statistics workbooks', () => {
  it('get /api/stats/grids.xlsx holds the figures of /api/stats/grids, one row per grid, for the same filter', async () => {
    const filter = 'risk_level=major,high'
    const { grids } = await json<{ grids: GridStats[] }>(`/api/stats/grids?${filter}`)
    const { bytes, headers } = await download(request, `/api/stats/grids.xlsx?${filter}`)
    expect(headers.get('content-disposition')).toContain(encodeURIComponent(`网格统计-${testDemo.asOf}.xlsx`))
    const rows = await sheetRows(bytes)
    expect(grids.length).toBeGreaterThan(10)
    expect(rows.map((row) => row[words.code])).toEqual(grids.map((grid) => grid.code))
    grids.forEach((grid, i) => {
      expect(rows[i]).toMatchObject({
        [words.name]: grid.name,
        [words.town]: grid.town_name,
        [words.enterprises]: grid.enterprises.total,
        [zhCN.risk.major]: grid.enterprises.by_risk_level.major,
        [zhCN.sector.hazchem]: grid.enterprises.by_sector.hazchem,
        [words.hazardsOpen]: grid.hazards.open,
        [words.hazardsOverdue]: grid.hazards.overdue,
        [words.closureRate]: grid.hazards.closure_rate,
        [words.inspections]: grid.inspections.done_this_year,
        [words.visitedOnTimeShare]: grid.inspections.visited_on_time_share,
      })
    })
    expect(grids.some((grid) => grid.hazards.open > 0)).toBe(true)
  })

  it('get /api/stats/towns.xlsx holds the figures of /api/stats/towns with the outlet cap', async () => {
    const { towns } = await json<{ towns: TownStats[] }>('/api/stats/towns')
    const rows = await sheetRows((await download(request, '/api/stats/towns.xlsx')).bytes)
    expect(rows.map((row) => row[words.code])).toEqual(towns.map((town) => town.code))
    towns.forEach((town, i) => {
      expect(rows[i]).toMatchObject({
        [words.name]: town.name,
        [words.gridCount]: town.grid_count,
        [words.households]: town.households,
        [words.outletCap]: town.outlet_cap.cap,
        [words.outletsActive]: town.fireworks.outlets_active,
        [words.enterprises]: town.enterprises.total,
        [words.hazardsFound]: town.hazards.found_this_year,
      })
    })
  })

  it('a grid officer gets only its grid, and a bad filter is the 400 of the JSON', async () => {
    const { grids } = await json<{ grids: GridStats[] }>('/api/stats/grids')
    const code = grids[0]!.code
    const rows = await sheetRows((await download(request, '/api/stats/grids.xlsx', `grid-${code}`)).bytes)
    expect(rows.map((row) => row[words.code])).toEqual([code])
    expect((await request('/api/stats/grids.xlsx?risk_level=purple')).status).toBe(400)
    expect((await request('/api/stats/towns.xlsx?town_code=999999999')).status).toBe(
      (await request('/api/stats/towns?town_code=999999999')).status,
    )
  })
})
