import type { DrawBody } from '../../server/draws/schemas.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** The filters a draw was made with (server/draws/schemas.ts). */
export type DrawFilters = NonNullable<DrawBody['filters']>

/** POST /api/draws and GET /api/draws/{id}; only the latter says `reproduced`. */
export type Draw = Omit<Answer<Api['draws'][':id']['$get']>, 'reproduced'> & { reproduced?: boolean }
export type DrawPick = Draw['picks'][number]

export type { DrawBody }

export type DrawList = Answer<Api['draws']['$get']>
export type DrawListItem = DrawList['items'][number]

export type Candidates = Answer<Api['draws']['candidates']['$get']>

export type Inspector = Answer<Api['draws']['inspectors']['$get']>['inspectors'][number]

const list = (values: readonly string[] | undefined) => (values?.length ? values.join(',') : undefined)

export const fetchCandidates = (filters: DrawFilters, client: ApiClient = api) =>
  client.getJson<Candidates>('/api/draws/candidates', {
    town_code: list(filters.town_code),
    sector: list(filters.sector),
    risk_level: list(filters.risk_level),
  })

export const fetchInspectors = (townCode: string | null, client: ApiClient = api) =>
  client.getJson<Answer<Api['draws']['inspectors']['$get']>>('/api/draws/inspectors', { town_code: townCode })

export const fetchDraws = (offset: number, limit: number, client: ApiClient = api) =>
  client.getJson<DrawList>('/api/draws', { offset, limit })

export const fetchDraw = (id: number, client: ApiClient = api) => client.getJson<Draw>(`/api/draws/${id}`)

export const postDraw = (body: DrawBody, client: ApiClient = api) => client.send<Draw>('/api/draws', body)
