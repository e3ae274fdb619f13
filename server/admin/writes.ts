import { and, eq, inArray, isNull } from 'drizzle-orm'
import { apiTokens, grids, regions, sessions, users, type tokenKinds } from '../../db/schema.ts'
import { ApiError, type ErrorCode } from '../api-error.ts'
import type { Principal, Role } from '../auth/principal.ts'
import { endOtherCredentials } from '../auth/revoke.ts'
import { sha256 } from '../auth/secrets.ts'
import { audit, snake, type Tx, type Writer } from '../writes/tx.ts'
import { tokenColumns, userColumns, type UserRow } from './queries.ts'

/** Why the administration refuses a request: the error's `code`, which the admin screen explains. */
export type AdminRefusalCode = Extract<
  ErrorCode,
  'username_taken' | 'self' | 'unknown_town' | 'unknown_grid' | 'no_user' | 'inactive_user' | 'no_token'
>

/** An administration refusal: `{ error, code }` like every other error answer. */
export const refused = (status: 400 | 404 | 409, code: AdminRefusalCode, message: string) =>
  new ApiError(status, message, undefined, code)

/**
 * The town and grids a user of `role` keeps: a town user its town, a grid officer its grids (and
 * their town when they share one), any other role neither. Unknown codes are refused.
 */
async function placeOf(tx: Tx, role: Role, town: string | null, gridList: string[]) {
  if (role === 'town') {
    if (!town) throw refused(400, 'unknown_town', 'a town user needs town_code')
    const [row] = await tx.select({ kind: regions.kind }).from(regions).where(eq(regions.code, town))
    if (!row || row.kind === 'county') throw refused(400, 'unknown_town', `Unknown town_code ${town}`)
    return { townCode: town, gridCodes: [] }
  }
  if (role === 'grid') {
    const codes = [...new Set(gridList)]
    if (codes.length === 0) throw refused(400, 'unknown_grid', 'a grid officer needs grid_codes')
    const found = await tx
      .select({ code: grids.code, townCode: grids.townCode })
      .from(grids)
      .where(inArray(grids.code, codes))
    const missing = codes.find((code) => !found.some((grid) => grid.code === code))
    if (missing) throw refused(400, 'unknown_grid', `Unknown grid code ${missing}`)
    const towns = new Set(found.map((grid) => grid.townCode))
    return { townCode: towns.size === 1 ? [...towns][0]! : null, gridCodes: codes }
  }
  return { townCode: null, gridCodes: [] }
}

/**
 * An admin cannot deactivate or demote themself. The caller is always an active admin, so this
 * alone keeps the last active admin.
 */
function checkNotSelf(principal: Principal, before: UserRow, role: Role, active: boolean) {
  if (before.id === principal.userId && (role !== 'admin' || !active)) {
    throw refused(409, 'self', 'You cannot deactivate your own account or take away your own admin role')
  }
}

export type NewUser = {
  username: string
  displayName: string
  passwordHash: string
  role: Role
  townCode: string | null
  gridCodes: string[]
}

/** Creates a user in its place, audited; 409 `username_taken` when someone has the name. */
export function createUser({ db, principal }: Writer, user: NewUser) {
  return db.orm.transaction(async (tx) => {
    const place = await placeOf(tx, user.role, user.townCode, user.gridCodes)
    const [row] = await tx
      .insert(users)
      .values({
        username: user.username,
        displayName: user.displayName,
        passwordHash: user.passwordHash,
        role: user.role,
        ...place,
      })
      .onConflictDoNothing({ target: users.username })
      .returning(userColumns)
    if (!row) throw refused(409, 'username_taken', `Username ${user.username} is taken`)
    await audit(tx, principal, { action: 'create', entity: 'users', entityId: row.id, after: snake(row) })
    return row
  })
}

export type UserChange = {
  displayName?: string | undefined
  role?: Role | undefined
  townCode?: string | null | undefined
  gridCodes?: string[] | undefined
  active?: boolean | undefined
}

/** One audited change of a user, in its own transaction; deactivation ends the user's sessions. */
export function changeUser({ db, principal }: Writer, userId: number, change: UserChange, action: string) {
  return db.orm.transaction(async (tx) => {
    const [before] = await tx.select(userColumns).from(users).where(eq(users.id, userId)).for('update')
    if (!before) throw refused(404, 'no_user', `No user ${userId}`)
    const role = change.role ?? before.role
    const active = change.active ?? before.active
    checkNotSelf(principal, before, role, active)
    const place =
      change.role !== undefined || change.townCode !== undefined || change.gridCodes !== undefined
        ? await placeOf(
            tx,
            role,
            change.townCode === undefined ? before.townCode : change.townCode,
            change.gridCodes ?? before.gridCodes,
          )
        : {}
    const [after] = await tx
      .update(users)
      .set({
        ...(change.displayName === undefined ? {} : { displayName: change.displayName }),
        role,
        active,
        ...place,
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId))
      .returning(userColumns)
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, userId))
    await audit(tx, principal, {
      action,
      entity: 'users',
      entityId: userId,
      before: snake(before),
      after: snake(after!),
    })
    return after!
  })
}

/**
 * Sets a user's new password hash: whoever knew the old password is out, sessions and tokens; an
 * admin resetting their own keeps this session. 404 `no_user`.
 */
export function resetPassword({ db, principal }: Writer, userId: number, passwordHash: string) {
  return db.orm.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning(userColumns)
    if (!after) throw refused(404, 'no_user', `No user ${userId}`)
    await endOtherCredentials(tx, principal, userId, principal.sessionHash)
    await audit(tx, principal, { action: 'reset_password', entity: 'users', entityId: userId, after: snake(after) })
    return after
  })
}

/** Stores a new API token (its SHA-256 only), audited. */
export function createToken(
  { db, principal }: Writer,
  token: { userId: number; name: string; kind: (typeof tokenKinds)[number]; secret: string },
) {
  return db.orm.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ userId: token.userId, name: token.name, kind: token.kind, tokenHash: sha256(token.secret) })
      .returning(tokenColumns)
    await audit(tx, principal, {
      action: 'create',
      entity: 'api_tokens',
      entityId: created!.id,
      after: snake(created!),
    })
    return created!
  })
}

/** Revokes an active token, audited; 404 `no_token` when it is unknown or already revoked. */
export async function revokeToken({ db, principal }: Writer, tokenId: number) {
  const row = await db.orm.transaction(async (tx) => {
    const [before] = await tx
      .select(tokenColumns)
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .for('update')
    if (!before) return undefined
    const [after] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(eq(apiTokens.id, tokenId))
      .returning(tokenColumns)
    await audit(tx, principal, {
      action: 'revoke',
      entity: 'api_tokens',
      entityId: tokenId,
      before: snake(before),
      after: snake(after!),
    })
    return after!
  })
  if (!row) throw refused(404, 'no_token', `No active token ${tokenId}`)
  return row
}
