import type { enterprises } from '../schema.ts'
import { usccCheckChar } from '../uscc.ts'
import { type Context, scaled, townByCode } from './context.ts'
import { addDays, addYears, fromDay, toDay } from './dates.ts'
import { brandName, countyPrefixed, mobilePhone, personName, roads } from './names.ts'
import { type Place, placeNear, placeWithin } from './placement.ts'
import type { Random } from '../../lib/seeded-random.ts'
import { fireworksWholesaleTrade, type Trade, trades } from './trades.ts'
import type { Zone } from './zones.ts'

export type EnterpriseRow = typeof enterprises.$inferInsert & { id: number; name: string; riskLevel: RiskLevel }
type RiskLevel = NonNullable<(typeof enterprises.$inferInsert)['riskLevel']>

/** A generated enterprise and what later parts need to know about it. */
export type Enterprise = { row: EnterpriseRow; place: Place; townCode: string; trade: Trade }

const baseEnterpriseCount = 3000
const baseWholesalerCount = 3
const devZone = '320924400'
const portZone = '320924406'
const seatTown = '320924100'

// Share of enterprises by town: the county seat and the two development zones hold most industry.
const townWeights: Record<string, number> = {
  [seatTown]: 18,
  [devZone]: 20,
  [portZone]: 6,
  '320924401': 1.5,
  '320924402': 1.5,
  '320924403': 1.5,
  '320924404': 0.8,
}
const otherTownWeight = 3.5

const riskMix: Record<Trade['riskiness'], [RiskLevel, number][]> = {
  0: [
    ['major', 0],
    ['high', 2],
    ['general', 23],
    ['low', 75],
  ],
  1: [
    ['major', 1.5],
    ['high', 8],
    ['general', 38],
    ['low', 52.5],
  ],
  2: [
    ['major', 5],
    ['high', 20],
    ['general', 50],
    ['low', 25],
  ],
  3: [
    ['major', 18],
    ['high', 40],
    ['general', 35],
    ['low', 7],
  ],
}

export function buildEnterprises(context: Context, random: Random): Enterprise[] {
  const usccs = new Set<string>()
  const names = new Set<string>()
  const townChoices = context.towns.map((t): [string, number] => [t.code, townWeights[t.code] ?? otherTownWeight])
  const tradeChoices = trades.map((t): [Trade, number] => [t, t.weight])
  const out: Enterprise[] = []
  const add = (trade: Trade, located: { place: Place; townCode: string }, wholesale = false) => {
    const id = out.length + 1
    const row = enterpriseRow(context, random, id, trade, located, usccs, names, wholesale)
    out.push({ row, place: located.place, townCode: located.townCode, trade })
  }
  for (let i = 0; i < scaled(context, baseEnterpriseCount); i++) {
    const trade = random.weighted(tradeChoices)
    add(trade, locate(context, random, trade, random.weighted(townChoices)))
  }
  for (let i = 0; i < scaled(context, baseWholesalerCount, 2); i++) {
    // Wholesale warehouses stand apart, out in the towns' countryside.
    const town = random.pick(context.towns.filter((t) => t.kind === 'town' && t.code !== seatTown))
    add(
      fireworksWholesaleTrade,
      { place: placeWithin(context, random, town.geom, town.bbox, town.code), townCode: town.code },
      true,
    )
  }
  markDemonstrations(context, random, out)
  return out
}

function locate(context: Context, random: Random, trade: Trade, townCode: string): { place: Place; townCode: string } {
  const parks: Record<string, Zone> = {
    dev: context.zones.devPark,
    port: context.zones.portPark,
    textile: context.zones.textilePark,
  }
  if (trade.park && random.chance(trade.park.p)) {
    const parkTown = trade.park.which === 'port' ? portZone : devZone
    const park = parks[trade.park.which]!
    return { place: placeWithin(context, random, park.geom, park.bbox, parkTown), townCode: parkTown }
  }
  const town = townByCode(context, townCode)
  const zonePark = townCode === devZone ? context.zones.devPark : townCode === portZone ? context.zones.portPark : null
  if (zonePark && random.chance(0.55))
    return { place: placeWithin(context, random, zonePark.geom, zonePark.bbox, townCode), townCode }
  if (townCode === seatTown || zonePark || random.chance(0.65)) {
    return { place: placeNear(context, random, townCode, town.seat, townCode === seatTown ? 2200 : 1500), townCode }
  }
  return { place: placeWithin(context, random, town.geom, town.bbox, townCode), townCode }
}

