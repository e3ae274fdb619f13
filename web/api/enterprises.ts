import { api, type ApiClient } from './client.ts'

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
