/**
 * The enterprise record (一企一档, DOMAIN §4), mounted at /api/enterprises.
 *
 * | method | path                   | returns |
 * |--------|------------------------|---------|
 * | GET    | /api/enterprises/{id}  | `{ enterprise, confined_spaces, hazards, inspections }`; 404 outside the caller's scope |
 * | GET    | /api/enterprises/{id}/inspections | `{ enterprise_id, as_of, visit, inspections }`: inspections newest first with the hazards each found (`hazards_found`), and the visit status: `last_visit_on`, `frequency_days` for the risk level (settings), `due_on`, `due_in_days`, `state` (server/rules/visit-due.ts: on_time, due, overdue) and `overdue` (state overdue) |
 *
 * `enterprise` has every column (snake_case) except the geometry, plus `lon`/`lat` and the caller's
 * `actions` (`record_inspection`, server/rules/inspection-actions.ts); hazards come
 * newest first as server/hazards/answer.ts sends them (`overdue`, `days_overdue`, the caller's
 * `actions`), inspections newest first. Child rows pass the scope too.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { principalOf } from '../auth/principal.ts'
import { hazardAnswer, hazardFacts } from '../hazards/answer.ts'
import { param } from '../http/validate.ts'
import { idParam } from '../http/values.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import { inspectionActions } from '../rules/inspection-actions.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import { visitStatus } from '../rules/visit-due.ts'
import { snake } from '../writes/tx.ts'
import {
  confinedSpacesOf,
  enterpriseInScope,
  enterpriseRiskInScope,
  hazardsWithPhotosOf,
  inspectionsOf,
  visitHistory,
} from './queries.ts'

const enterpriseId = param(z.object({ id: idParam }), { error: 'Malformed enterprise id' })

export const enterprises = new Hono<AppEnv>()
  .get('/:id', enterpriseId, async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const scope = c.get('scope')
    const today = c.get('today')
    const enterprise = await enterpriseInScope(db, scope, id)
    if (!enterprise) throw notFound(`No enterprise ${id}`)
    const [spaces, hazardRows, inspectionRows, hazardRules] = await Promise.all([
      confinedSpacesOf(db, scope, id),
      hazardsWithPhotosOf(db, scope, id),
      inspectionsOf(db, scope, id),
      readHazardRules(db),
    ])
    const principal = principalOf(c)
    return c.json({
      enterprise: { ...snake(enterprise), actions: inspectionActions(principal) },
      confined_spaces: spaces.map(snake),
      hazards: hazardRows.map(({ photos, ...row }) =>
        hazardAnswer({ ...hazardFacts(row), photos }, principal, today, hazardRules),
      ),
      inspections: inspectionRows.map(snake),
    })
  })
  // Not through the id validator: a malformed id here has always been a 404, as an unknown one is.
  .get('/:id/inspections', async (c) => {
    const raw = c.req.param('id')
    const id = /^\d{1,9}$/.test(raw) ? Number(raw) : undefined
    if (id === undefined) throw notFound(`No enterprise ${raw}`)
    const db = c.get('db')
    const enterprise = await enterpriseRiskInScope(db, c.get('scope'), id)
    if (!enterprise) throw notFound(`No enterprise ${raw}`)
    const today = c.get('today')
    const rows = await visitHistory(db, id)
    const frequencyDays = (await readStatsRules(db)).visitFrequencyDays[enterprise.riskLevel]
    const lastVisitOn = rows.find((row) => row.status === 'done' && row.inspectedOn <= today)?.inspectedOn ?? null
    const { dueOn, dueInDays, state } = visitStatus(lastVisitOn, frequencyDays, today)
    return c.json({
      enterprise_id: id,
      as_of: today,
      visit: {
        last_visit_on: lastVisitOn,
        frequency_days: frequencyDays,
        due_on: dueOn,
        due_in_days: dueInDays,
        state,
        overdue: state === 'overdue',
      },
      inspections: rows.map(snake),
    })
  })
