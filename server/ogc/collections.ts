import { sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import {
  confinedSpaceTypes,
  dustTypes,
  enterpriseStatuses,
  hazardLevels,
  hazardStatuses,
  locationSources,
  organiserLevels,
  outletKinds,
  outletStatuses,
  regionKinds,
  riskLevels,
  sectors,
  sensitiveSiteKinds,
  standardizationLevels,
  zoneKinds,
  confinedSpaces as confinedSpacesTable,
  enterprises as enterprisesTable,
  fireworksOutlets as fireworksOutletsTable,
  grids as gridsTable,
  hazards as hazardsTable,
  regions as regionsTable,
  sensitiveSites as sensitiveSitesTable,
  zones as zonesTable,
} from '../../db/schema.ts'
import { keyHazchemUnit, majorHazardSource } from '../rules/major-hazard-source.ts'
import { hazardOverdue } from '../rules/overdue.ts'

/** How `?property=value` is validated and compared (the SQL casts follow the kind). */
export type Filter =
  { kind: 'enum'; values: readonly string[] } | { kind: 'text' } | { kind: 'boolean' } | { kind: 'integer' }

/** A property's type for queryables and CQL2 (server/ogc/queryables.ts). */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date'

export type Property = {
  /** snake_case key in the GeoJSON `properties`. */
  name: string
  /** Set for computed properties; a column of `t` takes its type from the collection's table. */
  type?: ValueType
  /**
   * SQL over the collection's `from`: the main row is `t`; a rule module's fragment where one
   * applies, given the request's values from `req` (server/ogc/feature-sql.ts: the date, the
   * thresholds read from settings).
   */
  expr: string | SQL
  /** Set when the property can be used as an items filter. */
  filter?: Filter
}

/**
 * One OGC API collection as plain data. Table, column and expression text comes only from here and
 * reaches SQL through sql.raw, never from a request.
 */
/** The collections' ids, the {collectionId} of /ogc/collections/{collectionId} (the web's layers name them). */
export type CollectionId =
  | 'towns'
  | 'grids'
  | 'enterprises'
  | 'dust'
  | 'confined-spaces'
  | 'fireworks-outlets'
  | 'sensitive-sites'
  | 'zones'
  | 'hazards'

export type Collection = {
  id: CollectionId
  /** Chinese, as the UI shows it. */
  title: string
  /** English, for GDAL/QGIS users. */
  description: string
  geometryType: 'Point' | 'MultiPolygon'
  /** FROM clause; the main row is aliased `t` and exposes town_code and grid_code for the scope. */
  from: string
  /** The Drizzle table behind `t`, whose columns give the properties' types. */
  table: PgTable
  /** Rows of the table that belong to the collection at all (dust = enterprises where dust). */
  where?: string
  /** The GeoJSON feature id: a serial id or a region/grid code. */
  key: { expr: string; type: 'integer' | 'text' }
  /**
   * 'row': the scope applies to t.town_code / t.grid_code. 'town': a town is also visible to a
   * grid-level scope that holds one of its grids, so officers see the boundary around their grids.
   */
  scopedBy: 'row' | 'town'
  properties: Property[]
  /**
   * The date `datetime` filters on (columns of `t`): one day, or a validity from start to end
   * (an empty end is open).
   */
  temporal?: { start: string; end?: string }
}

const text: Filter = { kind: 'text' }
const boolean: Filter = { kind: 'boolean' }
const integer: Filter = { kind: 'integer' }
const oneOf = (values: readonly string[]): Filter => ({ kind: 'enum', values })

/** A column of the main row `t`, under its own name. */
const column = (name: string, filter?: Filter): Property => ({ name, expr: `t.${name}`, ...(filter ? { filter } : {}) })
const computed = (name: string, type: ValueType, expr: string | SQL, filter?: Filter): Property => ({
  name,
  type,
  expr,
  ...(filter ? { filter } : {}),
})

// Typed here: in towns and grids they are aliases in the FROM subquery, not columns of the table.
const townCode: Property = { ...column('town_code', text), type: 'string' }
const gridCode: Property = { ...column('grid_code', text), type: 'string' }

// Counted per returned row only (correlated subqueries over indexed enterprise_id columns).
const confinedSpaceCount = computed(
  'confined_space_count',
  'integer',
  '(SELECT count(*)::int FROM confined_spaces cs WHERE cs.enterprise_id = t.id)',
)
const openHazards = computed(
  'open_hazards',
  'integer',
  "(SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = t.id AND h.status <> 'closed')",
)

export const collections: readonly Collection[] = [
  {
    id: 'towns',
    title: '镇（区）',
    description:
      'Towns and special units (development zones, farms, salt works) of Sheyang County; demo boundaries are synthetic.',
    geometryType: 'MultiPolygon',
    from: "(SELECT r.*, r.code AS town_code, NULL::text AS grid_code FROM regions r WHERE r.kind <> 'county') t",
    table: regionsTable,
    key: { expr: 't.code', type: 'text' },
    scopedBy: 'town',
    properties: [
      column('code'),
      column('name'),
      column('kind', oneOf(regionKinds.filter((kind) => kind !== 'county'))),
      townCode,
      column('households'),
      column('population'),
      column('synthetic_geometry'),
    ],
  },
  {
    id: 'grids',
    title: '监管网格',
    description: 'Supervision grids (village, community and park cells) with their town and grid officer.',
    geometryType: 'MultiPolygon',
    from: '(SELECT g.*, g.code AS grid_code FROM grids g) t JOIN regions town ON town.code = t.town_code',
    table: gridsTable,
    key: { expr: 't.code', type: 'text' },
    scopedBy: 'row',
    properties: [
      column('code'),
      column('name'),
      column('kind', oneOf(['village', 'community', 'park'])),
      townCode,
      computed('town_name', 'string', 'town.name'),
      gridCode,
      column('officer_name'),
      column('officer_phone'),
      column('synthetic_geometry'),
    ],
  },
  {
    id: 'enterprises',
    title: '企业',
    description: 'Enterprises under supervision (one record per enterprise) with risk level, sector and special tags.',
    geometryType: 'Point',
    from: 'enterprises t',
    table: enterprisesTable,
    key: { expr: 't.id', type: 'integer' },
    scopedBy: 'row',
    properties: [
      column('uscc'),
      column('name'),
      column('sector', oneOf(sectors)),
      column('risk_level', oneOf(riskLevels)),
      column('status', oneOf(enterpriseStatuses)),
      townCode,
      gridCode,
      column('address'),
      column('legal_rep'),
      column('safety_manager'),
      column('safety_phone'),
      column('employees'),
      column('above_size', boolean),
      column('standardization_level', oneOf(standardizationLevels)),
      column('standardization_expiry'),
      column('dust', boolean),
      column('dust_type', oneOf(dustTypes)),
      column('ammonia_tonnes'),
      column('hazchem_key_process', boolean),
      column('hazchem_key_chemical', boolean),
      column('major_hazard_level'),
      computed(
        'major_hazard_source',
        'boolean',
        majorHazardSource('t', sql.raw('req.ammonia_major_hazard_tonnes')),
        boolean,
      ),
      computed('key_hazchem_unit', 'boolean', keyHazchemUnit('t', sql.raw('req.ammonia_major_hazard_tonnes')), boolean),
      column('dcs'),
      column('fireworks_wholesale', boolean),
      column('location_source', oneOf(locationSources)),
      confinedSpaceCount,
      openHazards,
    ],
  },
  {
    id: 'dust',
    title: '粉尘涉爆企业',
    description: 'Enterprises with explosive dust, with dust type, workers per shift and third-party verification.',
    geometryType: 'Point',
    from: 'enterprises t',
    table: enterprisesTable,
    where: 't.dust',
    key: { expr: 't.id', type: 'integer' },
    temporal: { start: 'dust_verified_on' },
    scopedBy: 'row',
    properties: [
      column('uscc'),
      column('name'),
      column('sector', oneOf(sectors)),
      column('risk_level', oneOf(riskLevels)),
      column('status', oneOf(enterpriseStatuses)),
      townCode,
      gridCode,
      column('address'),
      column('safety_manager'),
      column('safety_phone'),
      column('employees'),
      column('dust_type', oneOf(dustTypes)),
      column('dust_workers_per_shift'),
      column('dust_verified', boolean),
      column('dust_verified_on'),
      confinedSpaceCount,
      openHazards,
    ],
  },
  {
    id: 'confined-spaces',
    title: '有限空间',
    description: 'Confined-space ledger: one feature per space, with its enterprise.',
    geometryType: 'Point',
    from: 'confined_spaces t JOIN enterprises e ON e.id = t.enterprise_id',
    table: confinedSpacesTable,
    key: { expr: 't.id', type: 'integer' },
    scopedBy: 'row',
    properties: [
      column('name'),
      column('space_type', oneOf(confinedSpaceTypes)),
      column('gases'),
      column('warning_sign', boolean),
      column('permit_required', boolean),
      column('outsourced', boolean),
      column('enterprise_id', integer),
      computed('enterprise_name', 'string', 'e.name'),
      computed('sector', 'string', 'e.sector', oneOf(sectors)),
      computed('risk_level', 'string', 'e.risk_level', oneOf(riskLevels)),
      townCode,
      gridCode,
    ],
  },
  {
    id: 'fireworks-outlets',
    title: '烟花爆竹零售点',
    description: 'Fireworks retail outlets (fixed and temporary) with licence, floor area and supplier.',
    geometryType: 'Point',
    from: 'fireworks_outlets t LEFT JOIN enterprises s ON s.id = t.supplier_enterprise_id',
    table: fireworksOutletsTable,
    key: { expr: 't.id', type: 'integer' },
    temporal: { start: 'licence_valid_from', end: 'licence_valid_to' },
    scopedBy: 'row',
    properties: [
      column('licence_no'),
      column('name'),
      column('operator'),
      column('phone'),
      column('address'),
      column('kind', oneOf(outletKinds)),
      column('status', oneOf(outletStatuses)),
      column('floor_area_m2'),
      column('storage_limit_kg'),
      column('dedicated_shop', boolean),
      column('shares_residence', boolean),
      column('licence_valid_from'),
      column('licence_valid_to'),
      column('supplier_enterprise_id', integer),
      computed('supplier_name', 'string', 's.name'),
      townCode,
      gridCode,
    ],
  },
  {
    id: 'sensitive-sites',
    title: '敏感场所',
    description:
      'Schools, kindergartens, hospitals, markets, gas stations and other sites the fireworks siting rules measure against.',
    geometryType: 'Point',
    from: 'sensitive_sites t',
    table: sensitiveSitesTable,
    key: { expr: 't.id', type: 'integer' },
    scopedBy: 'row',
    properties: [column('name'), column('kind', oneOf(sensitiveSiteKinds)), column('address'), townCode, gridCode],
  },
  {
    id: 'zones',
    title: '禁放区与工业园区',
    description: 'No-fireworks zones and industrial parks.',
    geometryType: 'MultiPolygon',
    from: 'zones t',
    table: zonesTable,
    key: { expr: 't.id', type: 'integer' },
    scopedBy: 'row',
    properties: [
      column('name'),
      column('kind', oneOf(zoneKinds)),
      townCode,
      gridCode,
      column('note'),
      column('synthetic_geometry'),
    ],
  },
  {
    id: 'hazards',
    title: '隐患',
    description: 'Hazards found in inspections, with the closed-loop status, deadline and whether they are overdue.',
    geometryType: 'Point',
    from: 'hazards t JOIN enterprises e ON e.id = t.enterprise_id',
    table: hazardsTable,
    key: { expr: 't.id', type: 'integer' },
    temporal: { start: 'found_on' },
    scopedBy: 'row',
    properties: [
      column('enterprise_id', integer),
      computed('enterprise_name', 'string', 'e.name'),
      computed('sector', 'string', 'e.sector', oneOf(sectors)),
      computed('risk_level', 'string', 'e.risk_level', oneOf(riskLevels)),
      column('level', oneOf(hazardLevels)),
      column('status', oneOf(hazardStatuses)),
      column('category'),
      column('description'),
      column('found_on'),
      column('deadline'),
      column('closed_on'),
      computed('overdue', 'boolean', hazardOverdue('t', sql.raw('req.today')), boolean),
      column('escalation_level'),
      column('listed_by_level', oneOf(organiserLevels)),
      column('listed_on'),
      column('listing_deadline'),
      townCode,
      gridCode,
    ],
  },
]

export const collectionIds = collections.map((collection) => collection.id)

export const findCollection = (id: string) => collections.find((collection) => collection.id === id)

export const filterableProperties = (collection: Collection) =>
  collection.properties.filter((property): property is Property & { filter: Filter } => property.filter !== undefined)
