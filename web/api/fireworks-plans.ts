import type { NewPlan, PlanChangeInput, PlanPut } from '../../server/fireworks/plans/schemas.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** What-if plans (server/fireworks/plans/routes.ts), typed from the server's handlers and schemas. */
type Fireworks = Api['fireworks']

/** A change as the web sends it (close, move, add; an add's flags may be left to their defaults). */
export type PlanChange = PlanChangeInput
export type PlanSummary = Answer<Fireworks['plans']['$get']>['plans'][number]
export type Plan = Answer<Fireworks['plans'][':id']['$get']>
export type Evaluation = Answer<Fireworks['evaluate']['$post']>
export type PlanViolation = Evaluation['violations'][number]

export const fetchPlans = (year: number, client: ApiClient = api) =>
  client.getJson<Answer<Fireworks['plans']['$get']>>('/api/fireworks/plans', { year })
export const fetchPlan = (id: number, client: ApiClient = api) => client.getJson<Plan>(`/api/fireworks/plans/${id}`)
export const createPlan = (body: NewPlan, client: ApiClient = api) =>
  client.send<Answer<Fireworks['plans']['$post'], 201>>('/api/fireworks/plans', body)
export const savePlan = (id: number, body: PlanPut, client: ApiClient = api) =>
  client.send<Answer<Fireworks['plans'][':id']['$put']>>(`/api/fireworks/plans/${id}`, body, 'PUT')
export const deletePlan = (id: number, version: number, client: ApiClient = api) =>
  client.send<null>(`/api/fireworks/plans/${id}?version=${version}`, undefined, 'DELETE')
export const adoptPlan = (id: number, version: number, client: ApiClient = api) =>
  client.send<Answer<Fireworks['plans'][':id']['adopt']['$post']>>(`/api/fireworks/plans/${id}/adopt`, { version })
export const evaluateChanges = (changes: PlanChange[], client: ApiClient = api) =>
  client.send<Evaluation>('/api/fireworks/evaluate', { changes })
export const fetchPlanEvaluation = (id: number, client: ApiClient = api) =>
  client.getJson<Evaluation>(`/api/fireworks/plans/${id}/evaluation`)

/** The server's exports (GET, a file download): XLSX of every table, CSV of one. */
export const exportXlsxUrl = (planId?: number | null) =>
  `/api/fireworks/export.xlsx${planId ? `?plan_id=${planId}` : ''}`
export const exportCsvUrl = (table: 'violations' | 'towns', planId?: number | null) =>
  `/api/fireworks/export.csv?table=${table}${planId ? `&plan_id=${planId}` : ''}`
