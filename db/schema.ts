import {
  bigserial,
  customType,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { geometry } from './geometry.ts'
import {
  riskLevels,
  sectors,
  regionKinds,
  standardizationLevels,
  dustTypes,
  locationSources,
  enterpriseStatuses,
  confinedSpaceTypes,
  outletKinds,
  outletStatuses,
  sensitiveSiteKinds,
  zoneKinds,
  hazardLevels,
  hazardStatuses,
  hazardPhotoStages,
  inspectionKinds,
  inspectionStatuses,
  campaignKinds,
  organiserLevels,
  accidentLevels,
  drillLevels,
  drillKinds,
  userRoles,
  tokenKinds,
  planStatuses,
  outletInspectionKinds,
} from './vocabulary.ts'

// Text columns without CHECK constraints, so a county can extend a value list without a migration.
export * from './vocabulary.ts'

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

/** The county and its 19 towns / special units (DOMAIN §2). `code` is the 9-digit NBS code. */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: regionKinds }).notNull(),
    parentCode: text('parent_code'),
    households: integer('households'),
    population: integer('population'),
    /** A cap on fireworks outlets set by hand (DOMAIN §6); null: from households (server/rules/outlet-cap.ts). */
    outletCap: integer('outlet_cap'),
    version: integer('version').notNull().default(1),
    /** Demo geometry is made up (DOMAIN §2): the UI must say so. */
    syntheticGeometry: boolean('synthetic_geometry').notNull().default(false),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    seat: geometry('seat', 'Point'),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [index('regions_geom_idx').using('gist', t.geom)],
)

/** Supervision grids (网格): village / community / park cells inside one town. */
export const grids = pgTable(
  'grids',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    townCode: text('town_code')
      .notNull()
      .references(() => regions.code),
    kind: text('kind', { enum: ['village', 'community', 'park'] }).notNull(),
    officerName: text('officer_name'),
    officerPhone: text('officer_phone'),
    version: integer('version').notNull().default(1),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    syntheticGeometry: boolean('synthetic_geometry').notNull().default(false),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [index('grids_geom_idx').using('gist', t.geom), index('grids_town_idx').on(t.townCode)],
)

/** 一企一档 (DOMAIN §4). town_code / grid_code are set by the spatial-join trigger on write. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: serial('id').primaryKey(),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    legalRep: text('legal_rep'),
    safetyManager: text('safety_manager'),
    safetyPhone: text('safety_phone'),
    address: text('address'),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    locationSource: text('location_source', { enum: locationSources }).notNull().default('survey'),
    employees: integer('employees').notNull().default(0),
    aboveSize: boolean('above_size').notNull().default(false),
    sector: text('sector', { enum: sectors }).notNull(),
    riskLevel: text('risk_level', { enum: riskLevels }).notNull(),
    status: text('status', { enum: enterpriseStatuses }).notNull().default('active'),
    standardizationLevel: text('standardization_level', { enum: standardizationLevels }).notNull().default('none'),
    standardizationOn: date('standardization_on'),
    standardizationExpiry: date('standardization_expiry'),
    // 粉尘涉爆
    dust: boolean('dust').notNull().default(false),
    dustType: text('dust_type', { enum: dustTypes }),
    dustWorkersPerShift: integer('dust_workers_per_shift'),
    dustVerified: boolean('dust_verified').notNull().default(false),
    dustVerifiedOn: date('dust_verified_on'),
    // 涉氨制冷: ≥10 t is a major hazard source (DOMAIN §4)
    ammoniaTonnes: numeric('ammonia_tonnes', { precision: 10, scale: 2, mode: 'number' }),
    // 危化 两重点一重大
    hazchemKeyProcess: boolean('hazchem_key_process').notNull().default(false),
    hazchemKeyChemical: boolean('hazchem_key_chemical').notNull().default(false),
    majorHazardLevel: integer('major_hazard_level'),
    dcs: boolean('dcs').notNull().default(false),
    fireworksWholesale: boolean('fireworks_wholesale').notNull().default(false),
    confinedSpaceDemo: boolean('confined_space_demo').notNull().default(false),
    confinedSpaceDemoOn: date('confined_space_demo_on'),
    cultureDemoLevel: text('culture_demo_level', { enum: ['province', 'city'] }),
    cultureDemoOn: date('culture_demo_on'),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    version: integer('version').notNull().default(1),
    ...timestamps,
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('enterprises_uscc_idx').on(t.uscc),
    index('enterprises_geom_idx').using('gist', t.geom),
    index('enterprises_grid_idx').on(t.gridCode),
    index('enterprises_town_idx').on(t.townCode),
  ],
)

/** 有限空间 ledger: one row per space. */
export const confinedSpaces = pgTable(
  'confined_spaces',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    name: text('name').notNull(),
    spaceType: text('space_type', { enum: confinedSpaceTypes }).notNull(),
    gases: text('gases').array().notNull().default([]),
    warningSign: boolean('warning_sign').notNull().default(false),
    permitRequired: boolean('permit_required').notNull().default(true),
    outsourced: boolean('outsourced').notNull().default(false),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    version: integer('version').notNull().default(1),
    ...timestamps,
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    index('confined_spaces_geom_idx').using('gist', t.geom),
    index('confined_spaces_enterprise_idx').on(t.enterpriseId),
    index('confined_spaces_grid_idx').on(t.gridCode),
  ],
)

