import type * as schema from '../../db/schema.ts'

// The web app mirrors the schema's value lists as plain arrays (importing db/ at run time would
// bundle Drizzle); `satisfies` keeps them in step with the schema at type-check time.
export type RiskLevel = (typeof schema.riskLevels)[number]
export type Sector = (typeof schema.sectors)[number]
export type DustType = (typeof schema.dustTypes)[number]
export type OutletKind = (typeof schema.outletKinds)[number]
export type OutletStatus = (typeof schema.outletStatuses)[number]
export type SensitiveSiteKind = (typeof schema.sensitiveSiteKinds)[number]
export type StandardizationLevel = (typeof schema.standardizationLevels)[number]
export type HazardStatus = (typeof schema.hazardStatuses)[number]
export type HazardLevel = (typeof schema.hazardLevels)[number]
export type InspectionKind = (typeof schema.inspectionKinds)[number]
export type ConfinedSpaceType = (typeof schema.confinedSpaceTypes)[number]

/** DOMAIN §4: always these four, in this order. */
export const riskLevels = ['major', 'high', 'general', 'low'] as const satisfies readonly RiskLevel[]
export const sectors = [
  'hazchem',
  'metallurgy',
  'nonferrous',
  'building_materials',
  'machinery',
  'light_industry',
  'textile',
  'tobacco',
  'commerce',
  'fireworks',
  'construction',
  'transport',
  'other',
] as const satisfies readonly Sector[]
export const dustTypes = [
  'metal',
  'wood',
  'grain',
  'textile',
  'paper',
  'plastic',
  'other',
] as const satisfies readonly DustType[]
export const outletKinds = ['fixed', 'temporary'] as const satisfies readonly OutletKind[]
export const outletStatuses = ['active', 'suspended', 'closed'] as const satisfies readonly OutletStatus[]
export const sensitiveSiteKinds = [
  'school',
  'kindergarten',
  'hospital',
  'market',
  'crowded_place',
  'gas_station',
  'flammable_storage',
  'high_rise',
  'residential_gate',
] as const satisfies readonly SensitiveSiteKind[]
export const hazardStatuses = [
  'reported',
  'assigned',
  'rectifying',
  'awaiting_recheck',
  'closed',
] as const satisfies readonly HazardStatus[]
export const hazardLevels = ['general', 'major'] as const satisfies readonly HazardLevel[]
/** DOMAIN §3: 日常 月度 节假日 专项 四不两直 双随机. */
export const inspectionKinds = [
  'routine',
  'monthly',
  'holiday',
  'special',
  'unannounced',
  'double_random',
] as const satisfies readonly InspectionKind[]

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (riskLevels as readonly string[]).includes(value)
}
export function isSector(value: unknown): value is Sector {
  return typeof value === 'string' && (sectors as readonly string[]).includes(value)
}
