import { z } from 'zod'
import { sensitiveSiteKinds } from '../../db/vocabulary.ts'

/**
 * Every setting the server reads (server/fireworks/siting-rules.ts, server/rules/*-settings.ts,
 * server/rules/outlet-visit-due.ts) and every target of the year (annual_targets), as the settings
 * page shows and checks them: a Chinese description, the unit, where the default comes from (the
 * DOMAIN.md section and the document behind it; the defaults themselves are db/defaults.ts), the
 * kind of value, and the schema a new value must pass (422 `invalid_setting` with its reason). The
 * readers keep their own lenient parsing (a malformed row falls back to the default); these
 * schemas keep a malformed row from being written at all.
 */

export type SettingKind = 'number' | 'integer' | 'boolean' | 'object'
export type SettingField = { key: string; label: string; unit: string }
export type SettingEntry = {
  description: string
  unit: string
  source: string
  kind: SettingKind
  /** For an object: its fields, in the order a form shows them. */
  fields?: SettingField[]
  schema: z.ZodType
}

const metres = z.number().finite().min(0).max(100_000)
const days = z.number().int().min(1).max(3650)
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD, e.g. 12-15')

const siteKindLabels: Record<(typeof sensitiveSiteKinds)[number], string> = {
  school: '学校',
  kindergarten: '幼儿园',
  hospital: '医院',
  market: '集贸市场',
  crowded_place: '其他人员密集场所',
  gas_station: '加油（气）站',
  flammable_storage: '易燃易爆物品生产储存场所',
  high_rise: '高层建筑',
  residential_gate: '居民小区出入口',
}

const fireworksRules = 'DOMAIN §6；原国家安监总局令第65号（2013）、AQ 4128-2019'

