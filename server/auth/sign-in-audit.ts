import type { Orm } from '../../db/client.ts'
import { auditLog } from '../../db/schema.ts'
import { asJson, type Tx } from '../writes/tx.ts'

/**
 * Audit actions of signing in and out (等保: who logged in, from where, and who failed), beside
 * the changes server/writes/tx.ts audits. A failed log-in has no acting user: its row names the
 * username tried, never the password.
 */
export type SignInAction = 'login' | 'logout' | 'login_failed' | 'token_new_address'
export const signInActions: readonly SignInAction[] = ['login', 'logout', 'login_failed', 'token_new_address']

/** Why a log-in failed, in the audit row's `after.reason`. */
export type LoginFailure = 'unknown_user' | 'wrong_password' | 'inactive_user'

export async function auditSignIn(
  orm: Orm | Tx,
  entry: {
    action: SignInAction
    userId: number | null
    entity: 'users' | 'api_tokens'
    entityId: number | null
    before?: unknown
    after: Record<string, unknown>
  },
): Promise<void> {
  await orm.insert(auditLog).values({
    userId: entry.userId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    before: asJson(entry.before),
    after: asJson(entry.after),
  })
}
