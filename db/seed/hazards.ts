import { defaultSettings } from '../defaults.ts'
import type { hazards } from '../schema.ts'
import { type Context, scaled } from './context.ts'
import { addDays, daysBetween, fromDay, toDay } from './dates.ts'
import type { Enterprise } from './enterprises.ts'
import { hazardTexts } from './hazard-texts.ts'
import type { InspectionRow } from './inspections.ts'
import { countyPrefixed } from './names.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type HazardRow = typeof hazards.$inferInsert & { id: number; foundOn: string; level: 'general' | 'major' }
type Draft = Omit<HazardRow, 'id'>

const setting = <T>(key: string) => defaultSettings.find((s) => s.key === key)!.value as T
const findRate: Record<InspectionRow['kind'], number> = {
  routine: 0.1,
  monthly: 0.12,
  holiday: 0.3,
  special: 0.4,
  unannounced: 0.5,
  double_random: 0.35,
}

/** A year of hazards: found on inspections (which then record them) or reported otherwise, each at a point of the closed loop. */
export function buildHazards(
  context: Context,
  random: Random,
  enterprises: Enterprise[],
  inspections: InspectionRow[],
): HazardRow[] {
  const drafts: Draft[] = []
  for (const inspection of inspections) {
    if (inspection.status !== 'done') continue
    const e = enterprises[inspection.enterpriseId - 1]!
    if (!random.chance(findRate[inspection.kind])) {
      inspection.findings = random.pick(['未发现明显隐患', '现场检查未发现问题', '安全管理台账基本齐全，未发现隐患'])
      continue
    }
    const found = Array.from(
      {
        length: random.weighted([
          [1, 60],
          [2, 25],
          [3, 10],
          [4, 5],
        ] as const),
      },
      () => draft(context, random, e, inspection.inspectedOn, inspection.inspectors.join('、'), inspection.id),
    )
    drafts.push(...found)
    const onTheSpot = found.filter((h) => h.closedOn === h.foundOn).length
    inspection.findings = `发现隐患${found.length}处：${found.map((h) => h.description).join('；')}${onTheSpot > 0 ? `。其中${onTheSpot}处已当场整改` : ''}`
  }
  const yearStart = toDay(`${context.year}-01-01`)
  for (let i = 0; i < scaled(context, 200); i++) {
    const e = random.pick(enterprises)
    const foundBy = random.weighted([
      ['企业自查', 70],
      ['群众举报', 10],
      ['第三方机构', 20],
    ] as const)
    drafts.push(draft(context, random, e, fromDay(random.int(yearStart, toDay(context.asOf))), foundBy, null))
  }
  drafts.sort((a, b) => (a.foundOn < b.foundOn ? -1 : a.foundOn > b.foundOn ? 1 : 0))
  const rows = drafts.map((d, i): HazardRow => ({ id: i + 1, ...d }))
  listMajorHazards(context, random, rows, enterprises)
  return rows
}

function draft(
  context: Context,
  random: Random,
  e: Enterprise,
  foundOn: string,
  foundBy: string,
  inspectionId: number | null,
): Draft {
  const texts = hazardTexts(e)
  const majorChance =
    (e.trade.sector === 'hazchem'
      ? 0.1
      : e.row.fireworksWholesale
        ? 0.05
        : (e.row.dustWorkersPerShift ?? 0) > 30 || (e.row.ammoniaTonnes ?? 0) >= 10
          ? 0.07
          : 0.015) * (e.row.riskLevel === 'major' ? 2 : 1)
  const level = random.chance(majorChance) ? 'major' : 'general'
  const pool = level === 'major' ? texts.filter((t) => t.major.length > 0) : texts
  const text = random.pick(pool)
  return {
    enterpriseId: e.row.id,
    inspectionId,
    level,
    category: text.category,
    description: random.pick(level === 'major' ? text.major : text.general),
    foundOn,
    foundBy,
    escalationLevel: 0,
    geom: { type: 'Point', coordinates: e.place.point },
    ...lifecycle(context, random, level, foundOn),
  }
}

