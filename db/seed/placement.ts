import type { BBox, MultiPolygon, Position } from 'geojson'
import type { Context } from './context.ts'
import { round6, scatter, uniformIn } from './geography.ts'
import type { Random } from '../../lib/seeded-random.ts'

/** A rounded point and the grid it falls in, so rows can later carry what the trigger will assign. */
export type Place = { point: [number, number]; grid: number }

export function placeAt(context: Context, p: [number, number]): Place | null {
  const point = round6(p)
  const grid = context.locate(point[0], point[1])
  return grid < 0 ? null : { point, grid }
}

export function inTown(context: Context, place: Place | null, townCode: string): place is Place {
  return place !== null && context.grids[place.grid]!.townCode === townCode
}

/** Gaussian around a centre but always inside the town; gives up to uniform placement. */
export function placeNear(context: Context, random: Random, townCode: string, centre: Position, sigmaM: number): Place {
  for (let attempt = 0; attempt < 30; attempt++) {
    const place = placeAt(context, scatter(random, centre, sigmaM))
    if (inTown(context, place, townCode)) return place
  }
  const town = context.towns.find((t) => t.code === townCode)!
  return placeWithin(context, random, town.geom, town.bbox, townCode)
}

/** Uniform inside a polygon (a town or a park) that lies inside the town. */
export function placeWithin(context: Context, random: Random, geom: MultiPolygon, box: BBox, townCode: string): Place {
  for (;;) {
    const place = placeAt(context, uniformIn(random, geom, box))
    if (inTown(context, place, townCode)) return place
  }
}
