import type { WallTown } from '../../api/wall.ts'

export const tourOrders = ['hazards', 'code'] as const
export type TourOrder = (typeof tourOrders)[number]

export type TourParams = {
  /** ?tour=1: move through the towns by itself. */
  enabled: boolean
  /** ?period=: seconds on each town (5–600, default 20). */
  periodS: number
  /** ?order=hazards (most overdue, then most open hazards first; the default) or code. */
  order: TourOrder
  /** ?town=: a 9-digit code to hold the tour on (paused). */
  town: string | null
}

const first = (value: unknown): string | undefined =>
  Array.isArray(value) ? (first(value[0]) ?? undefined) : typeof value === 'string' ? value : undefined

/** The tour's settings from the route query; anything malformed falls back to the default. */
export function parseTourParams(query: Record<string, unknown>): TourParams {
  const tour = first(query.tour)
  const period = Number(first(query.period))
  const order = first(query.order)
  const town = first(query.town)
  return {
    enabled: tour === '1' || tour === 'true',
    periodS: Number.isFinite(period) && period >= 5 && period <= 600 ? Math.round(period) : 20,
    order: tourOrders.includes(order as TourOrder) ? (order as TourOrder) : 'hazards',
    town: town && /^\d{9}$/.test(town) ? town : null,
  }
}

/** The towns in tour order: the server's ranking (overdue, then open hazards) or by code. */
export function tourSequence(towns: readonly WallTown[], order: TourOrder): string[] {
  const sorted = order === 'code' ? [...towns].sort((a, b) => a.code.localeCompare(b.code)) : [...towns]
  if (order === 'hazards') sorted.sort((a, b) => a.rank - b.rank)
  return sorted.map((town) => town.code)
}

/** The town after (step 1) or before (step -1) `current`; the first one when current is not listed. */
export function stepTown(sequence: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (sequence.length === 0) return null
  const index = current === null ? -1 : sequence.indexOf(current)
  if (index < 0) return step === 1 ? sequence[0]! : sequence[sequence.length - 1]!
  return sequence[(index + step + sequence.length) % sequence.length]!
}