function enterpriseRow(
  context: Context,
  random: Random,
  id: number,
  trade: Trade,
  { place, townCode }: { place: Place; townCode: string },
  usccs: Set<string>,
  names: Set<string>,
  wholesale: boolean,
): EnterpriseRow {
  const employees = Math.min(3000, Math.max(3, Math.round(trade.medianEmployees * Math.exp(0.9 * random.normal()))))
  const aboveSize = random.chance(
    employees >= 300 ? 0.95 : employees >= 100 ? 0.7 : employees >= 50 ? 0.35 : employees >= 20 ? 0.12 : 0.02,
  )
  const dust = trade.dust !== undefined && random.chance(trade.dust.p)
  const dustWorkers = dust ? Math.min(employees, Math.max(3, Math.round(20 * Math.exp(0.8 * random.normal())))) : null
  const overDust = dustWorkers !== null && dustWorkers > 30
  const dustVerified = dust && random.chance(overDust ? 0.75 : 0.1)
  const ammonia = trade.ammoniaP !== undefined && random.chance(trade.ammoniaP)
  const ammoniaTonnes = ammonia ? Math.round(3.5 * Math.exp(0.8 * random.normal()) * 100) / 100 : null
  const hazchem = trade.sector === 'hazchem'
  const producer = hazchem && !trade.words.includes('燃气') && !trade.words.includes('危险化学品经营')
  const keyProcess = producer && random.chance(0.4)
  const keyChemical = hazchem && random.chance(0.55)
  const majorHazardLevel =
    hazchem && random.chance(0.25)
      ? random.weighted<number>([
          [1, 5],
          [2, 20],
          [3, 35],
          [4, 40],
        ])
      : null
  const riskiness = Math.min(
    3,
    trade.riskiness + (overDust ? 1 : 0) + ((ammoniaTonnes ?? 0) >= 10 ? 1 : 0),
  ) as Trade['riskiness']
  const riskLevel = wholesale
    ? random.weighted<RiskLevel>([
        ['major', 1],
        ['high', 3],
      ])
    : random.weighted(riskMix[riskiness])
  const standardization = standardizationOf(context, random, trade, aboveSize, wholesale)
  const town = townByCode(context, townCode)
  const grid = context.grids[place.grid]!
  return {
    id,
    uscc: newUscc(random, usccs),
    name: newName(random, trade, aboveSize, names),
    legalRep: personName(random),
    safetyManager: personName(random),
    safetyPhone: mobilePhone(random),
    address: addressOf(random, town.name, grid.name),
    locationSource: random.weighted([
      ['survey', 85],
      ['gcj02', 7],
      ['bd09', 4],
      ['wgs84', 4],
    ] as const),
    employees,
    aboveSize,
    sector: trade.sector,
    riskLevel,
    status: random.weighted([
      ['active', 94],
      ['suspended', 4],
      ['closed', 2],
    ] as const),
    ...standardization,
    dust,
    dustType: dust ? trade.dust!.type : null,
    dustWorkersPerShift: dustWorkers,
    dustVerified,
    dustVerifiedOn: dustVerified ? addDays(context.asOf, -random.int(5, 540)) : null,
    ammoniaTonnes,
    hazchemKeyProcess: keyProcess,
    hazchemKeyChemical: keyChemical,
    majorHazardLevel,
    // Plan §11: 两重点一重大 units must run DCS; a few still do not.
    dcs: keyProcess || keyChemical || majorHazardLevel !== null ? random.chance(0.9) : hazchem && random.chance(0.4),
    fireworksWholesale: wholesale,
    geom: { type: 'Point', coordinates: place.point },
  }
}

// New certificates in the demo year land near the plan's targets (§4: 二级 5, 三级 20, 小微 20).
const newThisYear = { level1: 0, level2: 0.13, level3: 0.035, micro: 0.025, none: 0 }

