/**
 * The fireworks outlet planner (DOMAIN §6), mounted at /api/fireworks. Every read is scoped
 * (server/scope.ts); thresholds are the `settings` rows, read on every request
 * (server/fireworks/siting-rules.ts); distances are on the WGS84 spheroid.
 *
 * | method | path                          | query / body                         | returns |
 * |--------|-------------------------------|--------------------------------------|---------|
 * | GET    | /api/fireworks/violations     | `town_code`, `rule` (repeatable or comma-separated), `severity` (`error`/`warning`) | `{ as_of, rules, counts, violations }`: every rule each outlet of the layout (active and planned) in scope breaks |
 * | GET    | /api/fireworks/towns          | —                                    | `{ as_of, year, rules, towns }`: households, caps, outlets of the layout, within, the yearly plan (server/fireworks/towns/routes.ts, with PATCH) |
 * | *      | /api/fireworks/outlets        | see server/fireworks/outlets/routes.ts | the outlets, any status, and their edits |
 * | *      | /api/fireworks/evaluate, /api/fireworks/plans | see server/fireworks/plans/routes.ts | what-if plans: evaluate, save, compare, adopt |
 * | GET    | /api/fireworks/export.xlsx, /api/fireworks/export.csv | see server/fireworks/exports/routes.ts | violations and towns (today's or a plan's) as files |
 * | POST   | /api/fireworks/check          | `{ lon, lat }` (WGS84 degrees)       | `{ lon, lat, town_code, grid_code, allowed, violations, nearest }`; 404 outside the scope |
 *
 * A violation: `{ rule, severity, value, threshold, other_type, other_id, other_name, other_kind,
 * distance_m }` (plus the outlet's id, name, licence, kind, town and grid on /violations). Rules:
 * `outlet_spacing`, `site_distance` (per site kind), `no_fireworks_zone` (value = metres inside the
 * edge), `shares_residence`, `not_dedicated_shop` ("两关闭"), `floor_area` (m²), `licence_number`,
 * `licence_expired` / `licence_expiring` (value = days left, the latter a warning),
 * `licence_validity` (days valid against the days allowed). Another party outside the caller's scope
 * is measured but its id and name are null. `allowed` is false when any error-severity rule is broken.
 * Unknown parameters, malformed values and bodies other than `{ lon, lat }` are 400 `bad_request`.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { json, query } from '../http/validate.ts'
import { listParam, townCode } from '../http/values.ts'
import { checkCandidate } from './candidate-check.ts'
import { outletViolations } from './engine.ts'
import { ruleCodes, severities, type RuleContext } from './rule-context.ts'
import { readSitingRules } from './siting-rules.ts'
import { outlets } from './outlets/routes.ts'
import { fireworksExports } from './exports/routes.ts'
import { fireworksPlans } from './plans/routes.ts'
import { towns } from './towns/routes.ts'

const violationsQuery = z.strictObject({
  town_code: listParam(townCode).pipe(z.array(townCode).max(1)).optional(),
  rule: listParam(z.enum(ruleCodes)).optional(),
  severity: listParam(z.enum(severities))
    .pipe(z.array(z.enum(severities)).max(1))
    .optional(),
})

const candidateBody = z.strictObject({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})

export const fireworks = new Hono<AppEnv>()
  .route('/outlets', outlets)
  .route('/towns', towns)
  .route('/', fireworksPlans)
  .route('/', fireworksExports)
  .get('/violations', query(violationsQuery), async (c) => {
    const filters = c.req.valid('query')
    const db = c.get('db')
    const context: RuleContext = { rules: await readSitingRules(db), today: c.get('today'), scope: c.get('scope') }
    const violations = await outletViolations(db, context, {
      townCode: filters.town_code?.[0],
      rules: filters.rule,
      severity: filters.severity?.[0],
    })
    const counts: Record<string, number> = {}
    for (const v of violations) counts[v.rule] = (counts[v.rule] ?? 0) + 1
    return c.json({ as_of: context.today, rules: context.rules, counts, violations })
  })
  .post('/check', json(candidateBody), async (c) => {
    const { lon, lat } = c.req.valid('json')
    const db = c.get('db')
    const context: RuleContext = { rules: await readSitingRules(db), today: c.get('today'), scope: c.get('scope') }
    const check = await checkCandidate(db, context, lon, lat)
    if (!check) throw notFound('The point lies outside your area', { lon, lat })
    return c.json(check)
  })
