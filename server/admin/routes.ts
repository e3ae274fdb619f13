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
 * carry their reason in `code`, as every error answer does (`username_taken`, `self`, `unknown_town`,
 * `unknown_grid`, `no_user`, `inactive_user`, `no_token`: server/admin/writes.ts AdminRefusalCode),
 * so the web app can say why in the user's language.
 * `from` / `to` of the audit log are dates (whole days in China Standard Time, both included) or
 * ISO date-times with an offset.
 *
 * A token acts with its user's scope; a kiosk token is read-only (wall displays), a personal token
 * is what GDAL and QGIS send as `Authorization: Bearer <token>`. Every change here is audited, and
 * no audit row holds a password hash.
 */
import { Hono } from 'hono'
import { ApiError } from '../api-error.ts'
import { adminRoles } from '../rules/page-access.ts'
import type { AppEnv } from '../app-env.ts'
import { hashPassword } from '../auth/password.ts'
import { requireRole, writerOf } from '../auth/principal.ts'
import { randomSecret } from '../auth/secrets.ts'
import { json, param, query } from '../http/validate.ts'
import { snake } from '../writes/tx.ts'
import {
  auditFacets,
  auditPage,
  isActiveUser,
  places,
  tokensWithUsers,
  usernameTaken,
  usersWithTownNames,
} from './queries.ts'
import { auditQuery, idPath, newToken, newUser, passwordReset, tokensQuery, userPatch } from './schemas.ts'
import { changeUser, createToken, createUser, refused, resetPassword, revokeToken } from './writes.ts'

const userId = param(idPath)

export const admin = new Hono<AppEnv>()
  .use(async (c, next) => {
    const principal = requireRole(c, adminRoles, 'Administration')
    // A wall display's token never reads accounts, tokens or the audit log, whoever it belongs to.
    if (principal.via === 'kiosk') throw new ApiError(403, 'Kiosk tokens cannot use the administration API')
    await next()
  })
  .get('/users', async (c) => c.json({ users: await usersWithTownNames(c.get('db')) }))
  .post('/users', json(newUser), async (c) => {
    const body = c.req.valid('json')
    if (await usernameTaken(c.get('db'), body.username)) {
      throw refused(409, 'username_taken', `Username ${body.username} is taken`)
    }
    const created = await createUser(writerOf(c), {
      username: body.username,
      displayName: body.display_name,
      passwordHash: await hashPassword(body.password),
      role: body.role,
      townCode: body.town_code ?? null,
      gridCodes: body.grid_codes,
    })
    return c.json(snake(created), 201)
  })
  .patch('/users/:id', userId, json(userPatch), async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const change = {
      displayName: body.display_name,
      role: body.role,
      townCode: body.town_code,
      gridCodes: body.grid_codes,
      active: body.active,
    }
    const action = body.active === false ? 'deactivate' : body.active === true ? 'activate' : 'update'
    return c.json(snake(await changeUser(writerOf(c), id, change, action)))
  })
  .post('/users/:id/deactivate', userId, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(snake(await changeUser(writerOf(c), id, { active: false }, 'deactivate')))
  })
  .post('/users/:id/password', userId, json(passwordReset), async (c) => {
    const { id } = c.req.valid('param')
    const passwordHash = await hashPassword(c.req.valid('json').password)
    return c.json(snake(await resetPassword(writerOf(c), id, passwordHash)))
  })
  .get('/places', async (c) => c.json(await places(c.get('db'))))
  .get('/tokens', query(tokensQuery), async (c) => {
    const { user_id } = c.req.valid('query')
    return c.json({ tokens: await tokensWithUsers(c.get('db'), user_id) })
  })
  .post('/tokens', json(newToken), async (c) => {
    const body = c.req.valid('json')
    if (!(await isActiveUser(c.get('db'), body.user_id))) {
      throw refused(400, 'inactive_user', `No active user ${body.user_id}`)
    }
    const token = randomSecret()
    const row = await createToken(writerOf(c), {
      userId: body.user_id,
      name: body.name,
      kind: body.kind,
      secret: token,
    })
    return c.json({ token, ...snake(row) }, 201)
  })
  .delete('/tokens/:id', param(idPath), async (c) => {
    const { id } = c.req.valid('param')
    return c.json(snake(await revokeToken(writerOf(c), id)))
  })
  .get('/audit', query(auditQuery), async (c) => {
    const filter = c.req.valid('query')
    const { total, items } = await auditPage(c.get('db'), filter)
    return c.json({ total, limit: filter.limit, offset: filter.offset, items })
  })
  .get('/audit/facets', async (c) => c.json(await auditFacets(c.get('db'))))
