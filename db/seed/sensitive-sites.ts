import type { sensitiveSites } from '../schema.ts'
import { type Context, scaled } from './context.ts'
import type { Town } from './geography.ts'
import { brandName, countyPrefixed, roads } from './names.ts'
import { type Place, placeNear, placeWithin } from './placement.ts'
import type { Random } from '../../lib/seeded-random.ts'

type Kind = (typeof sensitiveSites.$inferInsert)['kind']
export type SiteRow = typeof sensitiveSites.$inferInsert & {
  kind: Kind
  geom: { type: 'Point'; coordinates: [number, number] }
}

const seatTown = '320924100'
const hedeNames: Partial<Record<Kind, string[]>> = {
  school: ['射阳中学', '射阳县第二中学', '射阳县实验小学', '射阳县实验初级中学', '射阳县高级职业中学'],
  kindergarten: ['射阳县实验幼儿园', '射阳县机关幼儿园'],
  hospital: ['射阳县人民医院', '射阳县中医院', '射阳县妇幼保健院'],
  market: ['射阳县城南农贸市场', '射阳县城北农贸市场'],
  crowded_place: ['射阳县体育馆', '射阳县文化艺术中心', '日月岛生态旅游区'],
}

/** Schools, hospitals, markets, gas stations… dense around the seats, some out in the villages. */
export function buildSensitiveSites(context: Context, random: Random): SiteRow[] {
  const rows: SiteRow[] = []
  for (const town of context.towns) {
    const tenThousands = town.population / 10_000
    const isSeat = town.code === seatTown
    const counts: [Kind, number, number][] = [
      // kind, count, share placed out in village grids
      ['school', Math.round(tenThousands) + 1, 0.5],
      ['kindergarten', Math.round(tenThousands * 1.1) + 1, 0.5],
      ['hospital', Math.round(tenThousands / 3) + 1, 0.3],
      ['market', Math.round(tenThousands / 2) + 1, 0.4],
      ['crowded_place', Math.round(tenThousands / 4), 0.1],
      ['gas_station', Math.round(tenThousands / 1.5) + 1, 0.5],
      ['flammable_storage', isSeat ? 2 : 1, 0.6],
      ['high_rise', isSeat ? 30 : town.kind === 'farm' ? 0 : 2, 0],
      ['residential_gate', isSeat ? 40 : town.kind === 'farm' ? 1 : 4, 0],
    ]
    for (const [kind, count, villageShare] of counts) {
      for (let i = 0; i < scaled(context, count, 0); i++) {
        const place = random.chance(villageShare)
          ? inVillage(context, random, town)
          : placeNear(context, random, town.code, town.seat, isSeat ? 1800 : 700)
        rows.push({
          id: rows.length + 1,
          name: siteName(random, town, kind, i, context.grids[place.grid]!.name),
          kind,
          address: `${countyPrefixed(town.name)}${random.pick(roads)}${random.int(1, 300)}号`,
          geom: { type: 'Point', coordinates: place.point },
        })
      }
    }
  }
  return rows
}

function inVillage(context: Context, random: Random, town: Town): Place {
  const villages = context.grids.filter((g) => g.townCode === town.code && g.kind !== 'community')
  const grid =
    villages.length > 0 ? random.pick(villages) : random.pick(context.grids.filter((g) => g.townCode === town.code))
  return placeWithin(context, random, grid.geom, grid.bbox, town.code)
}

function siteName(random: Random, town: Town, kind: Kind, i: number, gridName: string): string {
  const fixed = town.code === seatTown ? hedeNames[kind]?.[i] : undefined
  if (fixed) return fixed
  const place = /\s(.+)网格$/.exec(gridName)?.[1] ?? town.name
  const full = countyPrefixed(town.name)
  const estate = () =>
    `${random.chance(0.5) ? brandName(random) : place}${random.pick(['花园', '家园', '新城', '名苑', '国际'])}`
  switch (kind) {
    case 'school':
      if (i === 0) return town.kind === 'town' ? `射阳县${town.name.replace(/镇$/, '')}中学` : `${full}学校`
      return i === 1 ? `${full}中心小学` : `${town.name}${place}小学`
    case 'kindergarten':
      return i === 0 ? `${full}中心幼儿园` : `${town.name}${place}幼儿园`
    case 'hospital':
      return i === 0 ? `${full}卫生院` : `${town.name}${place}卫生服务站`
    case 'market':
      return i === 0 ? `${town.name}农贸市场` : `${town.name}${place}菜市场`
    case 'crowded_place':
      return `${town.name}${random.pick(['文化广场', '影剧院', '商业广场', '体育公园'])}`
    case 'gas_station':
      return `${random.pick(['中国石化', '中国石油', '中化'])}射阳${place}加油站`
    case 'flammable_storage':
      return i === 0 ? `${full}液化气供应站` : `射阳县${place}油库`
    case 'high_rise':
      return `${estate()}${random.int(1, 30)}号楼`
    case 'residential_gate':
      return `${estate()}${random.pick(['东门', '南门', '西门', '北门'])}`
  }
}
