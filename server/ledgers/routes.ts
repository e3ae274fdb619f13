/**
 * The ledgers (台账, issue 13), mounted at /api/ledgers: enterprises and hazards as pages of a
 * filtered, sorted table, and the same filter as a file.
 *
 * | method | path                                  | returns |
 * |--------|---------------------------------------|---------|
 * | GET    | /api/ledgers/towns                    | `{ towns: [{ code, name }] }`: the towns of the caller's enterprises (the town filter) |
 * | GET    | /api/ledgers/enterprises              | `{ total, limit, offset, rows }` |
 * | GET    | /api/ledgers/hazards                  | `{ total, limit, offset, rows }` |
 * | GET    | /api/ledgers/{enterprises,hazards}/export.xlsx | XLSX of every row the filter matches (Chinese headers) |
 * | GET    | /api/ledgers/{enterprises,hazards}/export.csv  | the same as UTF-8 CSV with a BOM |
 *
 * Query (server/ledgers/schemas.ts): `limit` 1…200 (50), `offset`; `sort` (a whitelist per ledger)
 * and `dir` asc|desc, ties by id; `town_code`, `grid_code`, `sector`, `risk_level`, `status`
 * (comma-separated lists), `q` (name, credit code, address; hazards also the description; at most 60
 * characters, % and _ literal); enterprises `visit_state`; hazards `level`, `overdue` true|false,
 * `from`/`to` (found_on, inclusive). Scoped like every read. Derived columns come from
 * server/rules/: `last_visit_on`, `due_in_days`, `visit_state` (visit-due.ts), `overdue`,
 * `days_overdue` (overdue.ts). An export of more than 50,000 rows is refused: 413 export_too_large.
 */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../app-env.ts'
import { attachment, toCsv, toXlsx, type Table } from '../http/table-files.ts'
import { query } from '../http/validate.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import { zhCN } from '../../web/i18n/zh-CN.ts'
import { enterpriseTable, hazardTable } from './columns.ts'
import { allRows } from './export-rows.ts'
import { enterpriseLedger, hazardLedger, ledgerTowns } from './queries.ts'
import {
  enterpriseExportQuery,
  enterpriseQuery,
  hazardExportQuery,
  hazardQuery,
  ledgerPageDefault,
  type EnterpriseFilter,
  type HazardFilter,
  type Page,
} from './schemas.ts'

const pageOf = (asked: { limit?: number; offset?: number }): Page => ({
  limit: asked.limit ?? ledgerPageDefault,
  offset: asked.offset ?? 0,
})

async function enterprises(c: Context<AppEnv>, filter: EnterpriseFilter, at: Page) {
  const db = c.get('db')
  const { visitFrequencyDays } = await readStatsRules(db)
  return enterpriseLedger(db, c.get('scope'), filter, c.get('today'), visitFrequencyDays, at)
}

const hazards = (c: Context<AppEnv>, filter: HazardFilter, at: Page) =>
  hazardLedger(c.get('db'), c.get('scope'), filter, c.get('today'), at)

type Ledger = keyof typeof zhCN.ledgers.file

function file(c: Context<AppEnv>, ledger: Ledger, table: Table, extension: 'csv' | 'xlsx', body: string | ArrayBuffer) {
  const today = c.get('today')
  return c.body(body, 200, {
    'Content-Type':
      extension === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': attachment(
      `${zhCN.ledgers.file[ledger]}-${today}.${extension}`,
      `${ledger}-${today}.${extension}`,
    ),
    'X-Total-Count': String(table.rows.length),
  })
}

const xlsx = (table: Table, ledger: Ledger) => toXlsx([{ name: zhCN.ledgers.file[ledger], tables: [table] }])

export const ledgers = new Hono<AppEnv>()
  .get('/towns', async (c) => c.json({ towns: await ledgerTowns(c.get('db'), c.get('scope')) }))
  .get('/enterprises', query(enterpriseQuery), async (c) => {
    const { limit, offset, ...filter } = c.req.valid('query')
    const at = pageOf({ limit, offset })
    const { total, rows } = await enterprises(c, filter, at)
    return c.json({ total, ...at, rows })
  })
  .get('/hazards', query(hazardQuery), async (c) => {
    const { limit, offset, ...filter } = c.req.valid('query')
    const at = pageOf({ limit, offset })
    const { total, rows } = await hazards(c, filter, at)
    return c.json({ total, ...at, rows })
  })
  .get('/enterprises/export.csv', query(enterpriseExportQuery), async (c) => {
    const table = enterpriseTable(await allRows((at) => enterprises(c, c.req.valid('query'), at)))
    return file(c, 'enterprises', table, 'csv', toCsv(table))
  })
  .get('/enterprises/export.xlsx', query(enterpriseExportQuery), async (c) => {
    const table = enterpriseTable(await allRows((at) => enterprises(c, c.req.valid('query'), at)))
    return file(c, 'enterprises', table, 'xlsx', await xlsx(table, 'enterprises'))
  })
  .get('/hazards/export.csv', query(hazardExportQuery), async (c) => {
    const table = hazardTable(await allRows((at) => hazards(c, c.req.valid('query'), at)))
    return file(c, 'hazards', table, 'csv', toCsv(table))
  })
  .get('/hazards/export.xlsx', query(hazardExportQuery), async (c) => {
    const table = hazardTable(await allRows((at) => hazards(c, c.req.valid('query'), at)))
    return file(c, 'hazards', table, 'xlsx', await xlsx(table, 'hazards'))
  })
