import type { z } from 'zod'
import type { auditQuery, newToken, newUser, userPatch } from '../../server/admin/schemas.ts'
import { api, type ApiClient, type Query } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** The rows of /api/admin/*, as the server's handlers answer them. */
export type AdminUser = Answer<Api['admin']['users']['$get']>['users'][number]

export type AdminToken = Answer<Api['admin']['tokens']['$get']>['tokens'][number]
/** The one answer that shows a token's secret. */
export type CreatedToken = Answer<Api['admin']['tokens']['$post'], 201>
export type NewToken = z.input<typeof newToken>
export type TokenKind = NewToken['kind']

export type Places = Answer<Api['admin']['places']['$get']>

export type AuditPage = Answer<Api['admin']['audit']['$get']>
export type AuditEntry = AuditPage['items'][number]
/**
 * What the audit screen filters by: the query of GET /api/admin/audit (server/admin/schemas.ts) but
 * the page, which fetchAudit adds. `from` / `to`: YYYY-MM-DD, whole days in China time, both included.
 */
export type AuditFilter = Omit<z.input<typeof auditQuery>, 'limit' | 'offset'>
export type AuditFacets = Answer<Api['admin']['audit']['facets']['$get']>

/** The bodies of the user writes (server/admin/schemas.ts). */
export type NewUser = z.input<typeof newUser>
export type UserPatch = z.input<typeof userPatch>

export const fetchUsers = (client: ApiClient = api) =>
  client.getJson<Answer<Api['admin']['users']['$get']>>('/api/admin/users')
export const fetchPlaces = (client: ApiClient = api) => client.getJson<Places>('/api/admin/places')
export const createUser = (body: NewUser, client: ApiClient = api) => client.send<AdminUser>('/api/admin/users', body)
export const patchUser = (id: number, body: UserPatch, client: ApiClient = api) =>
  client.send<AdminUser>(`/api/admin/users/${id}`, body, 'PATCH')
export const resetPassword = (id: number, password: string, client: ApiClient = api) =>
  client.send<AdminUser>(`/api/admin/users/${id}/password`, { password })

export const fetchTokens = (client: ApiClient = api) =>
  client.getJson<Answer<Api['admin']['tokens']['$get']>>('/api/admin/tokens')
export const createToken = (body: NewToken, client: ApiClient = api) =>
  client.send<CreatedToken>('/api/admin/tokens', body)
export const revokeToken = (id: number, client: ApiClient = api) =>
  client.send<AdminToken>(`/api/admin/tokens/${id}`, undefined, 'DELETE')

export const fetchAudit = (filter: AuditFilter, limit: number, offset: number, client: ApiClient = api) =>
  client.getJson<AuditPage>('/api/admin/audit', { ...filter, limit, offset } as Query)
export const fetchAuditFacets = (client: ApiClient = api) => client.getJson<AuditFacets>('/api/admin/audit/facets')
