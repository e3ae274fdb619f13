import type { RiskLevel, Sector } from '../domain/vocab.ts'
import { api, type ApiClient } from './client.ts'

/** server/routes/draws.ts: the filters a draw was made with. */
export type DrawFilters = { town_code?: string[]; sector?: Sector[]; risk_level?: RiskLevel[] }

export type DrawPick = {
  enterprise_id: number
  name: string | null
  town_code: string | null
  town_name: string | null
  grid_code: string | null
  grid_name: string | null
  sector: Sector | null
  risk_level: RiskLevel | null
  inspectors: string[]
  inspection_id: number
  status: 'planned' | 'done'
}

/** POST /api/draws and GET /api/draws/{id}; only the latter says `reproduced`. */
export type Draw = {
  id: number
  name: string
  seed: string
  planned_on: string
  drawn_at: string
  drawn_by: string | null
  filters: DrawFilters
  inspectors: string[]
  enterprises: number
  inspectors_per_enterprise: number
  candidates: number
  picks: DrawPick[]
  reproduced?: boolean
}

export type DrawBody = {
  name?: string
  filters: DrawFilters
  inspectors: string[]
  enterprises: number
  inspectors_per_enterprise: number
  seed?: string
  planned_on: string
}

export type DrawListItem = {
  id: number
  name: string
  planned_on: string
  drawn_at: string
  drawn_by: string | null
  seed: string
  candidates: number
  enterprises: number
  inspectors: number
  inspectors_per_enterprise: number
  planned: number
  done: number
}
export type DrawList = { total: number; limit: number; offset: number; items: DrawListItem[] }

export type Candidates = {
  today: string
  candidates: number
  towns: { code: string; name: string; candidates: number }[]
}

export type Inspector = {
  id: number
  display_name: string
  role: 'county' | 'town' | 'grid'
  town_code: string | null
  town_name: string | null
}

const list = (values: readonly string[] | undefined) => (values?.length ? values.join(',') : undefined)

export const fetchCandidates = (filters: DrawFilters, client: ApiClient = api) =>
  client.getJson<Candidates>('/api/draws/candidates', {
    town_code: list(filters.town_code),
    sector: list(filters.sector),
    risk_level: list(filters.risk_level),
  })

export const fetchInspectors = (townCode: string | null, client: ApiClient = api) =>
  client.getJson<{ inspectors: Inspector[] }>('/api/draws/inspectors', { town_code: townCode })

export const fetchDraws = (offset: number, limit: number, client: ApiClient = api) =>
  client.getJson<DrawList>('/api/draws', { offset, limit })

export const fetchDraw = (id: number, client: ApiClient = api) => client.getJson<Draw>(`/api/draws/${id}`)

export const postDraw = (body: DrawBody, client: ApiClient = api) => client.send<Draw>('/api/draws', body)
