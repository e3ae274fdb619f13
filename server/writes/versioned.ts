import { ApiError } from '../api-error.ts'

/** 428: a versioned write that names no version (server/http/sent-version.ts) has nothing to compare. */
export const versionRequired = () =>
  new ApiError(428, 'Send the version you read: body field `version` or an If-Match header')

/** 409 with the row as it is now, so the client can show what changed. */
export function staleVersion(entity: string, current: { version: number } & Record<string, unknown>, sent: number) {
  return new ApiError(
    409,
    `This ${entity} was changed by someone else since you read it (now version ${current.version}, you sent ${sent}); nothing was saved`,
    { current },
    'stale_version',
  )
}
