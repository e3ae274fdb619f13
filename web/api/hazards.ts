import type { HazardAction as HazardActionName } from '../../server/rules/listing-actions.ts'
import type { HazardLevel, HazardStatus } from '../domain/vocab.ts'
import { api, type ApiClient } from './client.ts'

/** 整改前 (found with the hazard) or 整改后 (after rectification). */
export type PhotoStage = 'found' | 'rectified'
/** server/writes/photo-write.ts PhotoMeta: the bytes are at photoUrl(hazard, id). */
export type PhotoMeta = {
  id: number
  stage: PhotoStage
  width: number
  height: number
  uploaded_by_user_id: number | null
}

export type { HazardActionName }

/** server/writes/hazard-write.ts hazardColumns, snake_cased: the row as a stale write's 409 sends it. */
export type HazardRow = {
  id: number
  enterprise_id: number
  level: HazardLevel
  status: HazardStatus
  category: string | null
  description: string
  found_on: string
  found_by: string | null
  reported_by_user_id: number | null
  deadline: string | null
  closed_on: string | null
  escalation_level: number
  listed_by_level: 'county' | 'town' | null
  listed_by_unit: string | null
  listing_round: string | null
  listed_on: string | null
  listing_deadline: string | null
  extension_requested_on: string | null
  extension_deadline: string | null
  extension_approved_on: string | null
  delisted_on: string | null
  version: number
}

/**
 * A hazard as its answers send it (server/hazards/answer.ts): the row, whether it is overdue and by
 * how many days, and the actions this caller may take now — the web shows those and decides none.
 */
export type Hazard = HazardRow & { overdue: boolean; days_overdue: number; actions: HazardActionName[] }

export type HazardWithNext = { hazard: Hazard & { photos: PhotoMeta[] }; next: HazardStatus[] }

/** One write on a hazard: the path after /api/hazards/{id}/ and its body (without version). */
export type HazardAction =
  | { kind: 'transition'; body: { to: HazardStatus; deadline?: string; note?: string } }
  | { kind: 'listing'; body: { listed_by_unit: string; listing_round: string; listing_deadline: string } }
  | { kind: 'extension'; body: { action: 'request'; requested_deadline: string } | { action: 'approve' | 'reject' } }
  | { kind: 'delist'; body: Record<string, never> }

export const fetchHazard = (id: number, client: ApiClient = api) => client.getJson<HazardWithNext>(`/api/hazards/${id}`)

export const postHazardAction = (id: number, action: HazardAction, version: number, client: ApiClient = api) =>
  client.send<{ hazard: Hazard; next?: HazardStatus[] }>(`/api/hazards/${id}/${action.kind}`, {
    ...action.body,
    version,
  })

export const photoUrl = (hazardId: number, photoId: number) => `/api/hazards/${hazardId}/photos/${photoId}`

export function uploadHazardPhotos(id: number, stage: PhotoStage, photos: Blob[], client: ApiClient = api) {
  const form = new FormData()
  form.append('stage', stage)
  photos.forEach((blob, n) => form.append('photos', blob, `photo-${n + 1}.jpg`))
  return client.send<{ hazard_id: number; photos: PhotoMeta[] }>(`/api/hazards/${id}/photos`, form)
}

export const deleteHazardPhoto = (hazardId: number, photoId: number, client: ApiClient = api) =>
  client.send<null>(photoUrl(hazardId, photoId), undefined, 'DELETE')
