import { eq, lt } from 'drizzle-orm'
import type { Orm } from '../../db/client.ts'
import { sessions, users } from '../../db/schema.ts'
import { audit } from '../writes/tx.ts'
import { sessionTtlMs } from './authenticate.ts'
import type { Principal } from './principal.ts'
import { endOtherCredentials } from './revoke.ts'
import { auditSignIn, type LoginFailure } from './sign-in-audit.ts'

/** The reads and writes of log-in, log-out and a password change (server/auth/routes.ts). */

/** The user with this username, with its password hash, or undefined. */
export async function userByUsername(orm: Orm, username: string) {
  const [user] = await orm.select().from(users).where(eq(users.username, username))
  return user
}

/** The user with this id, with its password hash, or undefined. */
export async function userById(orm: Orm, id: number) {
  const [user] = await orm.select().from(users).where(eq(users.id, id))
  return user
}

/** A failed log-in in the audit log: the username tried, the address and why, never the password. */
export function auditFailedLogin(
  orm: Orm,
  attempt: { username: string; address: string; userId: number | null; reason: LoginFailure },
) {
  return auditSignIn(orm, {
    action: 'login_failed',
    userId: null,
    entity: 'users',
    entityId: attempt.userId,
    after: { username: attempt.username, address: attempt.address, reason: attempt.reason },
  })
}

/** Stores the new session (its id's SHA-256 only) and audits the log-in; expired sessions are swept first. */
export async function startSession(orm: Orm, userId: number, sessionHash: string, address: string) {
  await orm.delete(sessions).where(lt(sessions.expiresAt, new Date()))
  await orm.transaction(async (tx) => {
    await tx.insert(sessions).values({ id: sessionHash, userId, expiresAt: new Date(Date.now() + sessionTtlMs) })
    await auditSignIn(tx, { action: 'login', userId, entity: 'users', entityId: userId, after: { address } })
  })
}

/** Ends the caller's session, audited when there was one to end. */
export async function endSession(orm: Orm, principal: Principal, address: string) {
  if (!principal.sessionHash) return
  const ended = await orm.delete(sessions).where(eq(sessions.id, principal.sessionHash)).returning({ id: sessions.id })
  if (ended.length > 0) {
    await auditSignIn(orm, {
      action: 'logout',
      userId: principal.userId,
      entity: 'users',
      entityId: principal.userId,
      after: { address },
    })
  }
}

/** Sets the caller's new password hash; everyone else holding their sessions or tokens is out, this session stays. */
export async function changeOwnPassword(orm: Orm, principal: Principal, passwordHash: string) {
  await orm.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, principal.userId))
    await endOtherCredentials(tx, principal, principal.userId, principal.sessionHash)
    await audit(tx, principal, { action: 'change_password', entity: 'users', entityId: principal.userId })
  })
}
