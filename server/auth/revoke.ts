import { and, eq, isNull, ne } from 'drizzle-orm'
import { apiTokens, sessions } from '../../db/schema.ts'
import { audit, snake, type Tx } from '../writes/tx.ts'
import type { Principal } from './principal.ts'

/**
 * After a password change or reset, whoever held the old password holds nothing: the user's other
 * sessions end and every API token of theirs — kiosk ones too — is revoked, each revocation
 * audited like DELETE /api/admin/tokens/{id}. `keepSession` is the session making the change.
 */
export async function endOtherCredentials(
  tx: Tx,
  principal: Principal,
  userId: number,
  keepSession: string | undefined,
): Promise<void> {
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSession ? ne(sessions.id, keepSession) : undefined))
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, kind: apiTokens.kind, revokedAt: apiTokens.revokedAt })
  for (const token of revoked) {
    await audit(tx, principal, {
      action: 'revoke',
      entity: 'api_tokens',
      entityId: token.id,
      before: { ...snake(token), revoked_at: null },
      after: snake(token),
    })
  }
}
