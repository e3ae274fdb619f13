import type { inspectionCampaigns } from '../schema.ts'
import type { Context } from './context.ts'
import { addDays, fromDay, toDay } from './dates.ts'
import type { Enterprise } from './enterprises.ts'
import { countyPrefixed } from './names.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type CampaignRow = typeof inspectionCampaigns.$inferInsert & { id: number; startedOn: string }
/** A campaign and which enterprises it goes to. */
export type Campaign = {
  row: CampaignRow
  targets: (e: Enterprise) => boolean
  share: number
  inspectionKind: InspectionKind
}
type InspectionKind = 'routine' | 'monthly' | 'holiday' | 'special' | 'unannounced' | 'double_random'

const any = () => true
// Plan §7–§11: county comprehensive checks around holidays, special campaigns by trade, 四不两直 and 双随机 rounds.
const countyTemplates: {
  name: string
  kind: CampaignRow['kind']
  start: string
  days: number
  targets: (e: Enterprise) => boolean
  share: number
  inspection: InspectionKind
}[] = [
  {
    name: '春节前安全生产大检查',
    kind: 'comprehensive',
    start: '01-10',
    days: 25,
    targets: (e) => e.row.riskLevel !== 'low',
    share: 0.08,
    inspection: 'holiday',
  },
  {
    name: '烟花爆竹专项检查',
    kind: 'special',
    start: '01-05',
    days: 40,
    targets: (e) => e.row.fireworksWholesale === true,
    share: 1,
    inspection: 'special',
  },
  {
    name: '危险化学品特殊作业专项治理',
    kind: 'special',
    start: '03-01',
    days: 45,
    targets: (e) => e.trade.sector === 'hazchem',
    share: 0.7,
    inspection: 'special',
  },
  {
    name: '粉尘防爆专项整治',
    kind: 'special',
    start: '03-20',
    days: 40,
    targets: (e) => e.row.dust === true,
    share: 0.6,
    inspection: 'special',
  },
  {
    name: '有限空间作业专项整治',
    kind: 'special',
    start: '04-10',
    days: 45,
    targets: (e) => e.trade.confined !== undefined,
    share: 0.6,
    inspection: 'special',
  },
  {
    name: '涉氨制冷企业专项检查',
    kind: 'special',
    start: '05-10',
    days: 30,
    targets: (e) => e.row.ammoniaTonnes != null,
    share: 0.9,
    inspection: 'special',
  },
  {
    name: '建筑施工安全专项检查',
    kind: 'special',
    start: '05-20',
    days: 30,
    targets: (e) => e.trade.sector === 'construction',
    share: 0.5,
    inspection: 'special',
  },
  {
    name: '“安全生产月”综合检查',
    kind: 'comprehensive',
    start: '06-01',
    days: 30,
    targets: any,
    share: 0.04,
    inspection: 'special',
  },
  {
    name: '“三合一”场所专项整治',
    kind: 'special',
    start: '06-15',
    days: 30,
    targets: (e) => e.trade.sector === 'commerce',
    share: 0.1,
    inspection: 'special',
  },
  {
    name: '汛期安全生产大检查',
    kind: 'comprehensive',
    start: '07-05',
    days: 20,
    targets: any,
    share: 0.03,
    inspection: 'special',
  },
  {
    name: '燃气安全专项检查',
    kind: 'special',
    start: '07-20',
    days: 30,
    targets: (e) => e.trade.words.includes('燃气') || e.trade.words.includes('酒店'),
    share: 0.6,
    inspection: 'special',
  },
  {
    name: '道路运输安全专项检查',
    kind: 'special',
    start: '08-10',
    days: 30,
    targets: (e) => e.trade.sector === 'transport',
    share: 0.4,
    inspection: 'special',
  },
  {
    name: '冶金工贸企业专项检查',
    kind: 'special',
    start: '09-05',
    days: 30,
    targets: (e) => ['metallurgy', 'nonferrous'].includes(e.trade.sector),
    share: 0.8,
    inspection: 'special',
  },
  {
    name: '国庆节前安全生产大检查',
    kind: 'comprehensive',
    start: '09-15',
    days: 15,
    targets: (e) => e.row.riskLevel !== 'low',
    share: 0.06,
    inspection: 'holiday',
  },
  {
    name: '危化品运输专项检查',
    kind: 'special',
    start: '10-20',
    days: 30,
    targets: (e) => e.trade.sector === 'hazchem',
    share: 0.4,
    inspection: 'special',
  },
  {
    name: '职业病危害专项治理',
    kind: 'special',
    start: '11-10',
    days: 30,
    targets: (e) => ['textile', 'light_industry'].includes(e.trade.sector),
    share: 0.05,
    inspection: 'special',
  },
  {
    name: '岁末年初安全生产大检查',
    kind: 'comprehensive',
    start: '12-01',
    days: 30,
    targets: (e) => e.row.riskLevel !== 'low',
    share: 0.08,
    inspection: 'holiday',
  },
]
const unannouncedStarts = ['03-15', '06-20', '09-10', '11-20']
const doubleRandomStarts = ['04-01', '07-01', '10-01', '12-10']
const numerals = ['一', '二', '三', '四']
const townThemes = ['小化工作坊', '“三合一”场所', '液化气经营', '农机维修', '水产冷库', '木材加工', '船舶修造']

