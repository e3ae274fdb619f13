import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { param, query } from '../http/validate.ts'
import { gridCode } from '../http/values.ts'
import { readStatsRules, statsRulesAnswer } from '../rules/stats-settings.ts'
import { attachment, toXlsx, xlsxType, type Table } from '../http/table-files.ts'
import { zhCN } from '../../web/i18n/zh-CN.ts'
import { checkTownCodes, filterRefusal, statsFilterQuery, type StatsFilter } from './filters.ts'
import { allGridStats, oneGridStats, type GridStatsQuery } from './grid-stats.ts'
import { countySummary } from './summary.ts'
import { allTownStats } from './town-stats.ts'
import { gridStatsTable, townStatsTable } from './workbooks.ts'

/**
 * DESIGN §4 statistics, plain JSON:
 * | GET /grids         | `{ as_of, year, rules, filter, grids: GridStats[] }` for every grid in scope; `rules` under the settings' keys, as GET /api/rules |
 * | GET /grids/{code}  | `{ as_of, …GridStats }`; 400 for a malformed code, 404 for an unknown one |
 * | GET /towns         | `{ as_of, year, rules, filter, towns: TownStats[] }`: the same metrics per town |
 * | GET /summary?year= | the county's KPIs against the year's annual_targets (2000 to this year) |
 * | GET /grids.xlsx    | the figures of /grids as a workbook, one row per grid, Chinese headers (server/stats/workbooks.ts) |
 * | GET /towns.xlsx    | the figures of /towns as a workbook, one row per town |
 * /grids, /grids/{code}, /towns and the workbooks take `town_code`, `sector`, `risk_level` filters.
 */

/** The filters checked against the towns, with the rules and date every statistic needs. */
async function statsQuery(c: Context<AppEnv>, filter: StatsFilter): Promise<GridStatsQuery> {
  const db = c.get('db')
  await checkTownCodes(db, filter)
  return { scope: c.get('scope'), filter, rules: await readStatsRules(db), today: c.get('today') }
}

const envelope = (query: GridStatsQuery) => ({
  as_of: query.today,
  year: Number(query.today.slice(0, 4)),
  rules: statsRulesAnswer(query.rules),
  filter: { town_codes: query.filter.townCodes, sectors: query.filter.sectors, risk_levels: query.filter.riskLevels },
})

/** A statistics workbook, named in Chinese with the reference date. */
async function workbook(c: Context<AppEnv>, table: Table, title: string, asciiName: string) {
  const today = c.get('today')
  const body = await toXlsx([{ name: title, tables: [table] }])
  return c.body(body, 200, {
    'Content-Type': xlsxType,
    'Content-Disposition': attachment(`${title}-${today}.xlsx`, `${asciiName}-${today}.xlsx`),
  })
}

const filters = query(statsFilterQuery, filterRefusal)
const gridPath = param(z.object({ code: gridCode }), {
  error: 'Malformed grid code',
  details: { expected: '12 digits: the 9-digit town code and a 3-digit serial' },
})
const firstYear = 2000
const summaryQuery = z.strictObject({
  year: z
    .string()
    .regex(/^\d{4}$/, 'a four-digit year')
    .transform(Number)
    .pipe(z.number().int().min(firstYear))
    .optional(),
})

export const stats = new Hono<AppEnv>()
  .get('/grids', filters, async (c) => {
    const query = await statsQuery(c, c.req.valid('query'))
    return c.json({ ...envelope(query), grids: await allGridStats(c.get('db'), query) })
  })
  .get('/grids.xlsx', filters, async (c) => {
    const grids = await allGridStats(c.get('db'), await statsQuery(c, c.req.valid('query')))
    return workbook(c, gridStatsTable(grids), zhCN.exports.stats.gridsFile, 'grid-stats')
  })
  .get('/towns.xlsx', filters, async (c) => {
    const towns = await allTownStats(c.get('db'), await statsQuery(c, c.req.valid('query')))
    return workbook(c, townStatsTable(towns), zhCN.exports.stats.townsFile, 'town-stats')
  })
  .get('/grids/:code', gridPath, filters, async (c) => {
    const { code } = c.req.valid('param')
    const query = await statsQuery(c, c.req.valid('query'))
    const grid = await oneGridStats(c.get('db'), code, query)
    if (!grid) throw notFound(`No grid ${code}`)
    return c.json({ as_of: query.today, ...grid })
  })
  .get('/towns', filters, async (c) => {
    const query = await statsQuery(c, c.req.valid('query'))
    return c.json({ ...envelope(query), towns: await allTownStats(c.get('db'), query) })
  })
  .get(
    '/summary',
    query(summaryQuery, { error: 'Invalid year', details: { allowed: `${firstYear}–this year` } }),
    async (c) => {
      const today = c.get('today')
      const thisYear = Number(today.slice(0, 4))
      const year = c.req.valid('query').year ?? thisYear
      // The ceiling moves with the reference date, so it is checked here rather than in the schema.
      if (year > thisYear) {
        throw badRequest('Invalid year', {
          issues: [{ path: 'year', message: `no later than ${thisYear}, the year of the reference date` }],
          allowed: `${firstYear}–${thisYear}`,
        })
      }
      const db = c.get('db')
      const rules = await readStatsRules(db)
      return c.json(await countySummary(db, { year, today, scope: c.get('scope'), rules }))
    },
  )
