import type { MultiPolygon, Polygon } from 'geojson'
import { api, type ApiClient, type Query } from './client.ts'
import type { Answer, Api, JsonBody } from './contract.ts'

/**
 * The editing API of issue 12 (server/registers/routes.ts, server/enterprises/routes.ts,
 * server/grids/routes.ts), typed from the server's handlers and schemas: the lists of
 * GET /api/registers/{register} and the POST / PATCH of each register.
 */
export type RegisterName = 'sensitive-sites' | 'zones' | 'grids' | 'confined-spaces' | 'accidents' | 'drills'

/** A position as typed or clicked: in `crs` (default EPSG:4326), converted by the server. */
export type Location = NonNullable<JsonBody<Api['sensitive-sites']['$post']>['location']>
export type Polygonal = Polygon | MultiPolygon

/** Each register's record as its writes answer it (the lists send the same rows). */
export type SensitiveSite = Answer<Api['sensitive-sites'][':id']['$patch']>
export type Zone = Answer<Api['zones'][':id']['$patch']>
export type Grid = Answer<Api['grids'][':code']['$patch']>
export type ConfinedSpace = Answer<Api['confined-spaces'][':id']['$patch']>
export type Accident = Answer<Api['accidents'][':id']['$patch']>
export type Drill = Answer<Api['drills'][':id']['$patch']>
/** The whole 一企一档 record as the writes answer it (`warnings`: a USCC whose check character fails). */
export type EnterpriseRecord = Answer<Api['enterprises'][':id']['$patch']>

export type RegisterRecord = {
  'sensitive-sites': SensitiveSite
  zones: Zone
  grids: Grid
  'confined-spaces': ConfinedSpace
  accidents: Accident
  drills: Drill
}

/** The bodies the writes take (POST; a PATCH takes any of the fields and the version). */
export type WriteBodies = {
  enterprises: JsonBody<Api['enterprises']['$post']>
  'sensitive-sites': JsonBody<Api['sensitive-sites']['$post']>
  zones: JsonBody<Api['zones']['$post']>
  grids: JsonBody<Api['grids']['$post']>
  'confined-spaces': JsonBody<Api['confined-spaces']['$post']>
  accidents: JsonBody<Api['accidents']['$post']>
  drills: JsonBody<Api['drills']['$post']>
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

/**
 * A write's body as the forms build it field by field (web/features/registers/fields.ts): the
 * changed fields, the version read (PATCH), a position or an outline. Each field is checked in the
 * form against its kind; the server's schema (WriteBodies) has the last word.
 */
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

/** DELETE /{id}?version=: only sensitive sites and zones are ever removed (204). */
export function deleteRecord(
  register: 'sensitive-sites' | 'zones',
  id: number,
  version: number,
  client: ApiClient = api,
) {
  return client.send<null>(`${writePaths[register]}/${id}?version=${version}`, undefined, 'DELETE')
}
