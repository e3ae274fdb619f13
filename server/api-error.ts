import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * An expected failure caused by the request. Parsers deep in a route throw it; the app's onError
 * turns it into `{ error, details }` with its status. Anything else becomes a logged 500.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, message, details)
export const notFound = (message: string, details?: unknown) => new ApiError(404, message, details)
