import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Stable machine-readable reasons a client can branch on (the web app turns them into Chinese,
 * web/api/errors.ts). Add freely, rename never: clients rely on them. `error` stays the English
 * sentence for an API user. Every error answer has a code: one named where it is thrown, else the
 * status's own (codeForStatus).
 */
export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'internal'
  | 'unauthenticated'
  | 'session_expired'
  | 'invalid_token'
  | 'password_not_token'
  | 'invalid_ticket'
  | 'bad_credentials'
  | 'rate_limited'
  | 'wrong_password'
  | 'kiosk_read_only'
  | 'viewer_read_only'
  | 'cross_origin'
  | 'unsupported_media_type'
  | 'forbidden_role'
  | 'recheck_role'
  | 'own_report_recheck'
  | 'photo_not_yours'
  | 'too_many_parts'
  | 'too_many_files'
  | 'bad_multipart'
  | 'bad_json'
  | 'json_too_deep'
  | 'pixel_budget'
  | 'too_many_pixels'
  | 'not_an_image'
  | 'forbidden'
  | 'conflict'
  | 'payload_too_large'
  | 'export_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'version_required'
  | 'stale_version'
  | 'request_id_reused'
  | 'headers_too_large'
  | 'request_timeout'
  | 'too_many_photos'
  | 'hazard_closed'
  | 'deadline_required'
  | 'deadline_out_of_range'
  | 'username_taken'
  | 'self'
  | 'unknown_town'
  | 'unknown_grid'
  | 'no_user'
  | 'inactive_user'
  | 'no_token'
  | 'database_unavailable'
  | 'licence_required'
  | 'licence_taken'
  | 'unknown_enterprise'
  | 'unknown_outlet'
  | 'plan_name_taken'
  | 'plan_adopted'
  | 'layout_changed'
  | 'import_has_errors'
  | 'import_not_ready'
  | 'import_file_gone'
  | 'invalid_mapping'
  | 'unknown_crs'
  | 'no_file'

/** The code of an answer whose thrower named none: every 4xx carries one. */
export function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    422: 'unprocessable',
    428: 'version_required',
    429: 'rate_limited',
    408: 'request_timeout',
    431: 'headers_too_large',
  }
  return byStatus[status] ?? (status >= 500 ? 'internal' : 'bad_request')
}

/**
 * An expected failure caused by the request. Parsers deep in a route throw it; the app's onError
 * turns it into `{ error, code, details? }` with its status. Anything else becomes a logged 500.
 */
export class ApiError extends Error {
  readonly code: ErrorCode
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
    code?: ErrorCode,
  ) {
    super(message)
    this.code = code ?? codeForStatus(status)
  }
}

/** The JSON body of an error answer: `{ error, code, details? }`; the code is required, so no answer lacks one. */
export const errorBody = (error: string, code: ErrorCode, details?: unknown) => ({
  error,
  code,
  ...(details === undefined ? {} : { details }),
})

export const badRequest = (message: string, details?: unknown) => new ApiError(400, message, details, 'bad_request')
export const notFound = (message: string, details?: unknown) => new ApiError(404, message, details, 'not_found')
