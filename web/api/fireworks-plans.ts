import { api, type ApiClient } from './client.ts'
import type { OutletViolation, TownQuota } from './fireworks.ts'

/** What-if plans (FIREWORKS.md API): typed from the server once its routes land. */
export type PlanChange =
  | { kind: 'close'; outlet_id: number }
  | { kind: 'move'; outlet_id: number; lon: number; lat: number }
  | {
      kind: 'add'
      ref: string
      name: string
      outlet_kind: 'fixed' | 'temporary'
      lon: number
      lat: number
      floor_area_m2: number
      dedicated_shop?: boolean
      shares_residence?: boolean
      operator?: string
      address?: string
      supplier_enterprise_id?: number
    }

export type PlanSummary = {
  id: number
  name: string
  year: number
  note: string | null
  status: 'draft' | 'adopted'
  version: number
  created_at: string
  updated_at: string
  created_by_name: string | null
  adopted_at: string | null
  change_counts: { close: number; move: number; add: number }
  stale: boolean
}
export type Plan = Omit<PlanSummary, 'change_counts' | 'stale'> & { changes: PlanChange[] }

export type PlanViolation = Omit<OutletViolation, 'outlet_id' | 'outlet_name'> & {
  subject: { outlet_id: number | null; ref: string | null; name: string }
  other_ref?: string | null
}
export type Evaluation = {
  violations: PlanViolation[]
  counts: Record<string, number>
  towns: TownQuota[]
  comparison: {
    towns: {
      code: string
      name: string
      cap: number | null
      current: number
      planned: number
      delta: number
      within_current: boolean | null
      within_planned: boolean | null
    }[]
    fixed: PlanViolation[]
    introduced: PlanViolation[]
    unchanged: number
  }
}

export const fetchPlans = (year: number, client: ApiClient = api) =>
  client.getJson<{ plans: PlanSummary[] }>('/api/fireworks/plans', { year })
export const fetchPlan = (id: number, client: ApiClient = api) => client.getJson<Plan>(`/api/fireworks/plans/${id}`)
export const createPlan = (body: { name: string; year: number; note?: string }, client: ApiClient = api) =>
  client.send<Plan>('/api/fireworks/plans', body)
export const savePlan = (
  id: number,
  body: { version: number; name?: string; note?: string; changes: PlanChange[] },
  client: ApiClient = api,
) => client.send<Plan>(`/api/fireworks/plans/${id}`, body, 'PUT')
export const deletePlan = (id: number, version: number, client: ApiClient = api) =>
  client.send<null>(`/api/fireworks/plans/${id}?version=${version}`, undefined, 'DELETE')
export const adoptPlan = (id: number, version: number, client: ApiClient = api) =>
  client.send<Plan>(`/api/fireworks/plans/${id}/adopt`, { version })
export const evaluateChanges = (changes: PlanChange[], client: ApiClient = api) =>
  client.send<Evaluation>('/api/fireworks/evaluate', { changes })
export const fetchPlanEvaluation = (id: number, client: ApiClient = api) =>
  client.getJson<Evaluation>(`/api/fireworks/plans/${id}/evaluation`)

/** The server's exports (GET, a file download): XLSX of every table, CSV of one. */
export const exportXlsxUrl = (planId?: number | null) =>
  `/api/fireworks/export.xlsx${planId ? `?plan_id=${planId}` : ''}`
export const exportCsvUrl = (table: 'violations' | 'towns', planId?: number | null) =>
  `/api/fireworks/export.csv?table=${table}${planId ? `&plan_id=${planId}` : ''}`
