import type { Point } from 'geojson'
import { inSeason, type FireworksSeason } from '../../lib/fireworks-season.ts'
import type { Random } from '../../lib/seeded-random.ts'
import { defaultSettings } from '../defaults.ts'
import type { outletInspections } from '../schema.ts'
import type { Context } from './context.ts'
import { fromDay, toDay } from './dates.ts'
import type { OutletRow } from './fireworks-outlets.ts'
import { personName } from './names.ts'

export type OutletInspectionRow = typeof outletInspections.$inferInsert

const setting = <T>(key: string) => defaultSettings.find((s) => s.key === key)!.value as T

const findings = [
  '证照齐全，库存未超许可限量',
  '灭火器配备到位，安全警示标志齐全',
  '消防通道畅通，未发现违规储存',
  '经营场所与居住场所分开，符合“两关闭”要求',
  '库存超过许可限量，已责令立即整改',
  '灭火器压力不足，已要求更换',
  '未张贴禁止烟火标志，已要求当日整改',
]

/**
 * Visits to the active outlets over the last ~14 months, as the rule of
 * server/rules/outlet-visit-due.ts asks for them (fireworks_season, fireworks_outlet_visit_days):
 * fixed outlets quarterly with a check in the week before each season, every outlet weekly in the
 * season (a temporary one while its licence runs). Most keep to it; some are late and a few were
 * forgotten weeks ago, so some outlets are overdue, in the season and out of it.
 */
export function buildOutletInspections(context: Context, random: Random, outlets: OutletRow[]): OutletInspectionRow[] {
  const season = setting<FireworksSeason>('fireworks_season')
  const visitDays = setting<{ season: number; off_season: number }>('fireworks_outlet_visit_days')
  const today = toDay(context.asOf)
  const townStaff = new Map(context.towns.map((t) => [t.code, Array.from({ length: 3 }, () => personName(random))]))
  const rows: OutletInspectionRow[] = []

  for (const outlet of outlets.filter((o) => o.status === 'active')) {
    const [lon, lat] = (outlet.geom as Point).coordinates as [number, number]
    const grid = context.grids[context.locate(lon, lat)]
    if (!grid) continue
    const inspectors = [grid.officerName!, random.pick(townStaff.get(grid.townCode)!)]
    const licensed = (day: number) => outlet.licenceValidFrom! <= fromDay(day) && fromDay(day) <= outlet.licenceValidTo!
    // The interval the rule sets on `day`, or null when the outlet owes no visit then.
    const interval = (day: number) =>
      inSeason(fromDay(day), season)
        ? outlet.kind === 'fixed' || licensed(day)
          ? visitDays.season
          : null
        : outlet.kind === 'fixed'
          ? visitDays.off_season
          : null
    const habit = random.weighted([
      ['regular', 75],
      ['late', 15],
      ['forgotten', 10],
    ] as const)
    const stretch = habit === 'regular' ? [0.6, 1] : habit === 'late' ? [0.9, 1.6] : [0.6, 1]
    const visit = (day: number) =>
      rows.push({
        id: rows.length + 1,
        outletId: outlet.id!,
        kind: inSeason(fromDay(day), season) ? 'holiday' : random.chance(0.1) ? 'unannounced' : 'routine',
        inspectedOn: fromDay(day),
        inspectors,
        findings: random.pick(findings),
      })
    // A forgotten outlet's visits stopped some weeks ago: it is overdue in the season and may be out of it.
    const stopAt = habit === 'forgotten' ? today - random.int(visitDays.season + 1, 120) : today
    const licensedFrom = toDay(outlet.licenceValidFrom!)
    let day = Math.max(today - 420, licensedFrom) + random.int(0, 6)
    if (outlet.kind === 'temporary') {
      // The licence's on-site check (现场核查) in the days before a temporary outlet opens.
      const acceptance = licensedFrom - random.int(0, 6)
      if (acceptance > today) continue
      visit(acceptance)
      day = acceptance + Math.max(1, Math.round(visitDays.season * random.float(stretch[0]!, stretch[1]!)))
    }
    while (day <= stopAt) {
      const every = interval(day)
      if (every === null) {
        day = nextSeasonStart(day, season) + random.int(0, 2)
        continue
      }
      visit(day)
      const factor = random.float(stretch[0]!, stretch[1]!)
      let next = day + Math.max(1, Math.round(every * factor))
      const opens = nextSeasonStart(day, season)
      if (next > opens && !inSeason(fromDay(day), season)) {
        // The season's weekly visits start with a check in the week before it opens.
        next = opens - day > 7 ? opens - random.int(1, 6) : day + Math.max(1, Math.round(visitDays.season * factor))
      }
      day = next
    }
  }
  return rows
}

/** The first day of the first season that opens after `day`. */
function nextSeasonStart(day: number, season: FireworksSeason): number {
  const year = Number(fromDay(day).slice(0, 4))
  const opens = toDay(`${year}-${season.start}`)
  return opens > day ? opens : toDay(`${year + 1}-${season.start}`)
}