export const settingsCatalogue: Record<string, SettingEntry> = {
  fireworks_outlet_spacing_m: {
    description: '烟花爆竹零售点之间的最小距离',
    unit: '米',
    source: fireworksRules,
    kind: 'number',
    schema: metres,
  },
  fireworks_site_distance_m: {
    description: '零售点与各类敏感场所的最小距离（0 表示不检查该类；高层建筑、小区出入口为待核实规则）',
    unit: '米',
    source: fireworksRules,
    kind: 'object',
    fields: sensitiveSiteKinds.map((kind) => ({ key: kind, label: siteKindLabels[kind], unit: '米' })),
    schema: z.strictObject(Object.fromEntries(sensitiveSiteKinds.map((kind) => [kind, metres]))),
  },
  fireworks_forbid_in_no_fireworks_zone: {
    description: '禁放区内不得设置零售点',
    unit: '',
    source: 'DOMAIN §6；《烟花爆竹安全管理条例》',
    kind: 'boolean',
    schema: z.boolean(),
  },
  fireworks_forbid_shared_residence: {
    description: '“两关闭”：零售点不得与居住场所设置在同一建筑物内（下店上宅、前店后宅）',
    unit: '',
    source: fireworksRules,
    kind: 'boolean',
    schema: z.boolean(),
  },
  fireworks_require_dedicated_shop: {
    description: '“两关闭”：零售点须为专店',
    unit: '',
    source: fireworksRules,
    kind: 'boolean',
    schema: z.boolean(),
  },
  fireworks_min_floor_area_m2: {
    description: '零售点的最小营业面积',
    unit: '平方米',
    source: fireworksRules,
    kind: 'number',
    schema: z.number().finite().min(0).max(100_000),
  },
  fireworks_outlets_per_1000_households_max: {
    description: '“总量控制”：每千户居民最多设置的零售点数（示例规则）',
    unit: '个/千户',
    source: 'DOMAIN §6 “合理布局、总量控制、有序递减”',
    kind: 'number',
    schema: z.number().finite().min(0).max(1000),
  },
  fireworks_licence_max_years: {
    description: '零售许可证的最长有效期',
    unit: '年',
    source: 'DOMAIN §6；原国家安监总局令第65号',
    kind: 'integer',
    schema: z.number().int().min(1).max(100),
  },
  fireworks_licence_expiry_warning_days: {
    description: '许可证在此天数内到期即提示“即将到期”',
    unit: '天',
    source: 'DOMAIN §6（本县自定）',
    kind: 'integer',
    schema: z.number().int().min(0).max(3650),
  },
  fireworks_yearly_reduction: {
    description: '“有序递减”：今后几年每年压减各镇零售点上限的比例（占上一年）',
    unit: '',
    source: 'DOMAIN §6（各地实际方案数年压减 18%–50%，本县自定）',
    kind: 'object',
    fields: [
      { key: 'rate_pct', label: '每年压减比例', unit: '%' },
      { key: 'years', label: '年数', unit: '年' },
    ],
    schema: z.strictObject({ rate_pct: z.number().finite().min(0).max(100), years: z.number().int().min(0).max(20) }),
  },
  fireworks_check_radius_m: {
    description: '候选选址检查时列出此半径内最近的零售点、敏感场所和禁放区',
    unit: '米',
    source: 'DOMAIN §6（本系统设定）',
    kind: 'number',
    schema: z.number().finite().positive().max(100_000),
  },
  visit_frequency_days: {
    description: '按风险等级的最长巡查间隔：间隔的最后一天为“应巡”，次日起为“逾期”',
    unit: '天',
    source: 'DOMAIN §3（默认红、橙每月一次，黄、蓝每季度一次）',
    kind: 'object',
    fields: [
      { key: 'major', label: '重大风险（红）', unit: '天' },
      { key: 'high', label: '较大风险（橙）', unit: '天' },
      { key: 'general', label: '一般风险（黄）', unit: '天' },
      { key: 'low', label: '低风险（蓝）', unit: '天' },
    ],
    schema: z.strictObject({ major: days, high: days, general: days, low: days }),
  },
  fireworks_season: {
    description: '春节烟花爆竹销售季（月-日 至 月-日，含首尾两日；开始晚于结束时跨年）',
    unit: '月-日',
    source: 'DOMAIN §3、§6（本县自定）',
    kind: 'object',
    fields: [
      { key: 'start', label: '开始', unit: '月-日' },
      { key: 'end', label: '结束', unit: '月-日' },
    ],
    schema: z.strictObject({ start: monthDay, end: monthDay }),
  },
  fireworks_outlet_visit_days: {
    description: '零售点的最长巡查间隔：销售季内、销售季外',
    unit: '天',
    source: 'DOMAIN §3（销售季内每周一次）',
    kind: 'object',
    fields: [
      { key: 'season', label: '销售季内', unit: '天' },
      { key: 'off_season', label: '销售季外', unit: '天' },
    ],
    schema: z.strictObject({ season: days, off_season: days }),
  },
  dust_shift_threshold: {
    description: '涉粉尘企业单班作业人数超过此数须第三方逐一核查',
    unit: '人',
    source: 'DOMAIN §4；射安字〔2017〕7号 §8',
    kind: 'integer',
    schema: z.number().int().min(0).max(100_000),
  },
  ammonia_major_hazard_tonnes: {
    description: '涉氨制冷企业液氨储量达到此数即为重大危险源',
    unit: '吨',
    source: 'DOMAIN §4；GB 18218《危险化学品重大危险源辨识》',
    kind: 'number',
    schema: z.number().finite().min(0).max(1_000_000),
  },
  listing_deadline_max_days: {
    description: '挂牌督办：整改期限最长为挂牌后此天数',
    unit: '天',
    source: 'DOMAIN §5（期限不超过一年）',
    kind: 'integer',
    schema: days,
  },
  listing_extension_request_working_days: {
    description: '挂牌督办：延期申请须在期限前至少此数个工作日提出',
    unit: '个工作日',
    source: 'DOMAIN §5',
    kind: 'integer',
    schema: z.number().int().min(0).max(365),
  },
  hazard_escalation: {
    description: '隐患逾期升级：逾期此天数后发督办函，再逾期至此天数后公开批评',
    unit: '天',
    source: 'DOMAIN §5（本县自定）',
    kind: 'object',
    fields: [
      { key: 'letter_after_days_overdue', label: '督办函（逾期天数）', unit: '天' },
      { key: 'public_criticism_after_days_overdue', label: '公开批评（逾期天数）', unit: '天' },
    ],
    schema: z
      .strictObject({ letter_after_days_overdue: days, public_criticism_after_days_overdue: days })
      .refine((value) => value.letter_after_days_overdue <= value.public_criticism_after_days_overdue, {
        message: 'the letter comes no later than the public criticism',
        path: ['public_criticism_after_days_overdue'],
      }),
  },
}

