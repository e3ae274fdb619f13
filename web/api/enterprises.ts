import { api, type ApiClient } from './client.ts'
import type { PhotoMeta } from './hazards.ts'

/** server/routes/enterprises.ts: GET /api/enterprises/{id}/inspections. */
export type EnterpriseInspections = {
  enterpriseId: number
  asOf: string
  visit: { lastVisitOn: string | null; frequencyDays: number; dueOn: string | null; overdue: boolean }
  inspections: {
    id: number
    kind: string
    status: 'planned' | 'done'
    inspectedOn: string
    inspectors: string[]
    findings: string | null
    campaignId: number | null
    hazardsFound: number
  }[]
}

export function fetchEnterpriseInspections(id: string, client: ApiClient = api): Promise<EnterpriseInspections> {
  return client.getJson<EnterpriseInspections>(`/api/enterprises/${encodeURIComponent(id)}/inspections`)
}

/** server/routes/enterprises.ts: GET /api/enterprises/{id}, the part the record reads from it (the hazards' photos). */
export type EnterpriseRecordDetails = { hazards: { id: number; photos: PhotoMeta[] }[] }

export function fetchEnterpriseRecord(id: string, client: ApiClient = api): Promise<EnterpriseRecordDetails> {
  return client.getJson<EnterpriseRecordDetails>(`/api/enterprises/${encodeURIComponent(id)}`)
}
