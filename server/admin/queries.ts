import { and, count, desc, eq, getTableColumns, gte, lt, ne, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { apiTokens, auditLog, grids, regions, users } from '../../db/schema.ts'
import { signInActions } from '../auth/sign-in-audit.ts'
import { snake } from '../writes/tx.ts'
import { auditEnd, auditStart, type AuditQuery } from './schemas.ts'

/** A user's columns as the administration answers them: never the password hash. */
export const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  townCode: users.townCode,
  gridCodes: users.gridCodes,
  active: users.active,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
}
export type UserRow = { [K in keyof typeof userColumns]: (typeof users.$inferSelect)[K] }

/** A token's columns: never the secret's hash. */
export const tokenColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  kind: apiTokens.kind,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
}

/** Every user with their town's name, in id order. */
export async function usersWithTownNames(db: Database) {
  const rows = await db.orm
    .select({ ...userColumns, townName: regions.name })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.townCode))
    .orderBy(users.id)
  return rows.map(snake)
}

/** Whether some user already has this username. */
export async function usernameTaken(db: Database, username: string): Promise<boolean> {
  const [taken] = await db.orm.select({ id: users.id }).from(users).where(eq(users.username, username))
  return taken !== undefined
}

/** Whether the user exists and is active. */
export async function isActiveUser(db: Database, id: number): Promise<boolean> {
  const [owner] = await db.orm.select({ active: users.active }).from(users).where(eq(users.id, id))
  return owner?.active === true
}

/** The towns and zones, and the grids, a town or grid user may be given. */
export async function places(db: Database) {
  const towns = await db.orm
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(ne(regions.kind, 'county'))
    .orderBy(regions.code)
  const gridRows = await db.orm
    .select({ code: grids.code, name: grids.name, townCode: grids.townCode })
    .from(grids)
    .orderBy(grids.code)
  return { towns, grids: gridRows.map(snake) }
}

/** The API tokens (of one user, when given) with their user's name and role, in id order. */
export async function tokensWithUsers(db: Database, userId: number | undefined) {
  const rows = await db.orm
    .select({ ...tokenColumns, username: users.username, displayName: users.displayName, role: users.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId === undefined ? undefined : eq(apiTokens.userId, userId))
    .orderBy(apiTokens.id)
  return rows.map(snake)
}

/** One page of the audit log matching the filters, newest first, with who acted, and how many match. */
export async function auditPage(db: Database, query: AuditQuery) {
  const conditions: SQL[] = []
  if (query.entity) conditions.push(eq(auditLog.entity, query.entity))
  if (query.entity_id) conditions.push(eq(auditLog.entityId, query.entity_id))
  if (query.user_id) conditions.push(eq(auditLog.userId, query.user_id))
  if (query.action) conditions.push(eq(auditLog.action, query.action))
  if (query.from) conditions.push(gte(auditLog.at, auditStart(query.from)))
  if (query.to) conditions.push(lt(auditLog.at, auditEnd(query.to)))
  const where = conditions.length > 0 ? and(...conditions) : undefined
  const [total] = await db.orm.select({ n: count() }).from(auditLog).where(where)
  const items = await db.orm
    .select({ ...getTableColumns(auditLog), username: users.username, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
    .offset(query.offset)
  return { total: total?.n ?? 0, items: items.map(snake) }
}

/** The entities and actions in the audit log, and always the sign-in actions (an empty filter is an answer too). */
export async function auditFacets(db: Database) {
  const entities = await db.orm.selectDistinct({ v: auditLog.entity }).from(auditLog).orderBy(auditLog.entity)
  const actions = await db.orm.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action)
  const offered = [...new Set([...actions.map((r) => r.v), ...signInActions])].sort()
  return { entities: entities.map((r) => r.v), actions: offered }
}