function standardizationOf(context: Context, random: Random, trade: Trade, aboveSize: boolean, wholesale: boolean) {
  type Level = keyof typeof newThisYear
  const level: Level = wholesale
    ? random.pick(['level2', 'level3'] as const)
    : trade.sector === 'hazchem'
      ? random.weighted<Level>([
          ['level2', 20],
          ['level3', 70],
          ['none', 10],
        ])
      : aboveSize
        ? random.weighted<Level>([
            ['level1', 0.3],
            ['level2', 4],
            ['level3', 80],
            ['none', 15.7],
          ])
        : random.weighted<Level>([
            ['micro', trade.riskiness === 0 ? 15 : 35],
            ['level3', 3],
            ['none', trade.riskiness === 0 ? 82 : 62],
          ])
  if (level === 'none') return { standardizationLevel: level, standardizationOn: null, standardizationExpiry: null }
  const yearStart = `${context.year}-01-01`
  const on = random.chance(newThisYear[level])
    ? fromDay(random.int(toDay(yearStart), toDay(context.asOf)))
    : random.chance(0.08)
      ? fromDay(random.int(toDay(addYears(context.asOf, -4)), toDay(addYears(context.asOf, -3)) - 1))
      : fromDay(random.int(toDay(addYears(context.asOf, -3)) + 30, toDay(yearStart) - 1))
  return { standardizationLevel: level, standardizationOn: on, standardizationExpiry: addDays(addYears(on, 3), -1) }
}

const usccChars = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** 91 (enterprise) + 320924 (Sheyang) + a 9-character organisation code + the check character. */
function newUscc(random: Random, taken: Set<string>): string {
  for (;;) {
    const body = random.chance(0.7)
      ? 'MA' + Array.from({ length: 7 }, () => random.pick([...usccChars])).join('')
      : Array.from({ length: 8 }, () => String(random.int(0, 9))).join('') + random.pick([...'0123456789X'])
    const first17 = `91320924${body}`
    const code = first17 + usccCheckChar(first17)
    if (!taken.has(code)) {
      taken.add(code)
      return code
    }
  }
}

function newName(random: Random, trade: Trade, aboveSize: boolean, taken: Set<string>): string {
  let name = ''
  for (let attempt = 0; attempt < 6 && (name === '' || taken.has(name)); attempt++) {
    const prefix = random.weighted([
      ['射阳县', 45],
      ['射阳', 20],
      ['江苏', 20],
      ['盐城', 15],
    ] as const)
    const suffix = aboveSize && random.chance(0.1) ? '股份有限公司' : random.chance(0.06) ? '有限责任公司' : '有限公司'
    name = `${prefix}${brandName(random)}${random.pick(trade.words)}${suffix}`
  }
  taken.add(name)
  return name
}

function addressOf(random: Random, townName: string, gridName: string): string {
  const village = /\s(.+村)网格$/.exec(gridName)?.[1]
  if (village) return `${countyPrefixed(townName)}${village}${random.int(1, 12)}组`
  return `${countyPrefixed(townName)}${random.pick(roads)}${random.int(1, 300)}号`
}

/** Plan §8 and §19: a few confined-space and safety-culture demonstration enterprises. */
function markDemonstrations(context: Context, random: Random, all: Enterprise[]): void {
  const confinedCandidates = all.filter((e) => e.trade.confined && e.trade.confined.p >= 0.7 && e.row.aboveSize)
  random.sample(confinedCandidates, scaled(context, 4)).forEach((e, i) => {
    e.row.confinedSpaceDemo = true
    e.row.confinedSpaceDemoOn =
      i < 3 * context.scale
        ? dayInYear(context, random)
        : `${context.year - 1}-${pad(random.int(3, 11))}-${pad(random.int(1, 28))}`
  })
  const cultureCandidates = all.filter(
    (e) => e.row.aboveSize && ['level2', 'level3'].includes(e.row.standardizationLevel ?? ''),
  )
  random.sample(cultureCandidates, scaled(context, 7)).forEach((e, i) => {
    const province = i < scaled(context, 2)
    e.row.cultureDemoLevel = province ? 'province' : 'city'
    const thisYear = province ? i === 0 : i === scaled(context, 2)
    e.row.cultureDemoOn = thisYear
      ? dayInYear(context, random)
      : `${context.year - random.int(1, 4)}-${pad(random.int(3, 12))}-${pad(random.int(1, 28))}`
  })
}

function dayInYear(context: Context, random: Random): string {
  return fromDay(random.int(toDay(`${context.year}-01-01`), toDay(context.asOf)))
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
