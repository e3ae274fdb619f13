import type { outletKinds, outletStatuses, sensitiveSiteKinds } from '../../../db/vocabulary.ts'
import { zhCN } from '../../../web/i18n/zh-CN.ts'
import type { RuleCode } from '../rule-context.ts'

/**
 * The Chinese words of the planner's exports (CSV and XLSX headers and values), which leave the
 * app as files for the county's own reports: the web's own zh-CN messages (web/i18n/zh-CN.ts, plain
 * data), so a file says exactly what the screen says.
 */
const words = zhCN.fireworks

export const ruleLabel: Record<RuleCode, string> = words.rule
export const severityLabel = words.severity
export const kindLabel: Record<(typeof outletKinds)[number], string> = zhCN.outletKind
export const statusLabel: Record<(typeof outletStatuses)[number], string> = zhCN.outletStatus
export const otherTypeLabel = { outlet: '网点', site: '敏感场所', zone: words.legend.zone } as const
export const siteKindLabel: Record<(typeof sensitiveSiteKinds)[number], string> = zhCN.siteKind
export const capSourceLabel = { hand: words.towns.capHand, households: words.towns.capHouseholds } as const
export const changeLabel = words.plan.change
export const yesNo = (value: boolean | null) => (value === null ? '' : value ? '是' : '否')

/** The files' names (before the date and extension). */
export const fileTitle = {
  workbook: '烟花爆竹零售网点布点',
  violations: '烟花爆竹零售网点违规清单',
  towns: '烟花爆竹零售网点乡镇总量',
} as const
export const sheetName = {
  violations: '违规清单',
  towns: '乡镇总量',
  changes: '规划变更',
  comparison: '方案对比',
} as const
