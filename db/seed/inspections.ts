import { defaultSettings } from '../defaults.ts'
import type { inspections } from '../schema.ts'
import type { Campaign } from './campaigns.ts'
import { type Context, scaled } from './context.ts'
import { fromDay, toDay } from './dates.ts'
import type { Enterprise } from './enterprises.ts'
import { personName } from './names.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type InspectionRow = typeof inspections.$inferInsert & {
  id: number
  inspectedOn: string
  enterpriseId: number
  inspectors: string[]
}

const visitDays = defaultSettings.find((s) => s.key === 'visit_frequency_days')!.value as Record<string, number>

/**
 * The year's inspections up to asOf: each enterprise's routine (or monthly, for red and orange)
 * visits, mostly on time but with laggards and a few forgotten; plus the campaigns' visits and the
 * enforcement plan, whose later items are still 'planned'.
 */
export function buildInspections(
  context: Context,
  random: Random,
  enterprises: Enterprise[],
  campaigns: Campaign[],
): InspectionRow[] {
  const countyStaff = Array.from({ length: 24 }, () => personName(random))
  const townStaff = new Map(context.towns.map((t) => [t.code, Array.from({ length: 4 }, () => personName(random))]))
  const rows: Omit<InspectionRow, 'id'>[] = []
  const yearStart = toDay(`${context.year}-01-01`)
  const today = toDay(context.asOf)
  const open = enterprises.filter((e) => e.row.status !== 'closed')
  const visit = (
    e: Enterprise,
    day: number,
    kind: InspectionRow['kind'],
    inspectors: string[],
    campaignId: number | null = null,
    status: InspectionRow['status'] = 'done',
  ) => rows.push({ enterpriseId: e.row.id, campaignId, kind, status, inspectedOn: fromDay(day), inspectors })

  for (const e of open) {
    const frequency = visitDays[e.row.riskLevel]!
    const habit = random.weighted([
      ['regular', 80],
      ['late', 12],
      ['forgotten', 8],
    ] as const)
    const stretch = habit === 'regular' ? [0.6, 1] : [1, 1.6]
    // A forgotten enterprise's last visit is more than one interval ago: it is overdue.
    const stopAt = habit === 'forgotten' ? Math.min(today - frequency - 1, random.int(yearStart, today)) : today
    const officer = context.grids[e.place.grid]!.officerName!
    const kind = e.row.riskLevel === 'major' || e.row.riskLevel === 'high' ? 'monthly' : 'routine'
    let day = yearStart + random.int(0, Math.floor(frequency * 0.8))
    for (; day <= stopAt; day += Math.round(frequency * random.float(stretch[0]!, stretch[1]!))) {
      visit(e, day, kind, [officer, random.pick(townStaff.get(e.townCode)!)])
    }
    if (habit === 'regular' && random.chance(0.05))
      visit(e, today + random.int(1, 30), kind, [officer], null, 'planned')
  }

  for (const c of campaigns) {
    const start = toDay(c.row.startedOn)
    const end = Math.min(today, c.row.endedOn ? toDay(c.row.endedOn) : today)
    if (c.row.kind === 'enforcement') {
      // Enforcement plan (plan §23): dated items through the year; a few past ones were missed.
      for (const e of random.sample(open, scaled(context, 120))) {
        const day = random.int(yearStart + 4, yearStart + 354)
        const done = day <= today && random.chance(0.93)
        visit(e, day, 'routine', random.sample(countyStaff, 2), c.row.id, done ? 'done' : 'planned')
      }
      continue
    }
    const staff = c.row.townCode ? townStaff.get(c.row.townCode)! : countyStaff
    for (const e of open) {
      if (!c.targets(e) || !random.chance(c.share)) continue
      visit(e, random.int(start, end), c.inspectionKind, random.sample(staff, 2), c.row.id)
    }
  }

  rows.sort((a, b) =>
    a.inspectedOn < b.inspectedOn ? -1 : a.inspectedOn > b.inspectedOn ? 1 : a.enterpriseId - b.enterpriseId,
  )
  return rows.map((r, i) => ({ id: i + 1, ...r }))
}
