import { HttpError, UnreachableError } from '../../api/client.ts'
import { describeError, type Translate } from '../../api/errors.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import type { AdminRefusalCode } from '../../../server/admin/writes.ts'

/** The administration's refusal codes (server/admin/writes.ts), each with its message: the compiler checks none is missing. */
const refusalKeys: Record<AdminRefusalCode, MessageKey> = {
  username_taken: 'admin.errors.username_taken',
  self: 'admin.errors.self',
  unknown_town: 'admin.errors.unknown_town',
  unknown_grid: 'admin.errors.unknown_grid',
  no_user: 'admin.errors.no_user',
  inactive_user: 'admin.errors.inactive_user',
  no_token: 'admin.errors.no_token',
}

const isRefusal = (code: unknown): code is AdminRefusalCode =>
  typeof code === 'string' && Object.hasOwn(refusalKeys, code)

/**
 * Which `admin.errors.*` message explains a failed admin request: the server's refusal code (the
 * error's `code`, as on every route) when it is one of the administration's, else what its status
 * means.
 */
export function adminErrorKey(error: unknown): MessageKey {
  if (error instanceof UnreachableError) return 'admin.errors.unreachable'
  if (!(error instanceof HttpError)) return 'admin.errors.unexpected'
  const code = (error.body as { code?: unknown } | null)?.code
  if (isRefusal(code)) return refusalKeys[code]
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
