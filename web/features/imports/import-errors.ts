import { HttpError } from '../../api/client.ts'
import { describeError, type Translate } from '../../api/errors.ts'
import type { MessageKey } from '../../i18n/messages.ts'

/** The import routes' own refusals (server/imports), each with the screen's sentence. */
const refusalKeys: Record<string, MessageKey> = {
  import_has_errors: 'imports.errors.import_has_errors',
  import_not_ready: 'imports.errors.import_not_ready',
  stale_version: 'imports.errors.stale_version',
  payload_too_large: 'imports.errors.payload_too_large',
  import_file_gone: 'imports.errors.import_file_gone',
  invalid_mapping: 'imports.errors.invalid_mapping',
  unknown_crs: 'imports.errors.unknown_crs',
  no_file: 'imports.errors.no_file',
}

/** The refusal code of a failed request, if the server sent one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof HttpError)) return undefined
  const code = (error.body as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * A failed import request as one Chinese sentence: the importer's own message for its refusals (a
 * 413 is the file's size whatever its code), else what describeError says of any API failure.
 */
export function importErrorText(error: unknown, t: Translate): string {
  const code = errorCode(error)
  if (code && Object.hasOwn(refusalKeys, code)) return t(refusalKeys[code]!)
  if (error instanceof HttpError && error.status === 413) return t('imports.errors.payload_too_large')
  return describeError(error, t)
}