/** The campaigns of the demo year that have started by asOf. */
export function buildCampaigns(context: Context, random: Random): Campaign[] {
  const y = context.year
  const campaigns: Campaign[] = []
  const add = (
    name: string,
    kind: CampaignRow['kind'],
    level: CampaignRow['organiserLevel'],
    startedOn: string,
    days: number,
    extra: Partial<CampaignRow>,
    targets: Campaign['targets'],
    share: number,
    inspectionKind: InspectionKind,
  ) => {
    if (startedOn > context.asOf) return
    const end = addDays(startedOn, days)
    campaigns.push({
      row: {
        id: campaigns.length + 1,
        name,
        kind,
        organiserLevel: level,
        startedOn,
        endedOn: end <= context.asOf ? end : null,
        ...extra,
      },
      targets,
      share,
      inspectionKind,
    })
  }
  add(`${y}年度安全生产监督执法检查计划`, 'enforcement', 'county', `${y}-01-01`, 364, {}, any, 0, 'routine')
  for (const t of countyTemplates)
    add(`${y}年${t.name}`, t.kind, 'county', `${y}-${t.start}`, t.days, {}, t.targets, t.share, t.inspection)
  unannouncedStarts.forEach((start, i) =>
    add(
      `${y}年第${numerals[i]}轮“四不两直”暗访检查`,
      'unannounced',
      'county',
      `${y}-${start}`,
      10,
      {},
      (e) => e.row.riskLevel !== 'low',
      0.03,
      'unannounced',
    ),
  )
  doubleRandomStarts.forEach((start, i) => {
    const drawSeed = Array.from({ length: 16 }, () => random.int(0, 15).toString(16)).join('')
    add(
      `${y}年第${numerals[i]}批“双随机、一公开”抽查`,
      'double_random',
      'county',
      `${y}-${start}`,
      20,
      { drawSeed },
      any,
      0.01,
      'double_random',
    )
  })
  for (const town of context.towns) {
    const within = (e: Enterprise) => e.townCode === town.code
    const spring = fromDay(random.int(toDay(`${y}-02-20`), toDay(`${y}-05-31`)))
    add(
      `${countyPrefixed(town.name)}${y}年安全生产大检查`,
      'comprehensive',
      'town',
      spring,
      30,
      { townCode: town.code },
      within,
      0.15,
      'special',
    )
    // Plan §11: each town runs one "个性化" special campaign of its own.
    const autumn = fromDay(random.int(toDay(`${y}-06-15`), toDay(`${y}-10-31`)))
    add(
      `${countyPrefixed(town.name)}${random.pick(townThemes)}专项整治`,
      'special',
      'town',
      autumn,
      30,
      { townCode: town.code },
      within,
      0.1,
      'special',
    )
  }
  return campaigns
}
