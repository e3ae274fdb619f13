import type { outletKinds, outletStatuses, sensitiveSiteKinds } from '../../../db/vocabulary.ts'
import type { RuleCode } from '../rule-context.ts'

/**
 * The Chinese words of the planner's exports (CSV and XLSX headers and values), which leave the
 * app as files for the county's own reports; the same words as the web's zh-CN messages.
 */
export const ruleLabel: Record<RuleCode, string> = {
  outlet_spacing: '网点间距不足',
  site_distance: '距敏感场所过近',
  no_fireworks_zone: '位于禁放区内',
  shares_residence: '与居住场所同一建筑',
  not_dedicated_shop: '非专店经营',
  floor_area: '营业面积不足',
  licence_number: '许可证号格式不符',
  licence_expired: '许可证已过期',
  licence_expiring: '许可证即将到期',
  licence_validity: '许可证有效期超限',
}

export const severityLabel = { error: '违规', warning: '预警' } as const
export const kindLabel: Record<(typeof outletKinds)[number], string> = { fixed: '常年', temporary: '临时' }
export const statusLabel: Record<(typeof outletStatuses)[number], string> = {
  active: '营业',
  suspended: '暂停',
  closed: '关闭',
  planned: '规划（待发证）',
}
export const otherTypeLabel = { outlet: '网点', site: '敏感场所', zone: '禁放区' } as const
export const siteKindLabel: Record<(typeof sensitiveSiteKinds)[number], string> = {
  school: '学校',
  kindergarten: '幼儿园',
  hospital: '医院',
  market: '集贸市场',
  crowded_place: '人员密集场所',
  gas_station: '加油（气）站',
  flammable_storage: '易燃易爆储存',
  high_rise: '高层建筑',
  residential_gate: '居民小区出入口',
}
export const capSourceLabel = { hand: '人工设定', households: '按户数计算' } as const
export const changeLabel = { close: '关闭', move: '迁址', add: '新增' } as const
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
