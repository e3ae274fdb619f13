import type { confinedSpaces } from '../schema.ts'
import type { Context } from './context.ts'
import type { Enterprise } from './enterprises.ts'
import { offset } from './geography.ts'
import { placeAt } from './placement.ts'
import type { Random } from '../../lib/seeded-random.ts'
import type { ConfinedProfile } from './trades.ts'

export type ConfinedSpaceRow = typeof confinedSpaces.$inferInsert

type Space = { name: string; type: ConfinedSpaceRow['spaceType']; gases: string[] }
const pool = (name: string, gases = ['H2S', 'CH4', 'CO2']): Space => ({ name, type: 'underground', gases })
const vessel = (name: string, gases: string[]): Space => ({ name, type: 'closed_equipment', gases })

// Plan §8 puts paper mills first (pulp and settling pools); food, sewage and chemical plants follow.
const spaces: Record<ConfinedProfile, { count: [number, number]; kinds: Space[] }> = {
  paper: {
    count: [3, 8],
    kinds: [
      pool('制浆池'),
      pool('沉淀池'),
      pool('白水池'),
      pool('污水调节池'),
      pool('废水处理池'),
      vessel('蒸球', ['CO', 'H2S']),
    ],
  },
  sewage: {
    count: [3, 6],
    kinds: [pool('格栅井'), pool('调节池'), pool('厌氧池'), pool('污泥池'), pool('污水检查井'), pool('集水井')],
  },
  chemical: {
    count: [2, 6],
    kinds: [
      vessel('反应釜', ['CO', 'H2S']),
      vessel('储罐', ['CH4', 'CO']),
      pool('事故应急池'),
      pool('循环水池', ['H2S', 'CO2']),
      vessel('精馏塔', ['CO']),
    ],
  },
  food: {
    count: [1, 4],
    kinds: [
      vessel('发酵罐', ['CO2']),
      pool('污水池'),
      vessel('储酒罐', ['CO2']),
      { name: '原料筒仓', type: 'above_ground', gases: ['CO2'] },
    ],
  },
  cold_storage: {
    count: [1, 3],
    kinds: [{ name: '冷库库房', type: 'above_ground', gases: ['NH3'] }, pool('污水池'), vessel('氨储罐', ['NH3'])],
  },
  generic: { count: [1, 1], kinds: [pool('化粪池'), pool('污水井', ['H2S', 'CH4']), pool('地下电缆沟', ['CO2'])] },
}

export function buildConfinedSpaces(context: Context, random: Random, enterprises: Enterprise[]): ConfinedSpaceRow[] {
  const rows: ConfinedSpaceRow[] = []
  for (const e of enterprises) {
    const profile = profileOf(random, e)
    if (!profile) continue
    const { count, kinds } = spaces[profile]
    const n = random.int(count[0], count[1])
    for (let i = 0; i < n; i++) {
      const space = kinds[i % kinds.length]!
      const sameName = Math.floor(i / kinds.length)
      // A few metres off the enterprise point, as long as that stays in the same grid.
      const nearby = placeAt(context, offset(random, e.place.point, random.float(5, 40)))
      const point = nearby && nearby.grid === e.place.grid ? nearby.point : e.place.point
      rows.push({
        id: rows.length + 1,
        enterpriseId: e.row.id,
        name: sameName > 0 ? `${sameName + 1}号${space.name}` : space.name,
        spaceType: space.type,
        gases: space.gases,
        warningSign: random.chance(e.row.confinedSpaceDemo ? 1 : 0.85),
        permitRequired: random.chance(0.95),
        outsourced: random.chance(0.2),
        geom: { type: 'Point', coordinates: point },
      })
    }
  }
  return rows
}

function profileOf(random: Random, e: Enterprise): ConfinedProfile | null {
  const confined = e.trade.confined
  if (confined && (e.row.confinedSpaceDemo || random.chance(confined.p))) return confined.profile
  const industrial = !['commerce', 'construction', 'transport'].includes(e.trade.sector)
  return industrial && random.chance(0.03) ? 'generic' : null
}
