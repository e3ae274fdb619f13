/**
 * Administration, admin role only, mounted at /api/admin.
 *
 * | method | path                               | body / query                                         | returns |
 * |--------|------------------------------------|------------------------------------------------------|---------|
 * | GET    | /api/admin/users                   | —                                                    | `{ users }` with `town_name` (no hashes) |
 * | POST   | /api/admin/users                   | `{ username, display_name, password, role, town_code?, grid_codes? }` | 201 user; 409 `username_taken` |
 * | PATCH  | /api/admin/users/{id}              | any of `{ display_name, role, town_code, grid_codes, active }` | user; deactivating ends its sessions |
 * | POST   | /api/admin/users/{id}/deactivate   | —                                                    | user; its sessions end, its tokens stop working |
 * | POST   | /api/admin/users/{id}/password     | `{ password }`                                       | user; its sessions end (the caller's own stays), its API tokens are revoked |
 * | GET    | /api/admin/places                  | —                                                    | `{ towns, grids }`: what a town or grid user may be given |
 * | GET    | /api/admin/tokens                  | `?user_id=`                                          | `{ tokens }` with the user's name and role (never the secret) |
 * | POST   | /api/admin/tokens                  | `{ user_id, name, kind: personal\|kiosk }`           | 201 `{ token, …row }`: the secret, shown once |
 * | DELETE | /api/admin/tokens/{id}             | —                                                    | the revoked row; 404 if unknown or already revoked |
 * | GET    | /api/admin/audit                   | `?entity=&entity_id=&user_id=&action=&from=&to=&limit=&offset=` | `{ total, limit, offset, items }`, newest first |
 * | GET    | /api/admin/audit/facets            | —                                                    | `{ entities, actions }` present in the log, and always the sign-in actions |
 *
 * A user's place follows its role: a town user has its `town_code`, a grid officer its
 * `grid_codes` (and the town of those grids when they share one), every other role neither.
 * An admin cannot deactivate or demote themself (409), so the last active admin stays. Refusals
 * carry `details.code` (`username_taken`, `self`, `unknown_town`, `unknown_grid`,
 * `no_user`, `inactive_user`, `no_token`) so the web app can say why in the user's language.
 * `from` / `to` of the audit log are dates (whole days in China Standard Time, both included) or
 * ISO date-times with an offset.
 *
 * A token acts with its user's scope; a kiosk token is read-only (wall displays), a personal token
 * is what GDAL and QGIS send as `Authorization: Bearer <token>`. Every change here is audited, and
 * no audit row holds a password hash.
 */
