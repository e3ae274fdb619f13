/**
 * What-if plans of the fireworks planner (issue 11), mounted at /api/fireworks. A plan is a list of
 * changes to today's layout — close an outlet, move it, add one — judged by the same siting
 * rules (server/fireworks/plans/plan-layout.ts); saving one never changes an outlet, adopting it does.
 *
 * | method | path                                  | body / query                         | returns |
 * |--------|---------------------------------------|--------------------------------------|---------|
 * | POST   | /api/fireworks/evaluate               | `{ changes }`                        | the evaluation of an unsaved change list |
 * | GET    | /api/fireworks/plans                  | `?year=`                             | `{ plans }`: id, name, year, note, status, version, created_at, updated_at, created_by_name, adopted_at, change_counts, stale |
 * | POST   | /api/fireworks/plans                  | `{ name, year, note? }`              | 201 plan with `changes: []`; 409 `plan_name_taken` |
 * | GET    | /api/fireworks/plans/{id}             | —                                    | plan with `changes` |
 * | PUT    | /api/fireworks/plans/{id}             | `{ version, name?, note?, changes }` | plan; 409 `stale_version`, `plan_adopted`, `plan_name_taken` |
 * | DELETE | /api/fireworks/plans/{id}             | `?version=` (or If-Match)            | 204; drafts only (409 `plan_adopted`) |
 * | GET    | /api/fireworks/plans/{id}/evaluation  | —                                    | the evaluation of the stored plan |
 * | POST   | /api/fireworks/plans/{id}/adopt       | `{ version }`                        | plan, adopted, with `added: [{ ref, outlet_id }]`; 409 `layout_changed` (details.outlet_ids), `plan_adopted`, `stale_version` |
 *
 * Changes: `{ kind: 'close', outlet_id }`, `{ kind: 'move', outlet_id, lon, lat }`, `{ kind: 'add',
 * ref, name, outlet_kind, lon, lat, floor_area_m2, dedicated_shop?, shares_residence?, operator?,
 * address?, supplier_enterprise_id? }`; one close or move per outlet, refs unique, at most
 * lib/limits.ts planLimits.changes (400 `bad_request`); a closed or moved outlet must stand in
 * today's layout (422 `unknown_outlet`), a supplier exist (422 `unknown_enterprise`).
 * An evaluation: `{ violations (each with subject { outlet_id | null, ref | null, name } and
 * other_ref), counts, towns, comparison: { towns, fixed, introduced, unchanged } }`.
 * Plans are read by planner, county, admin and viewer; written by planner, county and admin.
 */
import { Hono } from 'hono'
import type { AppEnv } from '../../app-env.ts'
import { allow, writerOf } from '../../auth/principal.ts'
import { sentVersion } from '../../http/sent-version.ts'
import { json, param, query } from '../../http/validate.ts'
import { snake } from '../../writes/tx.ts'
import { fireworksEditors, fireworksPlanReaders, ruleContextOf } from '../rule-context.ts'
import { evaluatePlan } from './evaluation.ts'
import { checkReferences, plans, storedPlan } from './queries.ts'
import { adoptBody, evaluateBody, newPlan, planPath, planPut, plansQuery, versionQuery } from './schemas.ts'
import { adoptPlan, createPlan, deletePlan, replacePlan } from './writes.ts'

const readers = allow(fireworksPlanReaders, 'Fireworks plans')
const editors = allow(fireworksEditors, 'Editing fireworks plans')

const yearOf = (today: string) => Number(today.slice(0, 4))

export const fireworksPlans = new Hono<AppEnv>()
  .post('/evaluate', readers, json(evaluateBody), async (c) => {
    const { changes } = c.req.valid('json')
    const db = c.get('db')
    await checkReferences((q) => db.rows(q), changes)
    return c.json(await evaluatePlan(db, await ruleContextOf(c), changes, yearOf(c.get('today'))))
  })
  .get('/plans', readers, query(plansQuery), async (c) => {
    const { year } = c.req.valid('query')
    return c.json({ plans: (await plans(c.get('db'), year)).map(snake) })
  })
  .post('/plans', editors, json(newPlan), async (c) => {
    const body = c.req.valid('json')
    const id = await createPlan(writerOf(c), { name: body.name, year: body.year, note: body.note ?? null })
    return c.json(await storedPlan(c.get('db'), id), 201)
  })
  .get('/plans/:id', readers, param(planPath), async (c) => {
    return c.json(await storedPlan(c.get('db'), c.req.valid('param').id))
  })
  .put('/plans/:id', editors, param(planPath), json(planPut), async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    await replacePlan(writerOf(c), id, sentVersion(c, body.version), {
      name: body.name,
      note: body.note,
      changes: body.changes,
    })
    return c.json(await storedPlan(c.get('db'), id))
  })
  .delete('/plans/:id', editors, param(planPath), query(versionQuery), async (c) => {
    const { id } = c.req.valid('param')
    await deletePlan(writerOf(c), id, sentVersion(c, c.req.valid('query').version))
    return c.body(null, 204)
  })
  .get('/plans/:id/evaluation', readers, param(planPath), async (c) => {
    const stored = await storedPlan(c.get('db'), c.req.valid('param').id)
    return c.json(await evaluatePlan(c.get('db'), await ruleContextOf(c), stored.changes, yearOf(c.get('today'))))
  })
  .post('/plans/:id/adopt', editors, param(planPath), json(adoptBody), async (c) => {
    const { id } = c.req.valid('param')
    const added = await adoptPlan(writerOf(c), id, sentVersion(c, c.req.valid('json').version))
    return c.json({ ...(await storedPlan(c.get('db'), id)), added })
  })
