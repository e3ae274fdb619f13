/**
 * Administration, admin role only, mounted at /api/admin.
 *
 * | method | path                               | body / query                                         | returns |
 * |--------|------------------------------------|------------------------------------------------------|---------|
 * | GET    | /api/admin/users                   | —                                                    | `{ users }` (no hashes) |
 * | POST   | /api/admin/users                   | `{ username, display_name, password, role, town_code?, grid_codes? }` | 201 user |
 * | POST   | /api/admin/users/{id}/deactivate   | —                                                    | user; its sessions end, its tokens stop working |
 * | GET    | /api/admin/tokens                  | `?user_id=`                                          | `{ tokens }` (never the secret) |
 * | POST   | /api/admin/tokens                  | `{ user_id, name, kind: personal\|kiosk }`           | 201 `{ token, …row }`: the secret, shown once |
 * | DELETE | /api/admin/tokens/{id}             | —                                                    | the revoked row; 404 if unknown or already revoked |
 * | GET    | /api/admin/audit                   | `?entity=&entity_id=&user_id=&action=&limit=&offset=` | `{ total, limit, offset, items }`, newest first |
 *
 * A token acts with its user's scope; a kiosk token is read-only (wall displays), a personal token
 * is what GDAL and QGIS send as `Authorization: Bearer <token>`. Every change here is audited.
 */
import { and, count, desc, eq, getTableColumns, isNull, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { apiTokens, auditLog, grids, regions, sessions, tokenKinds, userRoles, users } from '../../db/schema.ts'
import { ApiError, badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { hashPassword, minPasswordLength } from '../auth/password.ts'
import { requireRole } from '../auth/principal.ts'
import { randomSecret, sha256 } from '../auth/secrets.ts'
import { parseBody } from '../writes/body.ts'
import { audit, snake } from '../writes/tx.ts'

const { passwordHash: _hash, ...userColumns } = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  passwordHash: users.passwordHash,
  role: users.role,
  townCode: users.townCode,
  gridCodes: users.gridCodes,
  active: users.active,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
}
const tokenColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  kind: apiTokens.kind,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
}

const id = z.coerce.number().int().positive()
const newUser = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, . _ -; 2–63 characters'),
    display_name: z.string().trim().min(1).max(100),
    password: z.string().min(minPasswordLength, `at least ${minPasswordLength} characters`).max(1000),
    role: z.enum(userRoles),
    town_code: z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
    grid_codes: z.array(z.string().regex(/^\d{12}$/)).default([]),
  })
  .refine((u) => u.role !== 'town' || u.town_code !== undefined, { message: 'a town user needs town_code' })
  .refine((u) => u.role !== 'grid' || u.grid_codes.length > 0, { message: 'a grid officer needs grid_codes' })
const newToken = z.strictObject({
  user_id: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(tokenKinds),
})
const auditQuery = z.strictObject({
  entity: z.string().min(1).optional(),
  entity_id: z.string().min(1).optional(),
  user_id: id.optional(),
  action: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(query)
  if (!parsed.success) {
    throw badRequest(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '))
  }
  return parsed.data
}

export const admin = new Hono<AppEnv>()

admin.use(async (c, next) => {
  requireRole(c, ['admin'], 'Administration')
  await next()
})

admin.get('/users', async (c) => {
  const rows = await c.get('db').orm.select(userColumns).from(users).orderBy(users.id)
  return c.json({ users: rows.map(snake) })
})

admin.post('/users', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const body = await parseBody(c, newUser)
  const db = c.get('db')
  if (body.town_code) {
    const [town] = await db.orm.select().from(regions).where(eq(regions.code, body.town_code))
    if (!town || town.kind === 'county') throw badRequest(`Unknown town_code ${body.town_code}`)
  }
  for (const code of body.grid_codes) {
    const [grid] = await db.orm.select({ townCode: grids.townCode }).from(grids).where(eq(grids.code, code))
    if (!grid) throw badRequest(`Unknown grid code ${code}`)
  }
  const [taken] = await db.orm.select({ id: users.id }).from(users).where(eq(users.username, body.username))
  if (taken) throw new ApiError(409, `Username ${body.username} is taken`)
  const passwordHash = await hashPassword(body.password)
  const created = await db.orm.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username: body.username,
        displayName: body.display_name,
        passwordHash,
        role: body.role,
        townCode: body.town_code ?? null,
        gridCodes: body.grid_codes,
      })
      .returning(userColumns)
    await audit(tx, principal, { action: 'create', entity: 'users', entityId: row!.id, after: snake(row!) })
    return row!
  })
  return c.json(snake(created), 201)
})

admin.post('/users/:id/deactivate', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const userId = parseQuery(z.object({ id }), { id: c.req.param('id') }).id
  const row = await c.get('db').orm.transaction(async (tx) => {
    const [before] = await tx.select(userColumns).from(users).where(eq(users.id, userId)).for('update')
    if (!before) return undefined
    const [after] = await tx
      .update(users)
      .set({ active: false, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning(userColumns)
    await tx.delete(sessions).where(eq(sessions.userId, userId))
    await audit(tx, principal, {
      action: 'deactivate',
      entity: 'users',
      entityId: userId,
      before: snake(before),
      after: snake(after!),
    })
    return after!
  })
  if (!row) throw notFound(`No user ${userId}`)
  return c.json(snake(row))
})

admin.get('/tokens', async (c) => {
  const { user_id } = parseQuery(z.strictObject({ user_id: id.optional() }), c.req.query())
  const rows = await c
    .get('db')
    .orm.select({ ...tokenColumns, username: users.username })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(user_id === undefined ? undefined : eq(apiTokens.userId, user_id))
    .orderBy(apiTokens.id)
  return c.json({ tokens: rows.map(snake) })
})

admin.post('/tokens', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const body = await parseBody(c, newToken)
  const db = c.get('db')
  const [owner] = await db.orm.select({ active: users.active }).from(users).where(eq(users.id, body.user_id))
  if (!owner?.active) throw badRequest(`No active user ${body.user_id}`)
  const token = randomSecret()
  const row = await db.orm.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ userId: body.user_id, name: body.name, kind: body.kind, tokenHash: sha256(token) })
      .returning(tokenColumns)
    await audit(tx, principal, {
      action: 'create',
      entity: 'api_tokens',
      entityId: created!.id,
      after: snake(created!),
    })
    return created!
  })
  return c.json({ token, ...snake(row) }, 201)
})

admin.delete('/tokens/:id', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const tokenId = parseQuery(z.object({ id }), { id: c.req.param('id') }).id
  const row = await c.get('db').orm.transaction(async (tx) => {
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
  if (!row) throw notFound(`No active token ${tokenId}`)
  return c.json(snake(row))
})

admin.get('/audit', async (c) => {
  const query = parseQuery(auditQuery, c.req.query())
  const conditions: SQL[] = []
  if (query.entity) conditions.push(eq(auditLog.entity, query.entity))
  if (query.entity_id) conditions.push(eq(auditLog.entityId, query.entity_id))
  if (query.user_id) conditions.push(eq(auditLog.userId, query.user_id))
  if (query.action) conditions.push(eq(auditLog.action, query.action))
  const where = conditions.length > 0 ? and(...conditions) : undefined
  const orm = c.get('db').orm
  const [total] = await orm.select({ n: count() }).from(auditLog).where(where)
  const items = await orm
    .select({ ...getTableColumns(auditLog), username: users.username })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
    .offset(query.offset)
  return c.json({ total: total?.n ?? 0, limit: query.limit, offset: query.offset, items: items.map(snake) })
})
