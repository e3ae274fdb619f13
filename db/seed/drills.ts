import type { drills } from '../schema.ts'
import type { Context } from './context.ts'
import { fromDay, toDay } from './dates.ts'
import type { Enterprise } from './enterprises.ts'
import { countyPrefixed } from './names.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type DrillRow = typeof drills.$inferInsert

const portZone = '320924406'

/**
 * Plan §13: one county comprehensive drill, one per town (two towns have not held theirs yet), and
 * enterprise plan drills yearly; on-site procedure drills every six months are DOMAIN §7's [W] rule,
 * not §13's (docs/domain-notes.md).
 */
export function buildDrills(context: Context, random: Random, enterprises: Enterprise[]): DrillRow[] {
  const y = context.year
  const today = toDay(context.asOf)
  const rows: DrillRow[] = []
  const add = (row: DrillRow) => {
    if (row.heldOn <= context.asOf) rows.push(row)
  }
  add({
    heldOn: `${y}-06-18`,
    level: 'county',
    kind: 'comprehensive',
    name: `${y}年射阳县危险化学品事故综合应急演练`,
    townCode: portZone,
    participants: random.int(200, 400),
  })
  const late = new Set(random.sample(context.towns, 2).map((t) => t.code))
  for (const town of context.towns) {
    if (late.has(town.code)) continue
    const subject = random.pick(['安全生产事故综合', '危化品泄漏', '火灾疏散', '防汛防台', '有限空间救援'])
    add({
      heldOn: fromDay(random.int(toDay(`${y}-03-01`), Math.min(today, toDay(`${y}-09-30`)))),
      level: 'town',
      kind: random.chance(0.6) ? 'comprehensive' : 'special',
      name: `${countyPrefixed(town.name)}${y}年${subject}应急演练`,
      townCode: town.code,
      participants: random.int(40, 150),
    })
  }
  for (const e of enterprises) {
    if (e.row.status === 'closed') continue
    const keen = e.trade.sector === 'hazchem' || e.row.riskLevel === 'major' || e.row.riskLevel === 'high'
    if (!keen && !random.chance(0.3)) continue
    const subject =
      e.row.ammoniaTonnes != null
        ? '液氨泄漏'
        : e.row.dust
          ? '粉尘爆炸'
          : e.trade.confined
            ? '有限空间救援'
            : e.trade.sector === 'hazchem'
              ? '危化品泄漏'
              : '火灾疏散'
    const participants = Math.max(5, Math.min(e.row.employees ?? 10, random.int(10, 80)))
    add({
      heldOn: fromDay(random.int(toDay(`${y}-01-05`), today)),
      level: 'enterprise',
      kind: random.chance(0.5) ? 'comprehensive' : 'special',
      name: `${e.row.name}${subject}应急预案演练`,
      townCode: e.townCode,
      enterpriseId: e.row.id,
      participants,
    })
    if (keen) {
      add({
        heldOn: fromDay(random.int(toDay(`${y}-01-05`), toDay(`${y}-06-30`))),
        level: 'enterprise',
        kind: 'onsite',
        name: `${e.row.name}${subject}现场处置方案演练`,
        townCode: e.townCode,
        enterpriseId: e.row.id,
        participants,
      })
      add({
        heldOn: fromDay(random.int(toDay(`${y}-07-01`), toDay(`${y}-12-20`))),
        level: 'enterprise',
        kind: 'onsite',
        name: `${e.row.name}${subject}现场处置方案演练`,
        townCode: e.townCode,
        enterpriseId: e.row.id,
        participants,
      })
    }
  }
  rows.sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))
  return rows.map((r, i) => ({ ...r, id: i + 1 }))
}
