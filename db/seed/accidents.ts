import type { accidents } from '../schema.ts'
import { type Context, scaled } from './context.ts'
import { fromDay, toDay } from './dates.ts'
import type { Enterprise } from './enterprises.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type AccidentRow = typeof accidents.$inferInsert

const kindsBySector: Record<string, string[]> = {
  construction: ['高处坠落', '物体打击', '坍塌'],
  transport: ['车辆伤害'],
  hazchem: ['中毒和窒息', '火灾', '灼烫'],
  default: ['机械伤害', '触电', '起重伤害', '物体打击', '高处坠落'],
}

/**
 * A few accidents in asOf's year and the year before, graded by 国务院令493号: mostly 一般 (<3 deaths,
 * <10 serious injuries, <¥10m); last year had one 较大 so this year shows 双下降.
 */
export function buildAccidents(context: Context, random: Random, enterprises: Enterprise[]): AccidentRow[] {
  const candidates = enterprises.filter((e) => e.trade.riskiness > 0)
  const rows: AccidentRow[] = []
  const add = (from: string, to: string, larger: boolean) => {
    const e = random.pick(candidates)
    const kind = random.pick(kindsBySector[e.trade.sector] ?? kindsBySector.default!)
    const deaths = larger
      ? random.int(3, 4)
      : random.weighted([
          [0, 30],
          [1, 55],
          [2, 15],
        ] as const)
    const seriousInjuries = larger ? random.int(0, 6) : random.int(0, 3)
    const directLossWanYuan = larger ? random.int(500, 1500) : random.int(8, 400)
    rows.push({
      id: rows.length + 1,
      occurredOn: fromDay(random.int(toDay(from), toDay(to))),
      enterpriseId: e.row.id,
      level: larger ? 'larger' : 'general',
      deaths,
      seriousInjuries,
      directLossWanYuan,
      description: `${e.row.name}发生一起${kind}事故，造成${deaths}人死亡、${seriousInjuries}人重伤`,
      geom: { type: 'Point', coordinates: e.place.point },
    })
  }
  const y = context.year
  for (let i = 0; i < scaled(context, 6); i++) add(`${y - 1}-01-01`, `${y - 1}-12-31`, i === 0)
  for (let i = 0; i < scaled(context, 4); i++) add(`${y}-01-01`, context.asOf, false)
  rows.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0))
  return rows.map((r, i) => ({ ...r, id: i + 1 }))
}
