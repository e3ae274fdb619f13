import { sql, type SQL } from 'drizzle-orm'
import type { sectors } from '../../db/vocabulary.ts'

/** 工贸: the eight industry-and-trade sectors the regulator supervises as one group. */
export const industryAndTradeSectors = [
  'metallurgy',
  'nonferrous',
  'building_materials',
  'machinery',
  'light_industry',
  'textile',
  'tobacco',
  'commerce',
] as const satisfies readonly (typeof sectors)[number][]

/**
 * The plan's §4 names where the new 二级 / 三级 / 小微 standardisation targets are to be won: "在危化品
 * （化工）生产、烟花爆竹批发和重点规模工贸企业中" — hazchem, fireworks wholesale and the 工贸 sectors.
 * Transport, shipping and construction are only to be "pushed" (同时积极推动…), so they do not
 * count towards those targets. The 100% target for above-size enterprises covers every sector.
 */
export function standardizationTargetScope(enterprise: string): SQL {
  const e = sql.raw(enterprise)
  const trades = sql.join(
    industryAndTradeSectors.map((sector) => sql`${sector}`),
    sql`, `,
  )
  return sql`(${e}.sector = 'hazchem' OR ${e}.fireworks_wholesale OR ${e}.sector IN (${trades}))`
}
