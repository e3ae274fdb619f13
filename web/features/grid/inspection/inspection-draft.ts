import type { InspectionBody, PlannedInspection } from '../../../api/grids.ts'
import type { HttpError } from '../../../api/client.ts'
import { describeError, type Translate } from '../../../api/errors.ts'
import type { HazardLevel, InspectionKind } from '../../../domain/vocab.ts'
import type { MessageKey } from '../../../i18n/messages.ts'
import { inspectionLimits } from '../../../../lib/limits.ts'

/** A photo of the draft: its bytes are in IndexedDB under `id` (web/features/grid/draft-photos.ts). */
export type DraftPhotoRef = { id: string; width: number; height: number }

/** What the officer has typed, as typed: kept in localStorage until the server confirms it. */
export type HazardDraft = {
  level: HazardLevel
  description: string
  category: string
  deadline: string
  photos?: DraftPhotoRef[]
}
export type InspectionDraft = {
  enterprise_id: number | null
  kind: InspectionKind | ''
  inspected_on: string
  inspectors: string
  findings: string
  hazards: HazardDraft[]
  /** Completing a planned inspection (a 双随机 pick): its id and the version it was read at. */
  planned?: { id: number; version: number; campaign_name: string | null; planned_on: string } | null
  /** Made once per draft: retrying a save whose answer was lost returns the first result. */
  client_request_id?: string
}

/** A field's problem: a message key with its parameters, or the server's own words. */
export type FieldError = { key: MessageKey; params?: Record<string, string | number> } | { text: string }
export type FieldErrors = Record<string, FieldError>

export const draftKey = (gridCode: string) => `sheyang.inspection-draft.${gridCode}`

export const emptyDraft = (today: string, enterpriseId: number | null = null): InspectionDraft => ({
  enterprise_id: enterpriseId,
  kind: 'routine',
  inspected_on: today,
  inspectors: '',
  findings: '',
  hazards: [],
})

/** The draft that completes a planned inspection (a 双随机 pick): its enterprise, kind and inspectors. */
export function plannedDraft(today: string, planned: PlannedInspection): InspectionDraft {
  return {
    ...emptyDraft(today, planned.enterprise_id),
    kind: planned.kind,
    inspectors: planned.inspectors.join('、'),
    planned: {
      id: planned.id,
      version: planned.version,
      campaign_name: planned.campaign_name,
      planned_on: planned.planned_on,
    },
  }
}

export const emptyHazard = (): HazardDraft => ({
  level: 'general',
  description: '',
  category: '',
  deadline: '',
  photos: [],
})

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export function loadDraft(storage: Store, gridCode: string): InspectionDraft | null {
  const text = storage.getItem(draftKey(gridCode))
  if (!text) return null
  try {
    const draft = JSON.parse(text) as InspectionDraft
    return typeof draft === 'object' && draft && Array.isArray(draft.hazards) ? draft : null
  } catch {
    return null
  }
}

export function saveDraft(storage: Store, gridCode: string, draft: InspectionDraft) {
  storage.setItem(draftKey(gridCode), JSON.stringify(draft))
}

export function clearDraft(storage: Store, gridCode: string) {
  storage.removeItem(draftKey(gridCode))
}

/** Names separated by the separators people type: 、，, ; and spaces. */
export const splitInspectors = (text: string) =>
  text
    .split(/[、，,；;\s]+/)
    .map((name) => name.trim())
    .filter(Boolean)

/**
 * The fields every visit has (server/inspections/schemas.ts `visitFields`, lib/limits.ts), an
 * enterprise's inspection or an outlet's, checked before sending, in the officer's language.
 */
export function visitFieldErrors(
  draft: Pick<InspectionDraft, 'inspected_on' | 'inspectors' | 'findings'>,
  today: string,
): FieldErrors {
  const errors: FieldErrors = {}
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.inspected_on)) errors.inspected_on = { key: 'inspection.errors.date' }
  else if (draft.inspected_on > today) errors.inspected_on = { key: 'inspection.errors.dateFuture', params: { today } }
  const inspectors = splitInspectors(draft.inspectors)
  if (inspectors.length === 0) errors.inspectors = { key: 'inspection.errors.inspectors' }
  else if (inspectors.some((name) => name.length > inspectionLimits.person))
    errors.inspectors = { key: 'inspection.errors.inspectorTooLong' }
  if (draft.findings.trim().length > inspectionLimits.findings)
    errors.findings = { key: 'inspection.errors.findingsTooLong' }
  return errors
}

