import { api, type ApiClient } from './client.ts'
import type { Answer, Api, JsonBody } from './contract.ts'

/** The planner's reads (server/fireworks/routes.ts), typed from the server's handlers. */
type Fireworks = Api['fireworks']

export type ViolationList = Answer<Fireworks['violations']['$get']>
export type OutletViolation = ViolationList['violations'][number]
export type SitingRules = ViolationList['rules']
export type TownList = Answer<Fireworks['towns']['$get']>
export type TownQuota = TownList['towns'][number]
export type CandidateCheck = Answer<Fireworks['check']['$post']>
/** GET /api/fireworks/outlets: every outlet in scope, any status, with stored (unrounded) coordinates. */
export type OutletCollection = Answer<Fireworks['outlets']['$get']>
export type OutletFeature = OutletCollection['features'][number]

export const fetchViolations = (client: ApiClient = api) => client.getJson<ViolationList>('/api/fireworks/violations')

export const fetchTowns = (client: ApiClient = api) => client.getJson<TownList>('/api/fireworks/towns')

export const postCheck = (lon: number, lat: number, client: ApiClient = api) =>
  client.send<CandidateCheck>('/api/fireworks/check', { lon, lat })

export const fetchOutlets = (client: ApiClient = api) => client.getJson<OutletCollection>('/api/fireworks/outlets')

/** PATCH /api/fireworks/towns/{code}: households and/or the cap set by hand (null: from households again). */
export type TownPatch = JsonBody<Fireworks['towns'][':code']['$patch']>
export const patchTown = (code: string, body: TownPatch, client: ApiClient = api) =>
  client.send<Answer<Fireworks['towns'][':code']['$patch']>>(`/api/fireworks/towns/${code}`, body, 'PATCH')

/** PATCH /api/fireworks/outlets/{id}: the version read and the fields changed. */
export type OutletPatch = JsonBody<Fireworks['outlets'][':id']['$patch']>
export type OutletAnswer = Answer<Fireworks['outlets'][':id']['$patch']>
export const patchOutlet = (id: number, body: OutletPatch, client: ApiClient = api) =>
  client.send<OutletAnswer>(`/api/fireworks/outlets/${id}`, body, 'PATCH')
