/**
 * "总量控制" (DOMAIN §6): a town may have at most fireworks_outlets_per_1000_households_max active
 * retail outlets per 1,000 households, rounded down to whole outlets; a town without households has
 * no cap. Exactly at the cap is within it. Used by the town statistics, the wall's town list and the
 * fireworks planner's quotas (server/fireworks/town-quota.ts).
 */
export function outletCap(households: number | null, per1000Households: number): number | null {
  return households === null ? null : Math.floor((per1000Households * households) / 1000)
}

/** Active outlets against the cap: over it, and by how many; null without a cap. */
export function againstCap(active: number, cap: number | null) {
  return {
    overCap: cap === null ? null : active > cap,
    overBy: cap === null ? null : Math.max(0, active - cap),
  }
}
