import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

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
