/**
 * The settings and the year's targets (issue 12), mounted at /api/settings and /api/targets.
 *
 * | method | path                          | body                          | returns |
 * |--------|-------------------------------|-------------------------------|---------|
 * | GET    | /api/settings                 | —                             | `{ items: [{ key, value, description, unit, source, kind, fields, version, updated_at }] }` |
 * | GET    | /api/settings/{key}           | —                             | one item; 404 for a key the server does not read |
 * | PATCH  | /api/settings/{key}           | `{ value, version }` (or If-Match) | the item; 422 `invalid_setting` with the reason; 409 `stale_version` |
 * | GET    | /api/targets/{year}           | —                             | `{ items: [{ year, key, target, note, description, unit, source, percentage, version, updated_at }] }` |
 * | GET    | /api/targets/{year}/{key}     | —                             | one item; 404 |
 * | PATCH  | /api/targets/{year}/{key}     | `{ target, note?, version }`  | the item; 422 `invalid_target` (a percentage over 100) |
 * | POST   | /api/targets/{year}           | `{ copy_from }`               | 201 `{ items }`; 409 `targets_exist`; 404 when copy_from has none |
 *
 * Every signed-in user reads them (the wall and the rules show them); writes are admin's
 * (settingsRoles; kiosk tokens never), versioned and audited, and apply at once: the rule modules
 * read the settings per request. Descriptions, units and sources are server/settings/catalogue.ts.
 * A setting not stored yet shows its default with version 0; writing it with version 0 stores it.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../app-env.ts'
import { allow, writerOf } from '../auth/principal.ts'
import { notFound } from '../api-error.ts'
import { sentVersion } from '../http/sent-version.ts'
import { json, param } from '../http/validate.ts'
import { settingsRoles } from '../rules/page-access.ts'
import { allSettings, oneSetting, oneTarget, targetsOf } from './queries.ts'
import { settingPatch, settingPath, targetPatch, targetPath, targetsCopy, yearPath } from './schemas.ts'
import { changeSetting, changeTarget, copyTargets } from './writes.ts'

const admins = allow(settingsRoles, 'Changing the settings')

export const settingsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ items: await allSettings(c.get('db')) }))
  .get('/:key', param(settingPath), async (c) => {
    const { key } = c.req.valid('param')
    const setting = await oneSetting(c.get('db'), key)
    if (!setting) throw notFound(`No setting ${key}`)
    return c.json(setting)
  })
  .patch('/:key', admins, param(settingPath), json(settingPatch), async (c) => {
    const { key } = c.req.valid('param')
    const { value, version } = c.req.valid('json')
    await changeSetting(writerOf(c), key, sentVersion(c, version), value)
    return c.json((await oneSetting(c.get('db'), key))!)
  })

export const targetsRoutes = new Hono<AppEnv>()
  .get('/:year', param(yearPath), async (c) =>
    c.json({ items: await targetsOf(c.get('db'), c.req.valid('param').year) }),
  )
  .post('/:year', admins, param(yearPath), json(targetsCopy), async (c) => {
    const { year } = c.req.valid('param')
    await copyTargets(writerOf(c), year, c.req.valid('json').copy_from)
    return c.json({ items: await targetsOf(c.get('db'), year) }, 201)
  })
  .get('/:year/:key', param(targetPath), async (c) => {
    const { year, key } = c.req.valid('param')
    const target = await oneTarget(c.get('db'), year, key)
    if (!target) throw notFound(`No target ${key} for ${year}`)
    return c.json(target)
  })
  .patch('/:year/:key', admins, param(targetPath), json(targetPatch), async (c) => {
    const { year, key } = c.req.valid('param')
    const { version, ...values } = c.req.valid('json')
    await changeTarget(writerOf(c), year, key, sentVersion(c, version), values)
    return c.json((await oneTarget(c.get('db'), year, key))!)
  })
