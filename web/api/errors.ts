import type { MessageKey } from '../i18n/messages.ts'
import { HttpError, UnreachableError } from './client.ts'

/** useI18n's `t`. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string

/** A failure in the UI's language: `text` always; `detail` is the server's own words, secondary. */
export type ErrorDescription = { text: string; detail?: string }

type ErrorBody = { error?: unknown; code?: unknown; details?: { issues?: { path?: unknown }[] } } | null

const statusKeys: Record<number, MessageKey> = {
  401: 'apiErrors.status.unauthorized',
  403: 'apiErrors.status.forbidden',
  404: 'apiErrors.status.notFound',
  409: 'apiErrors.status.conflict',
  413: 'apiErrors.status.tooLarge',
  415: 'apiErrors.status.unsupportedType',
  422: 'apiErrors.status.unprocessable',
}

/** A key that exists, or undefined (translate gives an unknown key back as itself). */
function known(t: Translate, key: string, params?: Record<string, string | number>): string | undefined {
  const text = t(key as MessageKey, params)
  return text === key ? undefined : text
}

/** Seconds to wait after a 429: the Retry-After header, else the number in the message, else 60. */
export function retryAfterSeconds(error: HttpError): number {
  const header = Number(error.headers?.get('retry-after'))
  if (Number.isFinite(header) && header > 0) return Math.ceil(header)
  const text = (error.body as ErrorBody)?.error
  return Number(/(\d+)\s*s\b/.exec(typeof text === 'string' ? text : '')?.[1] ?? 60)
}

/**
 * The fields a 400 named (`details.issues[].path`, e.g. `hazards.0.description`), by their labels:
 * the last named segment of each path with a known label, once each, in order.
 */
function invalidFields(body: ErrorBody, t: Translate): string[] {
  const labels: string[] = []
  for (const issue of body?.details?.issues ?? []) {
    if (typeof issue.path !== 'string') continue
    const names = issue.path.split('.').filter((part) => part && !/^\d+$/.test(part))
    const label = names
      .reverse()
      .map((name) => known(t, `apiErrors.field.${name}`))
      .find(Boolean)
    if (label && !labels.includes(label)) labels.push(label)
  }
  return labels
}

/**
 * Any failure of an API call as a sentence in the UI's language, never the server's English
 * alone (the server's text comes back only as `detail`, for 422 and for unknown 4xx):
 * by the answer's `code` when the server sent one (server/api-error.ts), else by status; a
 * network failure or a 5xx says nothing was lost.
 */
export function describeErrorParts(error: unknown, t: Translate): ErrorDescription {
  if (error instanceof UnreachableError || !(error instanceof HttpError) || error.status >= 500) {
    return { text: t('apiErrors.status.unreachable') }
  }
  const body = error.body as ErrorBody
  const serverText = typeof body?.error === 'string' && body.error ? body.error : undefined
  const detail = serverText ? { detail: t('apiErrors.detail', { message: serverText }) } : {}
  if (error.status === 429) return { text: t('apiErrors.status.rateLimited', { s: retryAfterSeconds(error) }) }
  const byCode = typeof body?.code === 'string' ? known(t, `apiErrors.code.${body.code}`) : undefined
  // A 422 names the rule it broke (dates, limits): its words stay as the detail.
  if (byCode) return { text: byCode, ...(error.status === 422 ? detail : {}) }
  if (error.status === 400) {
    const fields = invalidFields(body, t)
    return fields.length > 0
      ? { text: t('apiErrors.status.invalidFields', { fields: fields.join(t('apiErrors.separator')) }) }
      : { text: t('apiErrors.status.badRequest') }
  }
  const key = statusKeys[error.status]
  if (key) return { text: t(key), ...(error.status === 422 ? detail : {}) }
  return { text: t('apiErrors.status.other', { status: error.status }), ...detail }
}

/** describeErrorParts as one sentence: the text, then the server's words in brackets if any. */
export function describeError(error: unknown, t: Translate): string {
  const { text, detail } = describeErrorParts(error, t)
  return detail ? `${text}（${detail}）` : text
}