/** 烟花爆竹零售点 (DOMAIN §6). */
export const fireworksOutlets = pgTable(
  'fireworks_outlets',
  {
    id: serial('id').primaryKey(),
    /** Null only for a `planned` outlet, sited by an adopted plan and not yet licensed. */
    licenceNo: text('licence_no'),
    name: text('name').notNull(),
    operator: text('operator'),
    phone: text('phone'),
    address: text('address'),
    kind: text('kind', { enum: outletKinds }).notNull(),
    status: text('status', { enum: outletStatuses }).notNull().default('active'),
    floorAreaM2: numeric('floor_area_m2', { precision: 8, scale: 1, mode: 'number' }).notNull(),
    storageLimitKg: numeric('storage_limit_kg', { precision: 8, scale: 1, mode: 'number' }),
    dedicatedShop: boolean('dedicated_shop').notNull().default(true),
    sharesResidence: boolean('shares_residence').notNull().default(false),
    licenceValidFrom: date('licence_valid_from'),
    licenceValidTo: date('licence_valid_to'),
    supplierEnterpriseId: integer('supplier_enterprise_id').references(() => enterprises.id),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    version: integer('version').notNull().default(1),
    ...timestamps,
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    uniqueIndex('fireworks_outlets_licence_idx').on(t.licenceNo),
    index('fireworks_outlets_geom_idx').using('gist', t.geom),
    index('fireworks_outlets_grid_idx').on(t.gridCode),
  ],
)

/** Schools, hospitals, markets, gas stations… that fireworks siting rules measure against. */
export const sensitiveSites = pgTable(
  'sensitive_sites',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: sensitiveSiteKinds }).notNull(),
    address: text('address'),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    version: integer('version').notNull().default(1),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    ...timestamps,
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [index('sensitive_sites_geom_idx').using('gist', t.geom), index('sensitive_sites_grid_idx').on(t.gridCode)],
)

/** No-fireworks zones (禁放区) and industrial parks. */
export const zones = pgTable(
  'zones',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind', { enum: zoneKinds }).notNull(),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    /** The coordinate system the record's position arrived in (lib/crs.ts), kept after conversion to WGS84; null: made here. */
    sourceCrs: text('source_crs'),
    syntheticGeometry: boolean('synthetic_geometry').notNull().default(false),
    ...timestamps,
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [index('zones_geom_idx').using('gist', t.geom)],
)

/**
 * A what-if layout of the fireworks outlets (server/fireworks/plans): changes to the real outlets
 * (close, move) and new sites (add), never applied until adopted. `base` is the state of every
 * outlet (id → version) when the plan was started: adopting is refused when it no longer matches.
 */
