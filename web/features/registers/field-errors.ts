import { HttpError } from '../../api/client.ts'
import type { MessageKey } from '../../i18n/messages.ts'

/**
 * A refused write, field by field: a 400's `details.issues[].path` and a 422's `details.field`
 * (or the field its code is about) name the input the message goes beside, by the error's code;
 * what names no field is shown above the buttons. A 409 `stale_version` carries the record as it
 * now is (`details.current`).
 */
export type Refusal = {
  fields: Record<string, string>
  general: string | null
  current: Record<string, unknown> | null
  /** The answer's status (null: no answer), for a code the forms have no words for. */
  status: number | null
}

type Body = {
  code?: unknown
  details?: { field?: unknown; current?: unknown; issues?: { path?: unknown; message?: unknown }[] }
} | null

/** The field a code is about, when the answer does not name one. */
const codeFields: Record<string, string> = {
  invalid_uscc: 'uscc',
  uscc_taken: 'uscc',
  grid_code_taken: 'code',
  grid_code_town: 'code',
  grid_outside_town: 'geometry',
  unknown_town: 'town_code',
  unknown_enterprise: 'enterprise_id',
  invalid_location: 'location',
  unknown_crs: 'location',
  invalid_geometry: 'geometry',
}

/** `location.lon` → location, `geometry.coordinates.0` → geometry, `uscc` → uscc. */
const fieldOfPath = (path: unknown) =>
  typeof path === 'string' ? path.split('.')[0] || null : Array.isArray(path) ? String(path[0] ?? '') || null : null

export function refusalOf(error: unknown): Refusal {
  const refusal: Refusal = { fields: {}, general: null, current: null, status: null }
  if (!(error instanceof HttpError)) return { ...refusal, general: 'unreachable' }
  refusal.status = error.status
  const body = error.body as Body
  const code = typeof body?.code === 'string' ? body.code : `status_${error.status}`
  if (error.status === 409 && code === 'stale_version') {
    const current = body?.details?.current
    return {
      ...refusal,
      general: code,
      current: current && typeof current === 'object' ? (current as Record<string, unknown>) : null,
    }
  }
  if (error.status === 400 && body?.details?.issues?.length) {
    for (const issue of body.details.issues) {
      const field = fieldOfPath(issue.path)
      if (field && !refusal.fields[field]) refusal.fields[field] = 'bad_request'
    }
    return refusal
  }
  const field = typeof body?.details?.field === 'string' ? body.details.field : codeFields[code]
  if (field) refusal.fields[field] = code
  else refusal.general = code
  return refusal
}

/** A field's message key in words; a code this screen has no words for reads as "not valid". */
export function fieldMessage(t: (key: MessageKey) => string, key: string): string {
  const text = t(key as MessageKey)
  return text === key ? t('registers.errors.status_422') : text
}
