import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'
import type { PhotoMeta } from './hazards.ts'

/** GET /api/enterprises/{id}/inspections. */
export type EnterpriseInspections = Answer<Api['enterprises'][':id']['inspections']['$get']>

export function fetchEnterpriseInspections(id: string, client: ApiClient = api): Promise<EnterpriseInspections> {
  return client.getJson<EnterpriseInspections>(`/api/enterprises/${encodeURIComponent(id)}/inspections`)
}

/** server/routes/enterprises.ts: GET /api/enterprises/{id}, the part the record reads from it (the hazards' photos). */
export type EnterpriseRecordDetails = { hazards: { id: number; photos: PhotoMeta[] }[] }

export function fetchEnterpriseRecord(id: string, client: ApiClient = api): Promise<EnterpriseRecordDetails> {
  return client.getJson<EnterpriseRecordDetails>(`/api/enterprises/${encodeURIComponent(id)}`)
}
