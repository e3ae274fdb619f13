import type { Database } from './client.ts'
import { annualTargets, settings } from './schema.ts'

type Setting = { key: string; value: unknown; description: string }

/**
 * Every rule default of DOMAIN.md that the server applies, as an editable setting: rules marked [U]
 * there must never be hard-coded. Each key is read where its rule is applied (a test fails on a key
 * that nothing reads); rules the app does not apply yet are in docs/domain-notes.md instead.
 */
export const defaultSettings: Setting[] = [
  {
    key: 'fireworks_outlet_spacing_m',
    value: 50,
    description: '65号令 / AQ 4128-2019: minimum distance between two fireworks retail outlets (m)',
  },
  {
    key: 'fireworks_site_distance_m',
    value: {
      school: 100,
      kindergarten: 100,
      hospital: 100,
      market: 100,
      crowded_place: 100,
      gas_station: 100,
      flammable_storage: 100,
      high_rise: 100,
      residential_gate: 100,
    },
    description:
      '65号令 / AQ 4128-2019: minimum distance from an outlet to each kind of sensitive site (m); high-rise and residential gates are [W]',
  },
  {
    key: 'fireworks_forbid_in_no_fireworks_zone',
    value: true,
    description: 'Outlets are not allowed inside a no-fireworks zone (禁放区) polygon',
  },
  {
    key: 'fireworks_forbid_shared_residence',
    value: true,
    description: '"两关闭": an outlet may not share a building with a residence (下店上宅/前店后宅)',
  },
  {
    key: 'fireworks_require_dedicated_shop',
    value: true,
    description: '"两关闭": an outlet must be a dedicated shop (专店)',
  },
  { key: 'fireworks_min_floor_area_m2', value: 10, description: 'Minimum outlet floor area (m²)' },
  {
    key: 'fireworks_outlets_per_1000_households_max',
    value: 2,
    description: '"总量控制": cap on outlets per 1,000 households in a town (example rule)',
  },
  { key: 'fireworks_licence_max_years', value: 2, description: 'Longest validity of a retail licence (years)' },
  {
    key: 'fireworks_licence_expiry_warning_days',
    value: 30,
    description: 'A licence that ends within this many days is flagged as expiring (warning) [U]',
  },
  {
    key: 'fireworks_yearly_reduction',
    value: { rate_pct: 10, years: 3 },
    description:
      '"有序递减": planned cut of each town\'s outlet cap per year (% of the year before) over the next years; real plans cut 18–50% over a few years [U]',
  },
  {
    key: 'fireworks_check_radius_m',
    value: 200,
    description:
      'Checking a candidate outlet site lists the nearest outlet, sites and no-fireworks zone within this radius (m)',
  },
  {
    key: 'visit_frequency_days',
    value: { major: 30, high: 30, general: 90, low: 90 },
    description:
      'Longest interval between visits by risk level (days): red/orange monthly, others quarterly; the last day of the interval is due, the day after overdue',
  },
  {
    key: 'fireworks_season',
    value: { start: '12-15', end: '03-05' },
    description:
      'Spring Festival fireworks sales season (MM-DD to MM-DD, both days in it; a start after the end runs across the new year): temporary outlets sell and outlets are visited weekly [U]',
  },
  {
    key: 'fireworks_outlet_visit_days',
    value: { season: 7, off_season: 90 },
    description:
      'DOMAIN §3: longest interval between visits to a fireworks outlet (days): in the season every active outlet (temporary ones while their licence runs), outside it fixed outlets; the last day of the interval is due, the day after overdue [U]',
  },
  {
    key: 'dust_shift_threshold',
    value: 30,
    description: 'Plan §8: dust enterprises with more workers than this on one shift need third-party verification [U]',
  },
  {
    key: 'ammonia_major_hazard_tonnes',
    value: 10,
    description: 'Ammonia refrigeration: this many tonnes or more is a major hazard source',
  },
  {
    key: 'listing_deadline_max_days',
    value: 365,
    description: '挂牌督办: the listing deadline is at most this many days after listing',
  },
  {
    key: 'listing_extension_request_working_days',
    value: 20,
    description: '挂牌督办: an extension must be requested at least this many working days before the deadline',
  },
  {
    key: 'hazard_escalation',
    value: { letter_after_days_overdue: 7, public_criticism_after_days_overdue: 30 },
    description:
      'Overdue hazards escalate to the next level up: 督办函 letter, then public criticism (days past the deadline) [U]',
  },
]

type Target = { year: number; key: string; target: number; note: string }

// 射安字〔2017〕7号, the county's 2017 work plan; DOMAIN §8.
const plan = '射安字〔2017〕7号'
const targetDefaults: Omit<Target, 'year'>[] = [
  { key: 'county_comprehensive_inspections', target: 5, note: `${plan} §7: 县级综合性安全生产大检查不少于5次` },
  { key: 'special_inspections', target: 10, note: `${plan} §7: 专业安全生产检查不少于10次` },
  { key: 'unannounced_inspections', target: 3, note: `${plan} §7: “四不两直”“双随机”暗访抽查不少于3次` },
  { key: 'listing_rounds', target: 2, note: `${plan} §10: 县、镇两级挂牌督办重大隐患不少于两次` },
  { key: 'listed_hazards_per_round', target: 10, note: `${plan} §10: 每次挂牌督办不少于10条` },
  { key: 'standardization_level2_new', target: 5, note: `${plan} §4: 争创二级安全标准化企业5个` },
  { key: 'standardization_level3_new', target: 20, note: `${plan} §4: 三级安全标准化企业20家` },
  { key: 'standardization_micro_new', target: 20, note: `${plan} §4: 小微安全标准化企业20家` },
  { key: 'above_size_standardized_pct', target: 100, note: `${plan} §4: 规模以上企业标准化通过率100%` },
  { key: 'confined_space_demo_enterprises', target: 5, note: `${plan} §8: 培植不少于5家有限空间作业示范企业` },
  {
    key: 'dust_over_threshold_verified_pct',
    target: 100,
    note: `${plan} §8: 单班超过30人的涉粉尘企业第三方逐一核查`,
  },
  { key: 'county_drills', target: 1, note: `${plan} §13: 县级层面综合演练不少于1次` },
  { key: 'town_drills_each', target: 1, note: `${plan} §13: 各镇（区、场）每年至少1次演练` },
  { key: 'culture_demo_province_new', target: 1, note: `${plan} §19: 新增省级安全文化示范企业1个` },
  { key: 'culture_demo_city_new', target: 2, note: `${plan} §19: 新增市级安全文化示范企业2个` },
  { key: 'enforcement_plan_completion_pct', target: 100, note: `${plan} §23: 执法检查计划任务完成率100%` },
  {
    key: 'larger_accidents_max',
    target: 0,
    note: `${plan} 总体目标: 杜绝较大以上等级事故，事故起数、死亡人数“双下降”`,
  },
]

export function targetsForYear(year: number): Target[] {
  return targetDefaults.map((t) => ({ year, ...t }))
}

/** Inserts the settings and the given years' targets that are missing; never overwrites an edit. */
export async function ensureDefaults(db: Database, years: number[]): Promise<void> {
  await db.orm.insert(settings).values(defaultSettings).onConflictDoNothing()
  const targets = [...new Set(years)].flatMap(targetsForYear)
  if (targets.length > 0) await db.orm.insert(annualTargets).values(targets).onConflictDoNothing()
}