/** Where a hazard found on `foundOn` stands on asOf (DOMAIN §5 closed loop), with escalation if overdue. */
function lifecycle(context: Context, random: Random, level: 'general' | 'major', foundOn: string): Partial<Draft> {
  const age = daysBetween(foundOn, context.asOf)
  if (level === 'general' && random.chance(0.35)) {
    return { status: 'closed', deadline: foundOn, closedOn: foundOn, rectificationCostYuan: random.int(0, 5) * 100 }
  }
  if (age <= 2 && random.chance(0.4)) return { status: 'reported', deadline: null }
  const deadline = addDays(foundOn, level === 'general' ? random.pick([7, 10, 15, 30]) : random.int(60, 180))
  const cost = () =>
    Math.round(
      (level === 'general' ? 2000 * Math.exp(random.normal()) : 300_000 * Math.exp(0.8 * random.normal())) / 10,
    ) * 10
  const closeBetween = (from: string, to: string) => fromDay(random.int(toDay(from), Math.max(toDay(from), toDay(to))))
  if (deadline < context.asOf) {
    if (random.chance(level === 'general' ? 0.93 : 0.85)) {
      const closedOn = closeBetween(
        addDays(foundOn, 1),
        random.chance(0.9) ? deadline : addDays(deadline, 10) < context.asOf ? addDays(deadline, 10) : context.asOf,
      )
      return { status: 'closed', deadline, closedOn, rectificationCostYuan: cost() }
    }
    return {
      status: random.weighted([
        ['assigned', 20],
        ['rectifying', 60],
        ['awaiting_recheck', 20],
      ] as const),
      deadline,
      escalationLevel: escalationOf(daysBetween(deadline, context.asOf)),
    }
  }
  if (age > 3 && random.chance(level === 'general' ? 0.4 : 0.15)) {
    return {
      status: 'closed',
      deadline,
      closedOn: closeBetween(addDays(foundOn, 1), context.asOf),
      rectificationCostYuan: cost(),
    }
  }
  return {
    status: random.weighted([
      ['assigned', 25],
      ['rectifying', 55],
      ['awaiting_recheck', 20],
    ] as const),
    deadline,
  }
}

/** DOMAIN §5: overdue → 督办函 letter, then public criticism. */
function escalationOf(daysOverdue: number): number {
  const escalation = setting<{ letter_after_days_overdue: number; public_criticism_after_days_overdue: number }>(
    'hazard_escalation',
  )
  return daysOverdue >= escalation.public_criticism_after_days_overdue
    ? 2
    : daysOverdue >= escalation.letter_after_days_overdue
      ? 1
      : 0
}

/**
 * 挂牌督办 (DOMAIN §5, plan §10): the county lists two rounds of ≥10 open major hazards (March and
 * August); towns list smaller rounds. Listed hazards take the listing deadline; a few ask for an
 * extension; closed ones are delisted.
 */
function listMajorHazards(context: Context, random: Random, rows: HazardRow[], enterprises: Enterprise[]): void {
  const maxDays = setting<number>('listing_deadline_max_days')
  const openOn = (h: HazardRow, day: string) =>
    h.level === 'major' &&
    !h.listedOn &&
    h.foundOn <= day &&
    daysBetween(h.foundOn, day) <= 150 &&
    (!h.closedOn || h.closedOn > day)
  const list = (candidates: HazardRow[], listedOn: string, level: 'county' | 'town', unit: string, round: string) => {
    for (const h of candidates) {
      const listingDeadline = addDays(listedOn, Math.min(maxDays, random.int(90, 180)))
      h.listedByLevel = level
      h.listedByUnit = unit
      h.listingRound = round
      h.listedOn = listedOn
      h.listingDeadline = listingDeadline
      h.deadline = listingDeadline
      const closes = h.status === 'closed' || (listingDeadline < context.asOf && random.chance(0.8))
      const closedOn = !closes
        ? null
        : h.closedOn && h.closedOn > listedOn
          ? h.closedOn
          : fromDay(random.int(toDay(listedOn) + 20, Math.min(toDay(context.asOf), toDay(listingDeadline))))
      const requestOn = addDays(listingDeadline, -random.int(30, 45))
      // Only a hazard still open a month before its deadline asks for more time, at least 20 working days ahead.
      if (random.chance(0.2) && requestOn <= context.asOf && (!closedOn || closedOn > requestOn)) {
        h.extensionRequestedOn = requestOn
        h.extensionDeadline = addDays(listingDeadline, random.int(30, 90))
        // `deadline` is always the one in force, so "overdue" is one comparison everywhere.
        h.deadline = h.extensionDeadline
      }
      if (closedOn) {
        Object.assign(h, { status: 'closed', closedOn, delistedOn: closedOn, escalationLevel: 0 })
        h.rectificationCostYuan ??= Math.round((300_000 * Math.exp(0.8 * random.normal())) / 10) * 10
      } else {
        if (h.status === 'reported') h.status = 'rectifying'
        h.escalationLevel = escalationOf(daysBetween(h.deadline, context.asOf))
      }
    }
  }
  const y = context.year
  ;[`${y}-03-20`, `${y}-08-20`].forEach((listedOn, i) => {
    if (listedOn > context.asOf) return
    const candidates = rows.filter((h) => openOn(h, listedOn))
    list(
      random.sample(candidates, scaled(context, random.int(10, 12))),
      listedOn,
      'county',
      '射阳县安全生产委员会',
      `${y}-县-${i + 1}`,
    )
  })
  for (const town of context.towns) {
    const listedOn = fromDay(random.int(toDay(`${y}-04-01`), toDay(`${y}-09-30`)))
    if (listedOn > context.asOf) continue
    const candidates = rows.filter(
      (h) => openOn(h, listedOn) && enterprises[h.enterpriseId - 1]!.townCode === town.code,
    )
    const unit =
      town.kind === 'farm' ? town.name : `${countyPrefixed(town.name)}${town.kind === 'town' ? '人民政府' : '管委会'}`
    list(random.sample(candidates, scaled(context, random.int(2, 5))), listedOn, 'town', unit, `${y}-${town.name}-1`)
  }
}
