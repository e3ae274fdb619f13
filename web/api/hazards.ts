import type { DelistBody, ExtensionBody, ListingBody, TransitionBody } from '../../server/hazards/schemas.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/hazards/{id}: the hazard with its photos, what it may move to and the caller's actions. */
export type HazardWithNext = Answer<Api['hazards'][':id']['$get']>
/** A hazard as every write on it answers (without its photos, which GET adds). */
export type Hazard = Omit<HazardWithNext['hazard'], 'photos'>
/** The bytes of a photo are at photoUrl(hazard, id). */
export type PhotoMeta = HazardWithNext['hazard']['photos'][number]
/** 整改前 (found with the hazard) or 整改后 (after rectification). */
export type PhotoStage = PhotoMeta['stage']
/** The row as a stale write's 409 sends it (details.current): the hazard without what GET adds. */
export type HazardRow = Omit<Hazard, 'actions' | 'overdue' | 'days_overdue' | 'next'>
/** What the caller may do with a hazard (server/rules/listing-actions.ts), as its answers list it. */
export type HazardActionName = Hazard['actions'][number]

/** The body of a write without `version` (postHazardAction adds it). */
type Unversioned<B> = B extends unknown ? Omit<B, 'version'> : never

/** One write on a hazard: the path after /api/hazards/{id}/ and its body (server/hazards/schemas.ts). */
export type HazardAction =
  | { kind: 'transition'; body: Unversioned<TransitionBody> }
  | { kind: 'listing'; body: Unversioned<ListingBody> }
  | { kind: 'extension'; body: Unversioned<ExtensionBody> }
  | { kind: 'delist'; body: Unversioned<DelistBody> }

export const fetchHazard = (id: number, client: ApiClient = api) => client.getJson<HazardWithNext>(`/api/hazards/${id}`)

export const postHazardAction = (id: number, action: HazardAction, version: number, client: ApiClient = api) =>
  client.send<Answer<Api['hazards'][':id']['transition']['$post']>>(`/api/hazards/${id}/${action.kind}`, {
    ...action.body,
    version,
  })

export const photoUrl = (hazardId: number, photoId: number) => `/api/hazards/${hazardId}/photos/${photoId}`

export function uploadHazardPhotos(id: number, stage: PhotoStage, photos: Blob[], client: ApiClient = api) {
  const form = new FormData()
  form.append('stage', stage)
  photos.forEach((blob, n) => form.append('photos', blob, `photo-${n + 1}.jpg`))
  return client.send<Answer<Api['hazards'][':id']['photos']['$post'], 201>>(`/api/hazards/${id}/photos`, form)
}

export const deleteHazardPhoto = (hazardId: number, photoId: number, client: ApiClient = api) =>
  client.send<null>(photoUrl(hazardId, photoId), undefined, 'DELETE')