export type TargetEntry = { description: string; unit: string; source: string; percentage: boolean }

const plan = '射阳县2017年安全生产工作要点（射安字〔2017〕7号）'

/** The year's targets (DOMAIN §8; seeded by db/defaults.ts targetsForYear). */
export const targetsCatalogue: Record<string, TargetEntry> = {
  county_comprehensive_inspections: {
    description: '县级综合性安全生产大检查',
    unit: '次',
    source: `${plan} §7`,
    percentage: false,
  },
  special_inspections: { description: '专业安全生产检查', unit: '次', source: `${plan} §7`, percentage: false },
  unannounced_inspections: {
    description: '“四不两直”“双随机”暗访抽查',
    unit: '次',
    source: `${plan} §7`,
    percentage: false,
  },
  listing_rounds: {
    description: '县、镇两级挂牌督办重大隐患轮次',
    unit: '轮',
    source: `${plan} §10`,
    percentage: false,
  },
  listed_hazards_per_round: { description: '每轮挂牌督办隐患数', unit: '条', source: `${plan} §10`, percentage: false },
  standardization_level2_new: {
    description: '新增二级安全标准化企业',
    unit: '家',
    source: `${plan} §4`,
    percentage: false,
  },
  standardization_level3_new: {
    description: '新增三级安全标准化企业',
    unit: '家',
    source: `${plan} §4`,
    percentage: false,
  },
  standardization_micro_new: {
    description: '新增小微安全标准化企业',
    unit: '家',
    source: `${plan} §4`,
    percentage: false,
  },
  above_size_standardized_pct: {
    description: '规模以上企业标准化通过率',
    unit: '%',
    source: `${plan} §4`,
    percentage: true,
  },
  confined_space_demo_enterprises: {
    description: '有限空间作业示范企业',
    unit: '家',
    source: `${plan} §8`,
    percentage: false,
  },
  dust_over_threshold_verified_pct: {
    description: '单班超过规定人数的涉粉尘企业第三方核查率',
    unit: '%',
    source: `${plan} §8`,
    percentage: true,
  },
  county_drills: { description: '县级综合应急演练', unit: '次', source: `${plan} §13`, percentage: false },
  town_drills_each: {
    description: '各镇（区、场）应急演练（每镇）',
    unit: '次',
    source: `${plan} §13`,
    percentage: false,
  },
  culture_demo_province_new: {
    description: '新增省级安全文化示范企业',
    unit: '家',
    source: `${plan} §19`,
    percentage: false,
  },
  culture_demo_city_new: {
    description: '新增市级安全文化示范企业',
    unit: '家',
    source: `${plan} §19`,
    percentage: false,
  },
  enforcement_plan_completion_pct: {
    description: '执法检查计划任务完成率',
    unit: '%',
    source: `${plan} §23`,
    percentage: true,
  },
  larger_accidents_max: {
    description: '较大及以上等级事故（起数上限）',
    unit: '起',
    source: `${plan} 总体目标`,
    percentage: false,
  },
}

/** A target not in the catalogue (added by hand to annual_targets) is shown with its key. */
export const targetEntry = (key: string): TargetEntry =>
  targetsCatalogue[key] ?? { description: key, unit: '', source: '', percentage: key.endsWith('_pct') }
