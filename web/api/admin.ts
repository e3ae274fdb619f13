import type { Role } from './auth.ts'
import { api, type ApiClient, type Query } from './client.ts'

/** server/routes/admin.ts: the rows of /api/admin/*. */
export type AdminUser = {
  id: number
  username: string
  display_name: string
  role: Role
  town_code: string | null
  town_name: string | null
  grid_codes: string[]
  active: boolean
  created_at: string
  updated_at: string
}

export type TokenKind = 'kiosk' | 'personal'
export type AdminToken = {
  id: number
  user_id: number
  username: string
  display_name: string
  role: Role
  name: string
  kind: TokenKind
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}
export type CreatedToken = Omit<AdminToken, 'username' | 'display_name' | 'role'> & { token: string }

export type Places = {
  towns: { code: string; name: string }[]
  grids: { code: string; name: string; town_code: string }[]
}

export type AuditEntry = {
  id: number
  at: string
  user_id: number | null
  username: string | null
  display_name: string | null
  action: string
  entity: string
  entity_id: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}
export type AuditPage = { total: number; limit: number; offset: number; items: AuditEntry[] }
export type AuditFilter = {
  entity?: string
  action?: string
  user_id?: number
  /** YYYY-MM-DD, whole days in China time, both included. */
  from?: string
  to?: string
}

export type NewUser = {
  username: string
  display_name: string
  password: string
  role: Role
  town_code?: string
  grid_codes?: string[]
}
export type UserPatch = Partial<{
  display_name: string
  role: Role
  town_code: string | null
  grid_codes: string[]
  active: boolean
}>

export const fetchUsers = (client: ApiClient = api) => client.getJson<{ users: AdminUser[] }>('/api/admin/users')
export const fetchPlaces = (client: ApiClient = api) => client.getJson<Places>('/api/admin/places')
export const createUser = (body: NewUser, client: ApiClient = api) => client.send<AdminUser>('/api/admin/users', body)
export const patchUser = (id: number, body: UserPatch, client: ApiClient = api) =>
  client.send<AdminUser>(`/api/admin/users/${id}`, body, 'PATCH')
export const resetPassword = (id: number, password: string, client: ApiClient = api) =>
  client.send<AdminUser>(`/api/admin/users/${id}/password`, { password })

export const fetchTokens = (client: ApiClient = api) => client.getJson<{ tokens: AdminToken[] }>('/api/admin/tokens')
export const createToken = (body: { user_id: number; name: string; kind: TokenKind }, client: ApiClient = api) =>
  client.send<CreatedToken>('/api/admin/tokens', body)
export const revokeToken = (id: number, client: ApiClient = api) =>
  client.send<AdminToken>(`/api/admin/tokens/${id}`, undefined, 'DELETE')

export const fetchAudit = (filter: AuditFilter, limit: number, offset: number, client: ApiClient = api) =>
  client.getJson<AuditPage>('/api/admin/audit', { ...filter, limit, offset } as Query)
export const fetchAuditFacets = (client: ApiClient = api) =>
  client.getJson<{ entities: string[]; actions: string[] }>('/api/admin/audit/facets')
