import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/enterprises/{id}/inspections. */
export type EnterpriseInspections = Answer<Api['enterprises'][':id']['inspections']['$get']>

export function fetchEnterpriseInspections(id: string, client: ApiClient = api): Promise<EnterpriseInspections> {
  return client.getJson<EnterpriseInspections>(`/api/enterprises/${encodeURIComponent(id)}/inspections`)
}

/** GET /api/enterprises/{id}: the record reads its hazards' photos from it. */
export type EnterpriseRecordDetails = Answer<Api['enterprises'][':id']['$get']>

export function fetchEnterpriseRecord(id: string, client: ApiClient = api): Promise<EnterpriseRecordDetails> {
  return client.getJson<EnterpriseRecordDetails>(`/api/enterprises/${encodeURIComponent(id)}`)
}