export const fireworksPlans = pgTable(
  'fireworks_plans',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    note: text('note'),
    status: text('status', { enum: planStatuses }).notNull().default('draft'),
    changes: jsonb('changes').notNull().default([]),
    base: jsonb('base').notNull(),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    adoptedAt: timestamp('adopted_at', { withTimezone: true }),
    adoptedByUserId: integer('adopted_by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex('fireworks_plans_year_name_idx').on(t.year, t.name)],
)

/** Visits to fireworks outlets (DOMAIN §3: weekly in the Spring Festival season). */
export const outletInspections = pgTable(
  'outlet_inspections',
  {
    id: serial('id').primaryKey(),
    outletId: integer('outlet_id')
      .notNull()
      .references(() => fireworksOutlets.id),
    kind: text('kind', { enum: outletInspectionKinds }).notNull().default('routine'),
    inspectedOn: date('inspected_on').notNull(),
    inspectors: text('inspectors').array().notNull().default([]),
    findings: text('findings'),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    createdByUserId: integer('created_by_user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    /** The client's key for one save, as on inspections. */
    clientRequestId: text('client_request_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('outlet_inspections_client_request_idx').on(t.clientRequestId),
    index('outlet_inspections_outlet_idx').on(t.outletId, t.inspectedOn),
    index('outlet_inspections_grid_idx').on(t.gridCode),
  ],
)

/** Campaigns (大检查, 专项检查, 四不两直 / 双随机 rounds) that the year's targets count. */
export const inspectionCampaigns = pgTable('inspection_campaigns', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: campaignKinds }).notNull(),
  organiserLevel: text('organiser_level', { enum: organiserLevels }).notNull(),
  townCode: text('town_code'),
  startedOn: date('started_on').notNull(),
  endedOn: date('ended_on'),
  /** 双随机: the PRNG seed of the draw, so it can be reproduced and audited. */
  drawSeed: text('draw_seed'),
  /** 双随机: filters, inspector list, N, M and the candidate ids the seed drew from (server/draws/draw.ts). */
  draw: jsonb('draw'),
  ...timestamps,
})

export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    campaignId: integer('campaign_id').references(() => inspectionCampaigns.id),
    kind: text('kind', { enum: inspectionKinds }).notNull(),
    status: text('status', { enum: inspectionStatuses }).notNull().default('done'),
    inspectedOn: date('inspected_on').notNull(),
    inspectors: text('inspectors').array().notNull().default([]),
    findings: text('findings'),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    version: integer('version').notNull().default(1),
    /** The client's key for one save: a retried save after a lost answer returns the first result. */
    clientRequestId: text('client_request_id'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('inspections_client_request_idx').on(t.clientRequestId),
    index('inspections_enterprise_idx').on(t.enterpriseId, t.inspectedOn),
    index('inspections_grid_idx').on(t.gridCode),
    index('inspections_date_idx').on(t.inspectedOn),
    index('inspections_campaign_idx').on(t.campaignId),
  ],
)

/** 隐患 with the closed loop and 挂牌督办 of DOMAIN §5. */
export const hazards = pgTable(
  'hazards',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    inspectionId: integer('inspection_id').references(() => inspections.id),
    level: text('level', { enum: hazardLevels }).notNull(),
    status: text('status', { enum: hazardStatuses }).notNull().default('reported'),
    category: text('category'),
    description: text('description').notNull(),
    foundOn: date('found_on').notNull(),
    foundBy: text('found_by'),
    /** The account that reported it: DOMAIN §5 forbids the reporter to re-check and close it. */
    reportedByUserId: integer('reported_by_user_id'),
    /** The deadline in force: an approved extension moves it (listing_deadline keeps the original). */
    deadline: date('deadline'),
    closedOn: date('closed_on'),
    rectificationCostYuan: numeric('rectification_cost_yuan', { precision: 14, scale: 2, mode: 'number' }),
    /** 0 = none; 1 = 督办函 letter; 2 = public criticism (DOMAIN §5 escalation). */
    escalationLevel: integer('escalation_level').notNull().default(0),
    listedByLevel: text('listed_by_level', { enum: organiserLevels }),
    listedByUnit: text('listed_by_unit'),
    listingRound: text('listing_round'),
    listedOn: date('listed_on'),
    listingDeadline: date('listing_deadline'),
    extensionRequestedOn: date('extension_requested_on'),
    /** The deadline asked for; it becomes `deadline` when approved (extension_approved_on). */
    extensionDeadline: date('extension_deadline'),
    extensionApprovedOn: date('extension_approved_on'),
    delistedOn: date('delisted_on'),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    version: integer('version').notNull().default(1),
    ...timestamps,
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    index('hazards_geom_idx').using('gist', t.geom),
    index('hazards_enterprise_idx').on(t.enterpriseId),
    index('hazards_grid_idx').on(t.gridCode),
    index('hazards_status_idx').on(t.status),
    index('hazards_inspection_idx').on(t.inspectionId),
    // Statistics read the history through the facts below; these serve the few rows they still
    // read directly: dated after "today", the wall's overdue and listed lists, listing rounds.
    index('hazards_found_on_idx').on(t.foundOn),
    index('hazards_closed_on_idx')
      .on(t.closedOn)
      .where(sql`closed_on IS NOT NULL`),
    index('hazards_open_deadline_idx')
      .on(t.deadline, t.id)
      .where(sql`status <> 'closed'`),
    index('hazards_listed_deadline_idx')
      .on(t.deadline, t.id)
      .where(sql`listed_on IS NOT NULL AND delisted_on IS NULL`),
    index('hazards_listed_on_idx')
      .on(t.listedOn)
      .where(sql`listing_round IS NOT NULL`),
  ],
)

