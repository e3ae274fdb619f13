import type { HttpError } from '../../../api/client.ts'
import { describeError, type Translate } from '../../../api/errors.ts'
import type { OutletInspectionBody } from '../../../api/outlet-inspections.ts'
import type { OutletInspectionKind } from '../../../domain/vocab.ts'
import { splitInspectors, visitFieldErrors, type FieldErrors } from '../inspection/inspection-draft.ts'

/** A visit to an outlet as typed: kept in localStorage (one per grid) until the server confirms it. */
export type OutletVisitDraft = {
  outlet_id: number
  kind: OutletInspectionKind
  inspected_on: string
  inspectors: string
  findings: string
  /** Made once per draft: retrying a save whose answer was lost returns the first result. */
  client_request_id: string
}

export const outletDraftKey = (gridCode: string) => `sheyang.outlet-visit-draft.${gridCode}`

/** A new draft: in the season a visit is a 节假日 check, otherwise a routine one. */
export const emptyOutletDraft = (outletId: number, today: string, inSeason: boolean, id: string): OutletVisitDraft => ({
  outlet_id: outletId,
  kind: inSeason ? 'holiday' : 'routine',
  inspected_on: today,
  inspectors: '',
  findings: '',
  client_request_id: id,
})

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** The grid's unsent visit draft, if it is for this outlet. */
export function loadOutletDraft(storage: Store, gridCode: string, outletId: number): OutletVisitDraft | null {
  try {
    const draft = JSON.parse(storage.getItem(outletDraftKey(gridCode)) ?? 'null') as OutletVisitDraft | null
    return draft && typeof draft === 'object' && draft.outlet_id === outletId ? draft : null
  } catch {
    return null
  }
}

export const saveOutletDraft = (storage: Store, gridCode: string, draft: OutletVisitDraft) =>
  storage.setItem(outletDraftKey(gridCode), JSON.stringify(draft))

export const clearOutletDraft = (storage: Store, gridCode: string) => storage.removeItem(outletDraftKey(gridCode))

/** The server's rules, checked before sending: the same as an enterprise inspection's visit fields. */
export const validateOutletDraft = (draft: OutletVisitDraft, today: string): FieldErrors =>
  visitFieldErrors(draft, today)

export function toOutletBody(draft: OutletVisitDraft): OutletInspectionBody {
  const findings = draft.findings.trim()
  return {
    kind: draft.kind,
    inspected_on: draft.inspected_on,
    inspectors: splitInspectors(draft.inspectors),
    ...(findings ? { findings } : {}),
    client_request_id: draft.client_request_id,
  }
}

const fields = ['kind', 'inspected_on', 'inspectors', 'findings']

/**
 * A refusal placed next to the field it is about (400 names fields; a 422 date message starts with
 * `inspected_on`); 404: the outlet is not (or no longer) in the officer's grids; what names no field
 * comes back under `form`, explained by describeError.
 */
export function outletVisitServerErrors(error: HttpError, t: Translate): FieldErrors {
  const body = error.body as { error?: string; details?: { issues?: { path: string; message: string }[] } } | null
  if (error.status === 401) return { form: { key: 'inspection.errors.loggedOut' } }
  if (error.status === 404) return { form: { key: 'outletVisit.errors.notInScope' } }
  const errors: FieldErrors = {}
  for (const issue of body?.details?.issues ?? []) {
    const field = issue.path.split('.')[0] ?? ''
    if (fields.includes(field)) errors[field] = { key: 'apiErrors.fieldRefused', params: { message: issue.message } }
  }
  const message = body?.error ?? ''
  if (error.status === 422 && message.startsWith('inspected_on')) {
    errors.inspected_on = { key: 'apiErrors.fieldRefused', params: { message } }
  }
  return Object.keys(errors).length > 0 ? errors : { form: { text: describeError(error, t) } }
}
