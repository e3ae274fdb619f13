import { bbox, polygon } from '@turf/turf'
import type { BBox, MultiPolygon, Position } from 'geojson'
import type { zones } from '../schema.ts'
import { clip, metresPerDegreeLat, metresPerDegreeLon, type Town } from './geography.ts'
import type { Random } from '../../lib/seeded-random.ts'

export type Zone = typeof zones.$inferInsert & { geom: MultiPolygon; bbox: BBox }
export type DemoZones = { noFireworks: Zone; devPark: Zone; portPark: Zone; textilePark: Zone }

export function buildZones(random: Random, towns: Town[]): DemoZones {
  const town = (code: string) => towns.find((t) => t.code === code)!
  const hede = town('320924100')
  const dev = town('320924400')
  const port = town('320924406')
  // A skewed quadrilateral: four roads rarely meet at right angles.
  const core = ring(hede.seat, [
    [-2300, -1500],
    [2100, -1900],
    [2500, 1600],
    [-1800, 2100],
  ])
  return {
    noFireworks: zone(
      '合德城区烟花爆竹禁放区',
      'no_fireworks',
      core,
      hede.geom,
      '示意范围：代表滨湖大道、S226、北环路、开放大道合围的城区禁放区，实际边界须绘制或导入',
    ),
    devPark: zone('射阳经济开发区工业园', 'industrial_park', blob(random, dev.seat, 3000), dev.geom, '示意范围'),
    portPark: zone(
      '射阳港经济区产业园',
      'industrial_park',
      blob(random, port.seat, 2600),
      port.geom,
      '示意范围：港口、海上风电装备及化工企业集中区',
    ),
    textilePark: zone(
      '射阳纺织染整产业园',
      'industrial_park',
      blob(random, [dev.seat[0] - 2500 / metresPerDegreeLon, dev.seat[1] - 2800 / metresPerDegreeLat], 1400),
      dev.geom,
      '位置未经证实：工作意见提及该园区但未公开位置，此处为示意，须以实际边界替换',
    ),
  }
}

function zone(name: string, kind: Zone['kind'], outline: Position[], within: MultiPolygon, note: string): Zone {
  const geom = clip(polygon([outline]), within)
  if (!geom) throw new Error(`${name} falls outside its town`)
  return { name, kind, note, syntheticGeometry: true, geom, bbox: bbox(geom) }
}

function ring(centre: Position, offsetsM: [number, number][]): Position[] {
  const points = offsetsM.map(([dx, dy]) => [
    centre[0]! + dx / metresPerDegreeLon,
    centre[1]! + dy / metresPerDegreeLat,
  ])
  return [...points, points[0]!]
}

/** An irregular octagon of about `radiusM` around a centre. */
function blob(random: Random, centre: Position, radiusM: number): Position[] {
  const offsets = Array.from({ length: 8 }, (_, i): [number, number] => {
    const angle = (i / 8) * 2 * Math.PI
    const r = radiusM * random.float(0.75, 1.15)
    return [Math.cos(angle) * r, Math.sin(angle) * r]
  })
  return ring(centre, offsets)
}