import { and, count, desc, eq, getTableColumns, gte, inArray, isNull, lt, ne, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { apiTokens, auditLog, grids, regions, sessions, tokenKinds, userRoles, users } from '../../db/schema.ts'
import { ApiError, badRequest, type ErrorCode } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { hashPassword, minPasswordLength } from '../auth/password.ts'
import { requireRole, type Principal, type Role } from '../auth/principal.ts'
import { endOtherCredentials } from '../auth/revoke.ts'
import { randomSecret, sha256 } from '../auth/secrets.ts'
import { signInActions } from '../auth/sign-in-audit.ts'
import {
  countParam,
  gridCode,
  idParam,
  isoDate,
  isoInstant,
  maxInt,
  passwordText,
  rowId,
  text,
  townCode,
} from '../http/values.ts'
import { parseBody } from '../http/validate.ts'
import { audit, snake, type Tx } from '../writes/tx.ts'

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
type UserRow = { [K in keyof typeof userColumns]: (typeof users.$inferSelect)[K] }

const gridCodes = z.array(gridCode).max(500)
const displayName = text(100)
const password = passwordText(1000, minPasswordLength, `at least ${minPasswordLength} characters`)
const newUser = z
  .strictObject({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, . _ -; 2–63 characters'),
    display_name: displayName,
    password,
    role: z.enum(userRoles),
    town_code: townCode.optional(),
    grid_codes: gridCodes.default([]),
  })
  .refine((u) => u.role !== 'town' || u.town_code !== undefined, { message: 'a town user needs town_code' })
  .refine((u) => u.role !== 'grid' || u.grid_codes.length > 0, { message: 'a grid officer needs grid_codes' })
const userPatch = z
  .strictObject({
    display_name: displayName.optional(),
    role: z.enum(userRoles).optional(),
    town_code: townCode.nullable().optional(),
    grid_codes: gridCodes.optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' })
const newToken = z.strictObject({
  user_id: rowId,
  name: text(100),
  kind: z.enum(tokenKinds),
})
/** A whole day in China Standard Time (the county's), or an instant with its offset. */
const day = z.union([isoDate, isoInstant])
const auditQuery = z
  .strictObject({
    entity: text(100).optional(),
    entity_id: text(100).optional(),
    user_id: idParam.optional(),
    action: text(100).optional(),
    from: day.optional(),
    to: day.optional(),
    limit: countParam(1000, 1).default(100),
    offset: countParam(maxInt).default(0),
  })
  .refine((q) => !q.from || !q.to || start(q.from) < end(q.to), { message: 'from must not be after to' })

function start(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value)
}
/** Exclusive end: a date includes its whole day. */
function end(value: string): Date {
  const at = start(value)
  return value.length === 10 ? new Date(at.getTime() + 86_400_000) : at
}

function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(query)
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; '),
    )
  }
  return parsed.data
}

const refused = (status: 400 | 404 | 409, code: ErrorCode, message: string) =>
  new ApiError(status, message, { code }, code)

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

type UserChange = {
  displayName?: string
  role?: Role
  townCode?: string | null
  gridCodes?: string[]
  active?: boolean
}

/** One audited change of a user, in its own transaction; deactivation ends the user's sessions. */
async function changeUser(tx: Tx, principal: Principal, userId: number, change: UserChange, action: string) {
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
  await audit(tx, principal, { action, entity: 'users', entityId: userId, before: snake(before), after: snake(after!) })
  return after!
}

export const admin = new Hono<AppEnv>()

admin.use(async (c, next) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  // A wall display's token never reads accounts, tokens or the audit log, whoever it belongs to.
  if (principal.via === 'kiosk') throw new ApiError(403, 'Kiosk tokens cannot use the administration API')
  await next()
})

admin.get('/users', async (c) => {
  const rows = await c
    .get('db')
    .orm.select({ ...userColumns, townName: regions.name })
    .from(users)
    .leftJoin(regions, eq(regions.code, users.townCode))
    .orderBy(users.id)
  return c.json({ users: rows.map(snake) })
})

admin.post('/users', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const body = await parseBody(c, newUser)
  const db = c.get('db')
  const [taken] = await db.orm.select({ id: users.id }).from(users).where(eq(users.username, body.username))
  if (taken) throw refused(409, 'username_taken', `Username ${body.username} is taken`)
  const passwordHash = await hashPassword(body.password)
  const created = await db.orm.transaction(async (tx) => {
    const place = await placeOf(tx, body.role, body.town_code ?? null, body.grid_codes)
    const [row] = await tx
      .insert(users)
      .values({ username: body.username, displayName: body.display_name, passwordHash, role: body.role, ...place })
      .onConflictDoNothing({ target: users.username })
      .returning(userColumns)
    if (!row) throw refused(409, 'username_taken', `Username ${body.username} is taken`)
    await audit(tx, principal, { action: 'create', entity: 'users', entityId: row.id, after: snake(row) })
    return row
  })
  return c.json(snake(created), 201)
})

admin.patch('/users/:id', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const userId = parseQuery(z.object({ id: idParam }), { id: c.req.param('id') }).id
  const body = await parseBody(c, userPatch)
  const change: UserChange = {
    displayName: body.display_name,
    role: body.role,
    townCode: body.town_code,
    gridCodes: body.grid_codes,
    active: body.active,
  }
  const action = body.active === false ? 'deactivate' : body.active === true ? 'activate' : 'update'
  const row = await c.get('db').orm.transaction((tx) => changeUser(tx, principal, userId, change, action))
  return c.json(snake(row))
})

