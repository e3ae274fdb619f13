// The domain vocabulary of DOMAIN.md as plain arrays, free of Drizzle so the web app can import
// them too. db/schema.ts types its columns with them; the UI translates them (web/i18n/zh-CN.ts);
// the request validators in server/ derive their zod enums from them.
export const riskLevels = ['major', 'high', 'general', 'low'] as const
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
] as const
export const regionKinds = ['county', 'town', 'zone', 'farm'] as const
export const standardizationLevels = ['level1', 'level2', 'level3', 'micro', 'none'] as const
export const dustTypes = ['metal', 'wood', 'grain', 'textile', 'paper', 'plastic', 'other'] as const
export const locationSources = ['survey', 'wgs84', 'gcj02', 'bd09', 'synthetic'] as const
export const enterpriseStatuses = ['active', 'suspended', 'closed'] as const
export const confinedSpaceTypes = ['closed_equipment', 'underground', 'above_ground'] as const
export const outletKinds = ['fixed', 'temporary'] as const
/**
 * `planned`: a site a plan adopted (server/fireworks/plans) that has no licence yet; it stands in the
 * layout (the spacing rule measures against it) but sells nothing until licensed and made active.
 */
export const outletStatuses = ['active', 'suspended', 'closed', 'planned'] as const
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
] as const
export const zoneKinds = ['no_fireworks', 'industrial_park'] as const
export const hazardLevels = ['general', 'major'] as const
/** DOMAIN §5 closed loop, in order. */
export const hazardStatuses = ['reported', 'assigned', 'rectifying', 'awaiting_recheck', 'closed'] as const
/** 整改前 (found with the hazard) and 整改后 (after rectification) photos. */
export const hazardPhotoStages = ['found', 'rectified'] as const
export const inspectionKinds = ['routine', 'monthly', 'holiday', 'special', 'unannounced', 'double_random'] as const
export const inspectionStatuses = ['planned', 'done'] as const
export const campaignKinds = ['comprehensive', 'special', 'unannounced', 'double_random', 'enforcement'] as const
export const organiserLevels = ['county', 'town'] as const
/** 国务院令493号 accident grades. */
export const accidentLevels = ['general', 'larger', 'major', 'especially_major'] as const
export const drillLevels = ['county', 'town', 'enterprise'] as const
export const drillKinds = ['comprehensive', 'special', 'onsite'] as const
/** `planner`: the county bureau's fireworks planner — reads the county, edits outlets and plans. */
export const userRoles = ['admin', 'county', 'town', 'grid', 'viewer', 'planner'] as const
export const planStatuses = ['draft', 'adopted'] as const
/** What a what-if plan does to the layout (server/fireworks/plans). */
export const planChangeKinds = ['close', 'move', 'add'] as const
export const outletInspectionKinds = ['routine', 'holiday', 'special', 'unannounced'] as const
export const tokenKinds = ['personal', 'kiosk'] as const