/*
 * Derived facts (docs/decisions/statistics.md): what the statistics need of the inspection and
 * hazard history, per enterprise, kept up to date in the transaction of every write by the
 * triggers of migration 0006 (one refresh function recomputes an enterprise's rows from its own
 * history). Dates, not states: whether something is overdue or due is decided against "today" when
 * read, by the rule modules of server/rules/, so the facts stay exact on a day without writes.
 */

/** One row per enterprise (the refresh locks it): its latest done inspection, whatever its date. */
export const enterpriseFacts = pgTable(
  'enterprise_facts',
  {
    enterpriseId: integer('enterprise_id')
      .primaryKey()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    /** max(inspected_on) of its done inspections; may lie after "today" (then the reader looks again). */
    lastDoneOn: date('last_done_on'),
  },
  // The few enterprises whose latest visit lies after today, found without a scan.
  (t) => [index('enterprise_facts_last_done_idx').on(t.lastDoneOn)],
)

/** An enterprise's hazards in force, per place (a hazard's own town and grid), when it has any. */
export const hazardFacts = pgTable(
  'hazard_facts',
  {
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    /** Status other than closed. */
    open: integer('open').notNull(),
    majorOpen: integer('major_open').notNull(),
    /** 挂牌督办 in force: listed and not delisted (closed or not). */
    listed: integer('listed').notNull(),
    /** The deadlines of the open hazards that have one, ascending (overdue is decided at read time). */
    openDeadlines: date('open_deadlines').array().notNull(),
  },
  (t) => [index('hazard_facts_enterprise_idx').on(t.enterpriseId)],
)

/**
 * An enterprise's history per place and calendar year: hazards by the year they were found and by
 * the year they were closed, done inspections by the year they took place. "This year up to today"
 * is the year's row minus the few rows dated after today (read directly, by index).
 */
export const yearFacts = pgTable(
  'year_facts',
  {
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    townCode: text('town_code'),
    gridCode: text('grid_code'),
    year: integer('year').notNull(),
    hazardsFound: integer('hazards_found').notNull(),
    /** Found that year and closed by now (whenever). */
    hazardsFoundClosed: integer('hazards_found_closed').notNull(),
    majorFound: integer('major_found').notNull(),
    majorFoundClosed: integer('major_found_closed').notNull(),
    /** closed_on that year, whenever found. */
    hazardsClosed: integer('hazards_closed').notNull(),
    inspectionsDone: integer('inspections_done').notNull(),
    /** The year's first done inspection: the enterprise was inspected "this year" once today reaches it. */
    firstDoneOn: date('first_done_on'),
  },
  (t) => [index('year_facts_year_idx').on(t.year), index('year_facts_enterprise_idx').on(t.enterpriseId)],
)

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/**
 * Photos of a hazard (整改前 `found`, 整改后 `rectified`), re-encoded by the server (server/hazards/photo.ts)
 * and kept in the database: in the write's transaction, scoped through their hazard, backed up with the data.
 */
export const hazardPhotos = pgTable(
  'hazard_photos',
  {
    id: serial('id').primaryKey(),
    hazardId: integer('hazard_id')
      .notNull()
      .references(() => hazards.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: hazardPhotoStages }).notNull(),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedByUserId: integer('uploaded_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hazard_photos_hazard_idx').on(t.hazardId)],
)

export const accidents = pgTable('accidents', {
  id: serial('id').primaryKey(),
  occurredOn: date('occurred_on').notNull(),
  enterpriseId: integer('enterprise_id').references(() => enterprises.id),
  level: text('level', { enum: accidentLevels }).notNull(),
  deaths: integer('deaths').notNull().default(0),
  seriousInjuries: integer('serious_injuries').notNull().default(0),
  directLossWanYuan: numeric('direct_loss_wan_yuan', { precision: 12, scale: 2, mode: 'number' }).notNull().default(0),
  description: text('description').notNull(),
  townCode: text('town_code'),
  gridCode: text('grid_code'),
  version: integer('version').notNull().default(1),
  sourceCrs: text('source_crs'),
  ...timestamps,
  geom: geometry('geom', 'Point').notNull(),
})

