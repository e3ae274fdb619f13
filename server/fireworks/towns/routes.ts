/**
 * 总量控制 per town (DOMAIN §6), mounted at /api/fireworks/towns.
 *
 * | method | path                          | body                                   | returns |
 * |--------|-------------------------------|----------------------------------------|---------|
 * | GET    | /api/fireworks/towns          | —                                      | `{ as_of, year, rules, actions, towns }`: the caller's `actions` (server/rules/fireworks-actions.ts: `edit_town` when PATCH is theirs), households, `outlet_cap` (set by hand, or null), `cap` and `cap_source` (`hand`/`households`/null), `outlets_now` (the layout: active and planned), `outlets_planned`, within, the yearly plan, `version` |
 * | PATCH  | /api/fireworks/towns/{code}   | `{ version, households?, outlet_cap? }` (null cap: from households) | the town's row as GET gives it; 409 `stale_version` |
 *
 * Writes are for planner, county and admin, audited.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { notFound } from '../../api-error.ts'
import type { AppEnv } from '../../app-env.ts'
import { allow, principalOf, writerOf } from '../../auth/principal.ts'
import { fireworksActions } from '../../rules/fireworks-actions.ts'
import { sentVersion } from '../../http/sent-version.ts'
import { json, param, query } from '../../http/validate.ts'
import { fireworksEditors } from '../rule-context.ts'
import { readSitingRules } from '../siting-rules.ts'
import { townQuotas } from '../town-quota.ts'
import { townPatch, townPath } from './schemas.ts'
import { changeTown } from './writes.ts'

const yearOf = (today: string) => Number(today.slice(0, 4))

export const towns = new Hono<AppEnv>()
  .get('/', query(z.strictObject({})), async (c) => {
    const db = c.get('db')
    const today = c.get('today')
    const rules = await readSitingRules(db)
    const year = yearOf(today)
    const towns = await townQuotas(db, c.get('scope'), rules, year)
    return c.json({ as_of: today, year, rules, actions: fireworksActions(principalOf(c)), towns })
  })
  .patch(
    '/:code',
    allow(fireworksEditors, 'Editing towns’ households and caps'),
    param(townPath),
    json(townPatch),
    async (c) => {
      const { code } = c.req.valid('param')
      const body = c.req.valid('json')
      await changeTown(writerOf(c), code, sentVersion(c, body.version), {
        households: body.households,
        outletCap: body.outlet_cap,
      })
      const db = c.get('db')
      const quotas = await townQuotas(db, c.get('scope'), await readSitingRules(db), yearOf(c.get('today')))
      const town = quotas.find((row) => row.code === code)
      if (!town) throw notFound(`No town ${code}`)
      return c.json(town)
    },
  )
