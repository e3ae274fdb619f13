import { area, bbox, booleanPointInPolygon, featureCollection, point, voronoi } from '@turf/turf'
import type { BBox, MultiPolygon } from 'geojson'
import type { grids } from '../schema.ts'
import { clip, metresPerDegreeLat, metresPerDegreeLon, padded, scatter, uniformIn, type Town } from './geography.ts'
import { mobilePhone, personName, placeNames } from './names.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type Grid = typeof grids.$inferInsert & { geom: MultiPolygon; bbox: BBox; townCode: string; areaKm2: number }

const targetGridCount = 300
const numerals = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
]

/** Grids: Voronoi cells of scattered points inside each town, clipped to the town, so they tile it. */
export function buildGrids(random: Random, towns: Town[]): Grid[] {
  const totalPopulation = towns.reduce((s, t) => s + t.population, 0)
  const totalArea = towns.reduce((s, t) => s + t.areaKm2, 0)
  return towns.flatMap((town) => {
    const share = 0.5 * (town.population / totalPopulation) + 0.5 * (town.areaKm2 / totalArea)
    const count = Math.max(6, Math.round(targetGridCount * share))
    return townGrids(random.fork(town.code), town, count)
  })
}

function townGrids(random: Random, town: Town, count: number): Grid[] {
  const isSeat = town.code === '320924100'
  const nearSeatShare = isSeat ? 0.45 : town.kind === 'farm' ? 0.1 : 0.2
  const seeds = seedPoints(random, town, count, nearSeatShare, isSeat ? 300 : 500)
  const cells = voronoi(featureCollection(seeds.map((p) => point(p))), { bbox: padded(town.bbox, 0.01) })
  const communityRadiusM = isSeat ? 3500 : 1200
  const byDistance = seeds
    .map((p, i) => ({
      i,
      d: Math.hypot((p[0] - town.seat[0]) * metresPerDegreeLon, (p[1] - town.seat[1]) * metresPerDegreeLat),
    }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
  const places = placeNames(random, count)
  return byDistance.map(({ i, d }, rank) => {
    const geom = clip(cells.features[i]!, town.geom)
    if (!geom) throw new Error(`empty grid cell in ${town.name}`)
    const { name, kind } = gridName(town, places[rank]!, rank, d <= communityRadiusM)
    return {
      code: `${town.code}${String(rank + 1).padStart(3, '0')}`,
      name: `${town.name} ${name}`,
      townCode: town.code,
      kind,
      officerName: personName(random),
      officerPhone: mobilePhone(random),
      syntheticGeometry: true,
      geom,
      bbox: bbox(geom),
      areaKm2: area(geom) / 1e6,
    }
  })
}

function gridName(town: Town, place: string, rank: number, nearSeat: boolean): { name: string; kind: Grid['kind'] } {
  if (town.kind === 'zone') return { name: `${place}片区网格`, kind: 'park' }
  if (town.kind === 'farm') {
    return rank === 0
      ? { name: '场部社区网格', kind: 'community' }
      : { name: `${numerals[rank - 1] ?? rank}分场网格`, kind: 'village' }
  }
  return nearSeat ? { name: `${place}社区网格`, kind: 'community' } : { name: `${place}村网格`, kind: 'village' }
}

function seedPoints(
  random: Random,
  town: Town,
  count: number,
  nearSeatShare: number,
  minSpacingM: number,
): [number, number][] {
  const seeds: [number, number][] = []
  for (let attempt = 0; seeds.length < count; attempt++) {
    const candidate =
      random.next() < nearSeatShare ? scatter(random, town.seat, 2000) : uniformIn(random, town.geom, town.bbox)
    if (!booleanPointInPolygon(candidate, town.geom)) continue
    const spacing = attempt > 20 * count ? 0 : minSpacingM
    const tooClose = seeds.some(
      (s) =>
        Math.hypot((s[0] - candidate[0]) * metresPerDegreeLon, (s[1] - candidate[1]) * metresPerDegreeLat) < spacing,
    )
    if (!tooClose) seeds.push(candidate)
  }
  return seeds
}
