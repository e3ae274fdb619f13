import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Stable machine-readable reasons a client can branch on (the web app turns them into Chinese,
 * web/api/errors.ts). Add freely, rename never: clients rely on them. `error` stays the English
 * sentence for an API user; `code` is optional, and a client falls back to the status without it.
 */
export type ErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'internal'
  | 'unauthenticated'
  | 'session_expired'
  | 'invalid_token'
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

/**
 * An expected failure caused by the request. Parsers deep in a route throw it; the app's onError
 * turns it into `{ error, code?, details? }` with its status. Anything else becomes a logged 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
    readonly code?: ErrorCode,
  ) {
    super(message)
  }
}

/** The JSON body of an error answer: `{ error, code?, details? }`, without the keys left undefined. */
export const errorBody = (error: string, code?: ErrorCode, details?: unknown) => ({
  error,
  ...(code === undefined ? {} : { code }),
  ...(details === undefined ? {} : { details }),
})

export const badRequest = (message: string, details?: unknown) => new ApiError(400, message, details)
export const notFound = (message: string, details?: unknown) => new ApiError(404, message, details)
