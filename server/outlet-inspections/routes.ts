/**
 * Visits to fireworks retail outlets (DOMAIN §3: weekly in the Spring Festival season), mounted at
 * /api/fireworks/outlets beside the planner's outlet routes (server/fireworks/).
 *
 * | method | path                                        | body | returns |
 * |--------|---------------------------------------------|------|---------|
 * | GET    | /api/fireworks/outlets/{id}/inspections     | —    | `{ outlet, as_of, visit, inspections, actions }`; 404 outside the scope |
 * | POST   | /api/fireworks/outlets/{id}/inspections     | `{ kind, inspected_on, inspectors[], findings?, client_request_id? }` | 201 `{ inspection }`; a retry 200 `{ inspection, replayed: true }` |
 *
 * `visit` is the outlet's state under server/rules/outlet-visit-due.ts: `in_season`,
 * `last_visit_on`, `frequency_days` (null: it owes no visit today), `due_on`, `due_in_days` and
 * `state` (`on_time`, `due` on the last day of the interval, `overdue`; null when it owes none).
 * `actions` lists `record_inspection` when the caller may record a visit
 * (server/rules/inspection-actions.ts, the same rule as for enterprises). Inspections come newest first.
 *
 * Recording: grid officers (in their grids), town, county and admin; viewer, planner and kiosk
 * tokens get 403. The same fields and limits as POST /api/inspections (server/inspections/schemas.ts):
 * kind ∈ routine, holiday, special, unannounced; inspected_on ≤ today (422); 1–20 inspectors. With
 * `client_request_id` a retry returns the first save (200, `replayed: true`), the same key with a
 * different visit is 409 `request_id_reused`. The outlet must be in the caller's scope (404).
 * Audited (`outlet_inspections`, create).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { ApiError, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { allow, principalOf, writerOf } from '../auth/principal.ts'
import { checkInspectedOn, saveOnce } from '../inspections/visit-save.ts'
import { json, param } from '../http/validate.ts'
import { idParam } from '../http/values.ts'
import { inSeason } from '../../lib/fireworks-season.ts'
import { outletVisitStatus, readOutletVisitRules } from '../rules/outlet-visit-due.ts'
import { inspectionActions, inspectionRecorders } from '../rules/inspection-actions.ts'
import { snake } from '../writes/tx.ts'
import { earlierOutletSave, outletInScope, visitsOf, type OutletInspectionRow } from './queries.ts'
import { outletInspectionBody, type OutletInspectionBody } from './schemas.ts'
import { saveOutletInspection } from './writes.ts'

const outletPath = param(z.object({ id: idParam }), { error: 'Malformed outlet id' })

/** Whether a retry asks for what `saved` holds: the same outlet, kind, date, inspectors and findings. */
const sameSave = (saved: OutletInspectionRow, outletId: number, body: OutletInspectionBody) =>
  saved.outletId === outletId &&
  saved.kind === body.kind &&
  saved.inspectedOn === body.inspected_on &&
  JSON.stringify(saved.inspectors) === JSON.stringify(body.inspectors) &&
  (saved.findings ?? null) === (body.findings ?? null)

export const outletInspections = new Hono<AppEnv>()
  .get('/:id/inspections', outletPath, async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const scope = c.get('scope')
    const today = c.get('today')
    const outlet = await outletInScope(db.orm, scope, id)
    if (!outlet) throw notFound(`No fireworks outlet ${id}`)
    const [rows, rules] = await Promise.all([visitsOf(db, scope, id), readOutletVisitRules(db)])
    const lastVisitOn = rows.find((row) => row.inspectedOn <= today)?.inspectedOn ?? null
    const status = outletVisitStatus(outlet, lastVisitOn, today, rules)
    return c.json({
      outlet,
      as_of: today,
      visit: {
        in_season: inSeason(today, rules.season),
        last_visit_on: lastVisitOn,
        frequency_days: status.frequencyDays,
        due_on: status.dueOn,
        due_in_days: status.dueInDays,
        state: status.state,
      },
      inspections: rows.map(snake),
      actions: inspectionActions(principalOf(c)),
    })
  })
  .post(
    '/:id/inspections',
    allow(inspectionRecorders, 'Recording an outlet visit'),
    outletPath,
    json(outletInspectionBody),
    async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      checkInspectedOn(body.inspected_on, c.get('today'))
      const db = c.get('db')
      const key = body.client_request_id
      const replay = async () => {
        const earlier = key === undefined ? undefined : await earlierOutletSave(db.orm, c.get('scope'), key)
        if (!earlier) return undefined
        if (!sameSave(earlier, id, body)) {
          throw new ApiError(
            409,
            `client_request_id ${key} was used for a different visit (${earlier.id}); make a new one per save`,
            { inspection_id: earlier.id },
            'request_id_reused',
          )
        }
        return { visit: earlier, replayed: true }
      }
      const save = async () => ({ visit: await saveOutletInspection(writerOf(c), id, body), replayed: false })
      const { visit, replayed } = await saveOnce(key, replay, save)
      if (replayed) return c.json({ inspection: snake(visit), replayed: true }, 200)
      return c.json({ inspection: snake(visit) }, 201)
    },
  )
