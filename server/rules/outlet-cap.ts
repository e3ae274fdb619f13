/**
 * "总量控制" (DOMAIN §6): a town may have at most a set number of retail outlets. A cap set by hand
 * (regions.outlet_cap, PATCH /api/fireworks/towns/{code}) wins; otherwise it is
 * fireworks_outlets_per_1000_households_max outlets per 1,000 households, rounded down to whole
 * outlets; a town with neither has no cap. Exactly at the cap is within it. Used by the town
 * statistics, the wall's town list and the fireworks planner's quotas
 * (server/fireworks/town-quota.ts).
 */
export type OutletCap = { cap: number | null; source: 'hand' | 'households' | null }

export function outletCap(
  town: { households: number | null; handCap: number | null },
  per1000Households: number,
): OutletCap {
  if (town.handCap !== null) return { cap: town.handCap, source: 'hand' }
  if (town.households === null) return { cap: null, source: null }
  return { cap: Math.floor((per1000Households * town.households) / 1000), source: 'households' }
}

/** Outlets against the cap: over it, and by how many; null without a cap. */
export function againstCap(outlets: number, cap: number | null) {
  return {
    overCap: cap === null ? null : outlets > cap,
    overBy: cap === null ? null : Math.max(0, outlets - cap),
  }
}
