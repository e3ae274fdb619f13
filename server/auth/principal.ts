import type { Context, MiddlewareHandler } from 'hono'
import type { userRoles } from '../../db/schema.ts'
import { ApiError } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import type { Writer } from '../writes/tx.ts'

export type Role = (typeof userRoles)[number]

/** Who is asking: a user, through a session cookie or an API token. */
export type Principal = {
  userId: number
  username: string
  displayName: string
  role: Role
  townCode: string | null
  gridCodes: string[]
  /** kiosk tokens are read-only whatever the user's role (DESIGN §6). */
  via: 'session' | 'personal' | 'kiosk'
  /** SHA-256 of the session id, for log-out and event-stream tickets. */
  sessionHash?: string
  /** SHA-256 of the API token, for event-stream tickets. */
  tokenHash?: string
}

/** The principal of a request that passed the auth guard (server/auth/authenticate.ts). */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal')
  if (!principal) throw new ApiError(401, 'Log in or send Authorization: Bearer <token>', undefined, 'unauthenticated')
  return principal
}

/** 403 unless the principal has one of `roles`. */
export function requireRole(c: Context<AppEnv>, roles: readonly Role[], what: string): Principal {
  const principal = principalOf(c)
  if (!roles.includes(principal.role)) {
    throw new ApiError(
      403,
      `${what} is for ${roles.join(', ')} users; you are ${principal.role}`,
      {
        role: principal.role,
        allowed: roles,
      },
      'forbidden_role',
    )
  }
  return principal
}

/** Roles that record inspections and move hazards; viewer and kiosk tokens never write. */
export const writerRoles: readonly Role[] = ['admin', 'county', 'town', 'grid']

/** A writer's role, and not through a kiosk token (read-only whatever its user's role, DESIGN §6). */
export const mayWrite = (principal: Principal) => writerRoles.includes(principal.role) && principal.via !== 'kiosk'

/**
 * requireRole as a route's first middleware: the role is refused (403) before the path or body is
 * validated, so a caller who may not act learns that first, whatever they sent.
 */
export const allow =
  (roles: readonly Role[], what: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    requireRole(c, roles, what)
    await next()
  }

/** The caller as server/writes/tx.ts Writer: the database, their scope and themself. */
export const writerOf = (c: Context<AppEnv>): Writer => ({
  db: c.get('db'),
  scope: c.get('scope'),
  principal: principalOf(c),
})
