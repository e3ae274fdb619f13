import type { Town } from './geography.ts'
import type { Grid } from './grids.ts'
import type { DemoZones } from './zones.ts'

/** What every part of the generator reads: the options and the geography built first. */
export type Context = {
  scale: number
  asOf: string
  year: number
  towns: Town[]
  grids: Grid[]
  zones: DemoZones
  /** Index into `grids` of the grid holding a point, or -1. */
  locate: (lon: number, lat: number) => number
}

/** A demo count that grows with --scale but never vanishes. */
export function scaled(context: Context, base: number, min = 1): number {
  return Math.max(min, Math.round(base * context.scale))
}

export function townByCode(context: Context, code: string): Town {
  const town = context.towns.find((t) => t.code === code)
  if (!town) throw new Error(`unknown town ${code}`)
  return town
}
