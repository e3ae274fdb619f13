/**
 * The grid officer's phone view (DOMAIN §1, §3), mounted at /api/grids.
 *
 * | method | path                         | returns |
 * |--------|------------------------------|---------|
 * | GET    | /api/grids/{code}/worklist   | `{ as_of, grid, outlet_visits, outlets, visit_frequency_days, planned, enterprises, hazards }`; 404 outside the scope |
 * | POST   | /api/grids                   | `{ code, name, town_code, kind, officer_name?, officer_phone?, geometry, crs? }` (admin, county) | 201 the grid (server/registers/routes.ts rows) and `reassigned` |
 * | PATCH  | /api/grids/{code}            | `{ version, …any field but code }` (or If-Match); geometry and town_code only admin, county | the grid and `reassigned` |
 *
 * The writes are server/grids/writes.ts: versioned, scoped, audited; a new or changed boundary
 * re-places the rows under it (reassign_places) in the same transaction; a grid lies in its town
 * (422 `grid_outside_town`: less than 90% of its area inside).
 *
 * `enterprises`: the grid's enterprises that are not closed, who is due a visit first: never
 * visited, then by `due_in_days` = visit_frequency_days[risk_level] − days since the last done
 * inspection (negative = overdue), then id; `visit_due` is the state of server/rules/visit-due.ts
 * (`on_time`, `due` = today is the last day, `overdue`) and `due` is true unless it is `on_time`;
 * `actions` lists `record_inspection` when the caller may record a visit (server/rules/inspection-actions.ts).
 * `hazards`: the grid's open hazards, overdue first, then by deadline (none last), as
 * server/hazards/answer.ts sends them (`overdue`, `days_overdue`, the caller's `actions`);
 * `due_escalation_level` is what POST /api/hazards/escalate would raise `escalation_level` to;
 * `photos` are `[{ id, stage, width, height, uploaded_by_user_id }]`.
 * `planned`: the grid's planned inspections not yet done (e.g. 双随机 picks), earliest first, with
 * the campaign, the drawn inspectors and the caller's `actions` (`record_inspection`: POST
 * /api/inspections completes one with its id and version).
 * `outlets`: the grid's active fireworks outlets, those owing a visit first (never visited, then by
 * `due_in_days`), then those owing none (`visit_due` null: a temporary outlet outside the season or
 * its licence), each with the caller's `actions` (`record_inspection`: POST
 * /api/fireworks/outlets/{id}/inspections); `outlet_visits` says whether today is in the season and
 * the settings in force (server/rules/outlet-visit-due.ts).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { principalOf, writerOf } from '../auth/principal.ts'
import { sentVersion } from '../http/sent-version.ts'
import { editors } from '../registers/routes.ts'
import { gridPatch, newGrid } from '../registers/schemas.ts'
import type { GridRow } from '../registers/tables.ts'
import { changeGrid, createGrid } from './writes.ts'
import { hazardAnswer } from '../hazards/answer.ts'
import { json, param } from '../http/validate.ts'
import { gridCode } from '../http/values.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import { inSeason } from '../../lib/fireworks-season.ts'
import { readOutletVisitRules } from '../rules/outlet-visit-due.ts'
import { inspectionActions } from '../rules/inspection-actions.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import {
  enterprisesByVisitDue,
  openHazardsOverdueFirst,
  outletsByVisitDue,
  plannedInspections,
  worklistGrid,
} from './queries.ts'

const gridPath = param(z.object({ code: gridCode }), {
  error: 'Malformed grid code',
  details: { expected: '12 digits' },
})

export const grids = new Hono<AppEnv>()
  .post('/', editors, json(newGrid), async (c) => {
    const { row, reassigned } = await createGrid(writerOf(c), c.req.valid('json'))
    return c.json({ ...(row as GridRow), reassigned }, 201)
  })
  .patch('/:code', editors, gridPath, json(gridPatch), async (c) => {
    const { code } = c.req.valid('param')
    const { version, ...body } = c.req.valid('json')
    const { row, reassigned } = await changeGrid(writerOf(c), code, sentVersion(c, version), body)
    return c.json({ ...(row as GridRow), reassigned })
  })
  .get('/:code/worklist', gridPath, async (c) => {
    const db = c.get('db')
    const today = c.get('today')
    const worklist = { code: c.req.valid('param').code, scope: c.get('scope'), today }
    const grid = await worklistGrid(db, worklist)
    if (!grid) throw notFound(`No grid ${worklist.code}`)
    const [{ visitFrequencyDays: frequency }, hazardRules, outletRules] = await Promise.all([
      readStatsRules(db),
      readHazardRules(db),
      readOutletVisitRules(db),
    ])
    const [planned, enterprises, hazards, outlets] = await Promise.all([
      plannedInspections(db, worklist),
      enterprisesByVisitDue(db, worklist, frequency),
      openHazardsOverdueFirst(db, worklist, hazardRules.hazard_escalation),
      outletsByVisitDue(db, worklist, outletRules),
    ])
    const principal = principalOf(c)
    const actions = inspectionActions(principal)
    return c.json({
      as_of: today,
      grid,
      outlet_visits: {
        in_season: inSeason(today, outletRules.season),
        fireworks_season: outletRules.season,
        fireworks_outlet_visit_days: outletRules.visitDays,
      },
      outlets: outlets.map((row) => ({ ...row, actions })),
      visit_frequency_days: frequency,
      planned: planned.map((row) => ({ ...row, actions })),
      enterprises: enterprises.map((row) => ({ ...row, actions })),
      hazards: hazards.map((row) => hazardAnswer(row, principal, today, hazardRules)),
    })
  })
