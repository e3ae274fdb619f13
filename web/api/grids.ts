import type { HazardLevel, HazardStatus, InspectionKind, RiskLevel } from '../domain/vocab.ts'
import type { VisitState } from '../../server/rules/visit-due.ts'
import { api, type ApiClient } from './client.ts'
import type { HazardActionName, PhotoMeta } from './hazards.ts'

/** server/routes/grids.ts: GET /api/grids/{code}/worklist. */
export type WorklistEnterprise = {
  id: number
  name: string
  uscc: string
  sector: string
  risk_level: RiskLevel
  status: string
  address: string | null
  safety_manager: string | null
  safety_phone: string | null
  lon: number
  lat: number
  last_inspected_on: string | null
  days_since_last: number | null
  visit_frequency_days: number
  due_in_days: number | null
  due: boolean
  /** server/rules/visit-due.ts: on_time, due (today is the interval's last day) or overdue. */
  visit_due: VisitState
  open_hazards: number
}

export type WorklistHazard = {
  id: number
  enterprise_id: number
  enterprise_name: string
  level: HazardLevel
  status: HazardStatus
  category: string | null
  description: string
  found_on: string
  deadline: string | null
  overdue: boolean
  days_overdue: number
  escalation_level: number
  due_escalation_level: number
  listed: boolean
  version: number
  photos: PhotoMeta[]
  actions: HazardActionName[]
}

/** A planned inspection not yet done (e.g. a 双随机 pick), to complete with its id and version. */
export type PlannedInspection = {
  id: number
  enterprise_id: number
  enterprise_name: string
  risk_level: RiskLevel
  kind: InspectionKind
  planned_on: string
  campaign_id: number | null
  campaign_name: string | null
  inspectors: string[]
  version: number
  overdue: boolean
}

export type Worklist = {
  asOf: string
  grid: { code: string; name: string; town_code: string; town_name: string; officer_name: string | null }
  visit_frequency_days: Record<RiskLevel, number>
  planned: PlannedInspection[]
  enterprises: WorklistEnterprise[]
  hazards: WorklistHazard[]
}

export const fetchWorklist = (code: string, client: ApiClient = api) =>
  client.getJson<Worklist>(`/api/grids/${encodeURIComponent(code)}/worklist`)

export const fetchGridFeature = (code: string, client: ApiClient = api) =>
  client.getJson<GeoJSON.Feature>(
    `/ogc/collections/grids/items/${encodeURIComponent(code)}`,
    {},
    'application/geo+json',
  )

/** server/routes/inspections.ts: the body of POST /api/inspections. */
export type InspectionBody = {
  enterprise_id: number
  kind: InspectionKind
  inspected_on: string
  inspectors: string[]
  findings?: string
  hazards: { level: HazardLevel; description: string; category?: string; deadline?: string }[]
  planned_inspection_id?: number
  version?: number
  /** Made once per save on the device: a retry after a lost answer returns the first result. */
  client_request_id?: string
}

export type InspectionCreated = {
  inspection: { id: number }
  hazards: { id: number; photos: PhotoMeta[] }[]
  replayed?: boolean
}

/** The inspection with each hazard's photos (by hazard index), in one all-or-nothing request. */
export function postInspection(body: InspectionBody, photos: Blob[][] = [], client: ApiClient = api) {
  if (photos.every((list) => list.length === 0)) return client.send<InspectionCreated>('/api/inspections', body)
  const form = new FormData()
  form.append('inspection', JSON.stringify(body))
  photos.forEach((list, i) =>
    list.forEach((blob, n) => form.append(`hazards.${i}.photos`, blob, `hazard-${i + 1}-${n + 1}.jpg`)),
  )
  return client.send<InspectionCreated>('/api/inspections', form)
}
