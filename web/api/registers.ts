import type { MultiPolygon, Polygon } from 'geojson'
import type * as vocabulary from '../../db/vocabulary.ts'
import { api, type ApiClient, type Query } from './client.ts'

/**
 * The editing API of issue 12 (server: /api/registers/{register} lists, POST/PATCH per register).
 * Until its routes are mounted in server/app.ts these types mirror the contract written for it
 * (wt/COMMON.md "Editing API") field by field; they are then derived from AppType like the others.
 */
type Of<T extends readonly string[]> = T[number]

/** The lists of GET /api/registers/{register}; enterprises and outlets have their own lists. */
export type RegisterName = 'sensitive-sites' | 'zones' | 'grids' | 'confined-spaces' | 'accidents' | 'drills'

/** A position as typed or clicked: in `crs` (default EPSG:4326), converted by the server. */
export type Location = { lon: number; lat: number; crs?: string }
export type Polygonal = Polygon | MultiPolygon

type Placed = { town_code: string | null; grid_code: string | null; source_crs: string | null; version: number }
type Point = { lon: number; lat: number }

export type SensitiveSite = Placed &
  Point & { id: number; name: string; kind: Of<typeof vocabulary.sensitiveSiteKinds>; address: string | null }
export type Zone = Placed & {
  id: number
  name: string
  kind: Of<typeof vocabulary.zoneKinds>
  note: string | null
  geometry: Polygonal
}
export type Grid = {
  code: string
  name: string
  town_code: string
  kind: 'village' | 'community' | 'park'
  officer_name: string | null
  officer_phone: string | null
  source_crs: string | null
  version: number
  geometry: Polygonal
  /** After a boundary change: how many rows the spatial join placed anew. */
  reassigned?: number
}
export type ConfinedSpace = Placed &
  Point & {
    id: number
    enterprise_id: number
    name: string
    space_type: Of<typeof vocabulary.confinedSpaceTypes>
    gases: string[]
    warning_sign: boolean
    permit_required: boolean
    outsourced: boolean
  }
export type Accident = Placed &
  Point & {
    id: number
    occurred_on: string
    enterprise_id: number | null
    level: Of<typeof vocabulary.accidentLevels>
    deaths: number
    serious_injuries: number
    direct_loss_wan_yuan: number
    description: string
  }
export type Drill = {
  id: number
  held_on: string
  level: Of<typeof vocabulary.drillLevels>
  kind: Of<typeof vocabulary.drillKinds>
  name: string
  town_code: string | null
  enterprise_id: number | null
  participants: number | null
  version: number
}

/** The whole 一企一档 record as the writes answer it (`warnings`: a USCC whose check character fails). */
export type EnterpriseRecord = Placed &
  Point & {
    id: number
    uscc: string
    name: string
    legal_rep: string | null
    safety_manager: string | null
    safety_phone: string | null
    address: string | null
    location_source: Of<typeof vocabulary.locationSources>
    employees: number
    above_size: boolean
    sector: Of<typeof vocabulary.sectors>
    risk_level: Of<typeof vocabulary.riskLevels>
    status: Of<typeof vocabulary.enterpriseStatuses>
    standardization_level: Of<typeof vocabulary.standardizationLevels>
    standardization_on: string | null
    standardization_expiry: string | null
    dust: boolean
    dust_type: Of<typeof vocabulary.dustTypes> | null
    dust_workers_per_shift: number | null
    dust_verified: boolean
    dust_verified_on: string | null
    ammonia_tonnes: number | null
    hazchem_key_process: boolean
    hazchem_key_chemical: boolean
    major_hazard_level: number | null
    dcs: boolean
    fireworks_wholesale: boolean
    confined_space_demo: boolean
    confined_space_demo_on: string | null
    culture_demo_level: 'province' | 'city' | null
    culture_demo_on: string | null
    warnings?: { field: string; code: string; message: string }[]
  }

export type RegisterRecord = {
  'sensitive-sites': SensitiveSite
  zones: Zone
  grids: Grid
  'confined-spaces': ConfinedSpace
  accidents: Accident
  drills: Drill
}

/** Where each register writes: POST to the path, PATCH to the path/{key}. */
export const writePaths: Record<RegisterName | 'enterprises', string> = {
  enterprises: '/api/enterprises',
  'sensitive-sites': '/api/sensitive-sites',
  zones: '/api/zones',
  grids: '/api/grids',
  'confined-spaces': '/api/confined-spaces',
  accidents: '/api/accidents',
  drills: '/api/drills',
}

/** A write's body: the fields changed, the version read (PATCH), a position or an outline. */
export type WriteBody = Record<string, unknown> & { version?: number; location?: Location; geometry?: Polygonal }

export type RegisterPage<R extends RegisterName> = { items: RegisterRecord[R][]; total: number }

export function fetchRegister<R extends RegisterName>(
  register: R,
  query: Query,
  client: ApiClient = api,
): Promise<RegisterPage<R>> {
  return client.getJson<RegisterPage<R>>(`/api/registers/${register}`, query)
}

/** POST (no key) or PATCH (the record's id, or a grid's code). */
export function saveRecord<T>(
  register: RegisterName | 'enterprises',
  key: string | number | null,
  body: WriteBody,
  client: ApiClient = api,
): Promise<T> {
  const path = writePaths[register]
  return key === null
    ? client.send<T>(path, body)
    : client.send<T>(`${path}/${encodeURIComponent(String(key))}`, body, 'PATCH')
}
