import { HttpError, UnreachableError } from '../../api/client.ts'
import { describeError, type Translate } from '../../api/errors.ts'
import type { MessageKey } from '../../i18n/messages.ts'

/** The refusal codes of server/routes/admin.ts (`details.code`), each with its message key. */
const codes = [
  'username_taken',
  'self',
  'unknown_town',
  'unknown_grid',
  'no_user',
  'inactive_user',
  'no_token',
] as const
export type RefusalCode = (typeof codes)[number]

/**
 * Which `admin.errors.*` message explains a failed admin request: the server's refusal code when
 * it sent one, else what its status means.
 */
export function adminErrorKey(error: unknown): MessageKey {
  if (error instanceof UnreachableError) return 'admin.errors.unreachable'
  if (!(error instanceof HttpError)) return 'admin.errors.unexpected'
  const code = (error.body as { details?: { code?: unknown } } | null)?.details?.code
  if (typeof code === 'string' && (codes as readonly string[]).includes(code))
    return `admin.errors.${code as RefusalCode}`
  switch (error.status) {
    case 400:
      return 'admin.errors.invalid'
    case 401:
      return 'admin.errors.loggedOut'
    case 403:
      return 'admin.errors.forbidden'
    case 404:
      return 'admin.errors.notFound'
    case 409:
      return 'admin.errors.conflict'
    default:
      return 'admin.errors.unexpected'
  }
}

/**
 * A failed admin request as one sentence: the admin screen's own message for a refusal code or a
 * status it names; an invalid or unexpected answer is explained by describeError instead (which
 * fields a 400 named, a rate limit, the server's words for a 422), so nothing is left vague.
 */
export function adminErrorText(error: unknown, t: Translate): string {
  const key = adminErrorKey(error)
  const vague = key === 'admin.errors.invalid' || key === 'admin.errors.unexpected'
  return vague && error instanceof HttpError ? describeError(error, t) : t(key)
}