/** The server's rules (server/inspections/schemas.ts, lib/limits.ts), checked before sending, in the officer's language. */
export function validateDraft(draft: InspectionDraft, today: string): FieldErrors {
  const errors: FieldErrors = {}
  if (draft.enterprise_id === null) errors.enterprise_id = { key: 'inspection.errors.enterprise' }
  if (!draft.kind) errors.kind = { key: 'inspection.errors.kind' }
  Object.assign(errors, visitFieldErrors(draft, today))
  draft.hazards.forEach((hazard, i) => {
    if (!hazard.description.trim()) errors[`hazards.${i}.description`] = { key: 'inspection.errors.description' }
    if (hazard.deadline && draft.inspected_on && hazard.deadline < draft.inspected_on) {
      errors[`hazards.${i}.deadline`] = { key: 'inspection.errors.deadlineBefore' }
    }
  })
  return errors
}

export function toBody(draft: InspectionDraft): InspectionBody {
  const findings = draft.findings.trim()
  return {
    enterprise_id: draft.enterprise_id!,
    kind: draft.kind as InspectionKind,
    inspected_on: draft.inspected_on,
    inspectors: splitInspectors(draft.inspectors),
    ...(findings ? { findings } : {}),
    hazards: draft.hazards.map((h) => ({
      level: h.level,
      description: h.description.trim(),
      ...(h.category.trim() ? { category: h.category.trim() } : {}),
      ...(h.deadline ? { deadline: h.deadline } : {}),
    })),
    ...(draft.planned ? { planned_inspection_id: draft.planned.id, version: draft.planned.version } : {}),
    ...(draft.client_request_id ? { client_request_id: draft.client_request_id } : {}),
  }
}

const fields = ['enterprise_id', 'kind', 'inspected_on', 'inspectors', 'findings']

/** The field a server path or message is about: `hazards.0.deadline`, `inspected_on`, … */
function fieldOf(path: string): string | undefined {
  const hazard = /^hazards\.(\d+)\.(\w+)/.exec(path)
  if (hazard) return `hazards.${hazard[1]}.${hazard[2]}`
  const head = path.split('.')[0] ?? ''
  return fields.includes(head) ? head : undefined
}

/**
 * A 4xx answer placed next to the field it is about: 400 lists zod issues with their paths, 422
 * starts its message with the field, 404 means the enterprise is outside the officer's scope.
 * A field's message says in Chinese that the server refused it, with the server's words after.
 * What names no field comes back under `form`, explained by describeError (in Chinese).
 */
export function serverFieldErrors(error: HttpError, t: Translate): FieldErrors {
  const body = error.body as {
    error?: string
    code?: string
    details?: { issues?: { path: string; message: string }[] }
  } | null
  const message = body?.error ?? `HTTP ${error.status}`
  if (error.status === 401) return { form: { key: 'inspection.errors.loggedOut' } }
  if (error.status === 409) return { form: { key: 'inspection.errors.plannedChanged' } }
  if (/^No planned inspection/.test(message)) return { form: { key: 'inspection.errors.plannedGone' } }
  if (/^Inspection \d+ is already done/.test(message)) return { form: { key: 'inspection.errors.plannedDone' } }
  // A refused photo (413 too large, 415 not an image, 422 too many) is named `hazards.{i}.photos…`.
  const photo = /^(hazards\.\d+\.photos)\b/.exec(message)
  if (photo || error.status === 413) {
    const key: MessageKey =
      body?.code === 'too_many_files'
        ? 'inspection.photos.serverTooMany'
        : body?.code === 'pixel_budget' || body?.code === 'too_many_pixels'
          ? `apiErrors.code.${body.code}`
          : error.status === 413
            ? 'inspection.photos.serverTooLarge'
            : error.status === 415
              ? 'inspection.photos.serverNotImage'
              : 'inspection.photos.serverTooMany'
    return { [photo?.[1] ?? 'form']: { key } }
  }
  if (error.status === 404) return { enterprise_id: { key: 'inspection.errors.notInScope' } }
  const errors: FieldErrors = {}
  for (const issue of body?.details?.issues ?? []) {
    const field = fieldOf(issue.path)
    if (field) errors[field] = { key: 'apiErrors.fieldRefused', params: { message: issue.message } }
    else errors.form = { text: describeError(error, t) }
  }
  if (Object.keys(errors).length > 0) return errors
  const field = fieldOf(message.split(' ')[0] ?? '')
  return field
    ? { [field]: { key: 'apiErrors.fieldRefused', params: { message } } }
    : { form: { text: describeError(error, t) } }
}
