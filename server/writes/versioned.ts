import type { Context } from 'hono'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'

/**
 * DESIGN §7: a write names the version it read, as the body's `version` or an If-Match header
 * (`3`, `"3"` or `W/"3"`). Without one there is nothing to compare: 428.
 */
export function sentVersion(c: Context<AppEnv>, bodyVersion: number | undefined): number {
  if (bodyVersion !== undefined) return bodyVersion
  const match = c.req.header('if-match')?.match(/^\s*(?:W\/)?"?(\d+)"?\s*$/)
  if (match) return Number(match[1])
  throw new ApiError(428, 'Send the version you read: body field `version` or an If-Match header')
}

/** 409 with the row as it is now, so the client can show what changed. */
export function staleVersion(entity: string, current: { version: number } & Record<string, unknown>, sent: number) {
  return new ApiError(
    409,
    `This ${entity} was changed by someone else since you read it (now version ${current.version}, you sent ${sent}); nothing was saved`,
    { current },
    'stale_version',
  )
}
