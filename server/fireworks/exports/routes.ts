/**
 * The planner's exports (issue 11), mounted at /api/fireworks: the violations and the towns'
 * 总量控制, today's or a plan's, as files with Chinese headers and a Chinese file name
 * (Content-Disposition with RFC 5987 `filename*`).
 *
 * | method | path                          | query                                 | returns |
 * |--------|-------------------------------|---------------------------------------|---------|
 * | GET    | /api/fireworks/export.xlsx    | `plan_id?`                            | XLSX: sheets 违规清单, 乡镇总量 (and for a plan 规划变更, 方案对比) |
 * | GET    | /api/fireworks/export.csv     | `table` = `violations` \| `towns`, `plan_id?` | UTF-8 CSV with a BOM |
 *
 * Scoped like /violations and /towns; with `plan_id` only for the roles that read plans (403).
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../../app-env.ts'
import { requireRole } from '../../auth/principal.ts'
import { idParam } from '../../http/values.ts'
import { query } from '../../http/validate.ts'
import { outletViolations } from '../engine.ts'
import { evaluatePlan, withRefs } from '../plans/evaluation.ts'
import { storedPlan } from '../plans/queries.ts'
import { fireworksPlanReaders, ruleContextOf } from '../rule-context.ts'
import { townQuotas } from '../town-quota.ts'
import { attachment, toCsv, toXlsx, type Table } from '../../http/table-files.ts'
import { fileTitle, sheetName } from './labels-zh.ts'
import { outletNames } from '../outlets/queries.ts'
import { changesTable, comparisonTables, townsTable, violationsTable } from './tables.ts'

const xlsxQuery = z.strictObject({ plan_id: idParam.optional() })
const csvQuery = z.strictObject({ table: z.enum(['violations', 'towns']), plan_id: idParam.optional() })

/** What an export holds: today's layout, or a stored plan's evaluation. */
async function exportData(c: Context<AppEnv>, planId: number | undefined) {
  const db = c.get('db')
  const context = await ruleContextOf(c)
  const year = Number(context.today.slice(0, 4))
  if (planId === undefined) {
    const [violations, towns] = await Promise.all([
      outletViolations(db, context),
      townQuotas(db, context.scope, context.rules, year),
    ])
    return { violations: withRefs(violations, new Map()), towns, plan: undefined, evaluation: undefined }
  }
  requireRole(c, fireworksPlanReaders, 'A plan’s export')
  const plan = await storedPlan(db, planId)
  const evaluation = await evaluatePlan(db, context, plan.changes, year)
  return { violations: evaluation.violations, towns: evaluation.towns, plan, evaluation }
}

const fileName = (title: string, today: string, plan: { id: number; name: string } | undefined, extension: string) => ({
  name: `${title}${plan ? `-${plan.name}` : ''}-${today}.${extension}`,
  ascii: `fireworks${plan ? `-plan-${plan.id}` : ''}-${today}.${extension}`,
})

export const fireworksExports = new Hono<AppEnv>()
  .get('/export.xlsx', query(xlsxQuery), async (c) => {
    const { plan_id: planId } = c.req.valid('query')
    const { violations, towns, plan, evaluation } = await exportData(c, planId)
    const sheets: { name: string; tables: Table[] }[] = [
      { name: sheetName.violations, tables: [violationsTable(violations, towns)] },
      { name: sheetName.towns, tables: [townsTable(towns)] },
    ]
    if (plan && evaluation) {
      const ids = plan.changes.flatMap((change) => (change.kind === 'add' ? [] : [change.outlet_id]))
      const names = await outletNames(c.get('db'), ids)
      sheets.push(
        { name: sheetName.changes, tables: [changesTable(plan.changes, names)] },
        { name: sheetName.comparison, tables: comparisonTables(evaluation, towns) },
      )
    }
    const file = fileName(fileTitle.workbook, c.get('today'), plan, 'xlsx')
    return c.body(await toXlsx(sheets), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': attachment(file.name, file.ascii),
    })
  })
  .get('/export.csv', query(csvQuery), async (c) => {
    const { table, plan_id: planId } = c.req.valid('query')
    const { violations, towns, plan } = await exportData(c, planId)
    const file = fileName(fileTitle[table], c.get('today'), plan, 'csv')
    const csv = toCsv(table === 'violations' ? violationsTable(violations, towns) : townsTable(towns))
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': attachment(file.name, file.ascii.replace('.csv', `-${table}.csv`)),
    })
  })
