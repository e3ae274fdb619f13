import { HttpError } from '../../api/client.ts'
import { describeError, type Translate } from '../../api/errors.ts'

/** The refusal code of a failed request, if the server sent one. */
export function refusalCode(error: unknown): string | undefined {
  if (!(error instanceof HttpError)) return undefined
  const code = (error.body as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * A failed settings or targets write as one sentence: a stale version says the row was refreshed
 * (the view fetches it again); an invalid value gives the server's reason for that key; anything
 * else is what describeError says of any API failure.
 */
export function settingErrorText(error: unknown, t: Translate): string {
  const code = refusalCode(error)
  if (code === 'stale_version') return t('settings.stale')
  if (code === 'targets_exist') return t('settings.targetsExist')
  if (code === 'invalid_setting' || code === 'invalid_target') {
    const reason = (error as HttpError).body as { error?: unknown } | null
    return t('settings.invalid', { detail: typeof reason?.error === 'string' ? reason.error : '' })
  }
  return describeError(error, t)
}
