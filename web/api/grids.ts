import type { InspectionRequest } from '../../server/inspections/schemas.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/grids/{code}/worklist: the officer's planned inspections, enterprises and open hazards. */
export type Worklist = Answer<Api['grids'][':code']['worklist']['$get']>
export type WorklistEnterprise = Worklist['enterprises'][number]
export type WorklistHazard = Worklist['hazards'][number]
/** A planned inspection not yet done (e.g. a 双随机 pick), to complete with its id and version. */
export type PlannedInspection = Worklist['planned'][number]

export const fetchWorklist = (code: string, client: ApiClient = api) =>
  client.getJson<Worklist>(`/api/grids/${encodeURIComponent(code)}/worklist`)

export const fetchGridFeature = (code: string, client: ApiClient = api) =>
  client.getJson<GeoJSON.Feature>(
    `/ogc/collections/grids/items/${encodeURIComponent(code)}`,
    {},
    'application/geo+json',
  )

/**
 * The body of POST /api/inspections (server/inspections/schemas.ts); its `client_request_id` is
 * made once per save on the device, so a retry after a lost answer returns the first result.
 */
export type InspectionBody = InspectionRequest

/** The inspection and its hazards with their photos; `replayed` when it answers a retry. */
export type InspectionCreated = Answer<Api['inspections']['$post'], 201> & { replayed?: boolean }

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
