import { HttpError, UnreachableError, errorText } from '../../../api/client.ts'
import { describeErrorParts, type ErrorDescription, type Translate } from '../../../api/errors.ts'
import type { HazardStatus } from '../../../domain/vocab.ts'
import type { MessageKey } from '../../../i18n/messages.ts'

/** `tv` of useI18n: a data value's label (e.g. a hazard status). */
type TranslateValue = (prefix: string, value: string | null | undefined) => string

/** Why a photo upload or removal failed; anything but an HTTP or network failure is rethrown. */
export function photoRefusal(error: unknown, t: Translate): ErrorDescription {
  // The chosen photos are not kept (the input is cleared), so no "nothing was lost" here.
  if (error instanceof UnreachableError) return { text: t('auth.errors.unreachable') }
  if (!(error instanceof HttpError)) throw error
  const code = (error.body as { code?: unknown } | null)?.code
  const key =
    code === 'too_many_files' || (error.status === 422 && /are kept per hazard and stage/.test(errorText(error) ?? ''))
      ? 'inspection.photos.serverTooMany'
      : code === 'pixel_budget' || code === 'too_many_pixels'
        ? (`apiErrors.code.${code}` as const)
        : error.status === 413
          ? 'inspection.photos.serverTooLarge'
          : error.status === 415
            ? 'inspection.photos.serverNotImage'
            : null
  if (key) return { text: t('hazard.photoRefused', { message: t(key) }) }
  const { text, detail } = describeErrorParts(error, t)
  return { text: t('hazard.photoRefused', { message: text }), detail }
}

/**
 * Why a step is not this user's: by the server's code (e.g. who re-checks); a 403 the UI has no
 * words for keeps the server's reason as the detail, since it names the rule.
 */
export function forbiddenStep(error: HttpError, t: Translate): ErrorDescription {
  const parts = describeErrorParts(error, t)
  const code = (error.body as { code?: unknown } | null)?.code
  const server = errorText(error)
  const named = typeof code === 'string' && t(`apiErrors.code.${code}` as MessageKey) !== `apiErrors.code.${code}`
  return named || !server ? parts : { ...parts, detail: t('apiErrors.detail', { message: server }) }
}

/**
 * A refused step in the user's language: the closed loop's rule when the server names it, else
 * what its code or status means (the server's words as the detail).
 */
export function refusedStep(error: HttpError, t: Translate, tv: TranslateValue): ErrorDescription {
  const details = (error.body as { details?: { from?: HazardStatus; to?: HazardStatus; allowed?: HazardStatus[] } })
    ?.details
  if (details?.from && details.to && details.allowed) {
    return {
      text: t('hazard.notAllowed', {
        from: tv('hazardStatus', details.from),
        to: tv('hazardStatus', details.to),
        allowed: details.allowed.map((s) => tv('hazardStatus', s)).join('、') || t('common.none'),
      }),
    }
  }
  const { text, detail } = describeErrorParts(error, t)
  return { text: t('hazard.refused', { message: text }), detail }
}