admin.post('/users/:id/deactivate', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const userId = parseQuery(z.object({ id: idParam }), { id: c.req.param('id') }).id
  const row = await c
    .get('db')
    .orm.transaction((tx) => changeUser(tx, principal, userId, { active: false }, 'deactivate'))
  return c.json(snake(row))
})

admin.post('/users/:id/password', async (c) => {
  const principal = requireRole(c, ['admin'], 'Administration')
  const userId = parseQuery(z.object({ id: idParam }), { id: c.req.param('id') }).id
  const body = await parseBody(c, z.strictObject({ password }))
  const passwordHash = await hashPassword(body.password)
  const row = await c.get('db').orm.transaction(async (tx) => {
    const [after] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning(userColumns)
    if (!after) throw refused(404, 'no_user', `No user ${userId}`)
    // Whoever knew the old password is out, sessions and tokens; an admin resetting their own keeps this session.
    await endOtherCredentials(tx, principal, userId, principal.sessionHash)
    await audit(tx, principal, { action: 'reset_password', entity: 'users', entityId: userId, after: snake(after) })
    return after
  })
  return c.json(snake(row))
})

admin.get('/places', async (c) => {
  const orm = c.get('db').orm
  const towns = await orm
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(ne(regions.kind, 'county'))
    .orderBy(regions.code)
  const gridRows = await orm
    .select({ code: grids.code, name: grids.name, townCode: grids.townCode })
    .from(grids)
    .orderBy(grids.code)
  return c.json({ towns, grids: gridRows.map(snake) })
})

admin.get('/tokens', async (c) => {
  const { user_id } = parseQuery(z.strictObject({ user_id: idParam.optional() }), c.req.query())
  const rows = await c
    .get('db')
    .orm.select({ ...tokenColumns, username: users.username, displayName: users.displayName, role: users.role })
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
  if (!owner?.active) throw refused(400, 'inactive_user', `No active user ${body.user_id}`)
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
  const tokenId = parseQuery(z.object({ id: idParam }), { id: c.req.param('id') }).id
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
  if (!row) throw refused(404, 'no_token', `No active token ${tokenId}`)
  return c.json(snake(row))
})

admin.get('/audit', async (c) => {
  const query = parseQuery(auditQuery, c.req.query())
  const conditions: SQL[] = []
  if (query.entity) conditions.push(eq(auditLog.entity, query.entity))
  if (query.entity_id) conditions.push(eq(auditLog.entityId, query.entity_id))
  if (query.user_id) conditions.push(eq(auditLog.userId, query.user_id))
  if (query.action) conditions.push(eq(auditLog.action, query.action))
  if (query.from) conditions.push(gte(auditLog.at, start(query.from)))
  if (query.to) conditions.push(lt(auditLog.at, end(query.to)))
  const where = conditions.length > 0 ? and(...conditions) : undefined
  const orm = c.get('db').orm
  const [total] = await orm.select({ n: count() }).from(auditLog).where(where)
  const items = await orm
    .select({ ...getTableColumns(auditLog), username: users.username, displayName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
    .offset(query.offset)
  return c.json({ total: total?.n ?? 0, limit: query.limit, offset: query.offset, items: items.map(snake) })
})

admin.get('/audit/facets', async (c) => {
  const orm = c.get('db').orm
  const entities = await orm.selectDistinct({ v: auditLog.entity }).from(auditLog).orderBy(auditLog.entity)
  const actions = await orm.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action)
  // The sign-in actions are offered before the first one is logged: an empty filter is an answer too.
  const offered = [...new Set([...actions.map((r) => r.v), ...signInActions])].sort()
  return c.json({ entities: entities.map((r) => r.v), actions: offered })
})
