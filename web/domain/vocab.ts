import type * as vocabulary from '../../db/vocabulary.ts'

// db/vocabulary.ts holds the value lists without Drizzle, so the web app imports them directly.
export type RiskLevel = (typeof vocabulary.riskLevels)[number]
export type Sector = (typeof vocabulary.sectors)[number]
export type DustType = (typeof vocabulary.dustTypes)[number]
export type OutletKind = (typeof vocabulary.outletKinds)[number]
export type OutletStatus = (typeof vocabulary.outletStatuses)[number]
export type SensitiveSiteKind = (typeof vocabulary.sensitiveSiteKinds)[number]
export type StandardizationLevel = (typeof vocabulary.standardizationLevels)[number]
export type HazardStatus = (typeof vocabulary.hazardStatuses)[number]
export type HazardLevel = (typeof vocabulary.hazardLevels)[number]
export type InspectionKind = (typeof vocabulary.inspectionKinds)[number]
export type OutletInspectionKind = (typeof vocabulary.outletInspectionKinds)[number]
export type ConfinedSpaceType = (typeof vocabulary.confinedSpaceTypes)[number]

/** riskLevels: DOMAIN §4, always these four in this order. */
export {
  riskLevels,
  sectors,
  dustTypes,
  outletKinds,
  outletStatuses,
  sensitiveSiteKinds,
  hazardStatuses,
  hazardLevels,
  inspectionKinds,
  outletInspectionKinds,
} from '../../db/vocabulary.ts'
import { riskLevels, sectors } from '../../db/vocabulary.ts'

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (riskLevels as readonly string[]).includes(value)
}
export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (sectors as readonly string[]).includes(value)
}