export const drills = pgTable(
  'drills',
  {
    id: serial('id').primaryKey(),
    heldOn: date('held_on').notNull(),
    level: text('level', { enum: drillLevels }).notNull(),
    kind: text('kind', { enum: drillKinds }).notNull(),
    name: text('name').notNull(),
    townCode: text('town_code'),
    enterpriseId: integer('enterprise_id').references(() => enterprises.id),
    participants: integer('participants'),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  // The county's and towns' drills of a year, among the many of the enterprises (statistics summary).
  (t) => [index('drills_level_idx').on(t.level, t.heldOn)],
)

/** The year's targets (DOMAIN §8), one row per (year, key); editable. */
export const annualTargets = pgTable(
  'annual_targets',
  {
    year: integer('year').notNull(),
    key: text('key').notNull(),
    target: numeric('target', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.year, t.key] })],
)

/** Rule distances, thresholds and visit frequencies: every DOMAIN default is a row here. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  description: text('description'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: userRoles }).notNull(),
  townCode: text('town_code'),
  gridCodes: text('grid_codes').array().notNull().default([]),
  active: boolean('active').notNull().default(true),
  ...timestamps,
})

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  kind: text('kind', { enum: tokenKinds }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  /** The client address of the last request; a change is audited (server/auth/authenticate.ts). */
  lastUsedAddress: text('last_used_address'),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: integer('user_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    /** The audited row as JSON (server/writes/tx.ts asJson), or null: a type only, no migration. */
    before: jsonb('before').$type<Record<string, unknown> | null>(),
    after: jsonb('after').$type<Record<string, unknown> | null>(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId)],
)

/**
 * Failed log-ins per client address and per username (server/auth/rate-limit.ts), in the
 * database so every server process shares them. `failures` counts attempts since the first one
 * after a quiet window; `blocked_until` is when the next attempt is let through.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    kind: text('kind', { enum: ['address', 'username'] }).notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
)

/**
 * A file being imported (server/imports): read and checked into `import_rows`, shown to the user
 * with every problem, then written in one transaction (`committed`) or thrown away. In the database,
 * not one process's memory, so any server process can show its progress and commit it.
 */
export const importJobs = pgTable('import_jobs', {
  id: serial('id').primaryKey(),
  /** towns, grids, enterprises, confined_spaces, outlets, sensitive_sites, zones, accidents, drills. */
  layer: text('layer').notNull(),
  fileName: text('file_name').notNull(),
  /** geojson, shapefile, csv, xlsx, kml. */
  format: text('format').notNull(),
  /** reading, checking, ready, failed, committing, committed, discarded. */
  status: text('status').notNull(),
  /** The coordinate system the rows are read in (lib/crs.ts), and what was guessed and why. */
  crs: text('crs'),
  crsGuess: jsonb('crs_guess'),
  encoding: text('encoding'),
  /** The file's columns → the layer's fields, as guessed from the headers or set by the user. */
  mapping: jsonb('mapping').notNull().default({}),
  columns: text('columns').array().notNull().default([]),
  rowCount: integer('row_count').notNull().default(0),
  /** Counts of what a commit would do / did: added, changed, unchanged, errors, warnings. */
  summary: jsonb('summary'),
  /** Why reading failed: { code, message } in Chinese, naming the file, row and field. */
  failure: jsonb('failure'),
  createdByUserId: integer('created_by_user_id').references(() => users.id),
  version: integer('version').notNull().default(1),
  ...timestamps,
  committedAt: timestamp('committed_at', { withTimezone: true }),
})

/** One row of an import: its values as read, its geometry converted to WGS84, its problems. */
export const importRows = pgTable(
  'import_rows',
  {
    importId: integer('import_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** 1-based, as a spreadsheet user counts rows of data (the header is not counted). */
    rowNo: integer('row_no').notNull(),
    /** Column → value as read from the file. */
    source: jsonb('source').notNull(),
    /** The geometry as read, in the file's coordinate system (re-converted when the user picks another). */
    sourceGeometry: jsonb('source_geometry'),
    /** The layer's fields after mapping and parsing, ready to write. */
    record: jsonb('record'),
    /** [{ field, column, severity: error|warning, code, message }]. */
    problems: jsonb('problems').notNull().default([]),
    /** add, change, unchanged, error: what a commit does with this row. */
    action: text('action'),
    /** The id/code of the existing record it matched (by USCC, licence number or code). */
    matchedKey: text('matched_key'),
    geom: geometry('geom', 'Geometry'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNo] })],
)
