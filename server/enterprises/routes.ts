/**
 * The enterprise record (一企一档, DOMAIN §4), mounted at /api/enterprises.
 *
 * | method | path                   | returns |
 * |--------|------------------------|---------|
 * | GET    | /api/enterprises/{id}  | `{ enterprise, confined_spaces, hazards, inspections }`; 404 outside the caller's scope |
 * | GET    | /api/enterprises/{id}/inspections | `{ enterprise_id, as_of, visit, inspections }`: inspections newest first with the hazards each found (`hazards_found`), and the visit status: `last_visit_on`, `frequency_days` for the risk level (settings), `due_on`, `due_in_days`, `state` (server/rules/visit-due.ts: on_time, due, overdue) and `overdue` (state overdue) |
 *
 * | POST   | /api/enterprises       | the whole record (server/enterprises/schemas.ts) with `location: { lon, lat, crs? }` | 201 the enterprise (every column but the geometry, `lon`/`lat` in WGS84, `source_crs`, `version`) and `warnings` |
 * | PATCH  | /api/enterprises/{id}  | `{ version, …any field }` (or If-Match); `status: 'closed'` closes it | the enterprise and `warnings`; 409 `stale_version` with `details.current` |
 *
 * Writes are for `registerEditors` (admin, county, town; kiosk tokens never), scoped (a town user
 * edits and places enterprises only in its town: 403 `outside_scope`), versioned and audited. The
 * USCC (db/uscc.ts): a wrong form 422 `invalid_uscc`, a failed check character is saved with
 * `warnings: [{ field: 'uscc', code: 'uscc_check_character', message }]`, another enterprise's 409
 * `uscc_taken`. There is no DELETE: an enterprise closes.
 *
 * `enterprise` has every column (snake_case) except the geometry, plus `lon`/`lat` and the caller's
 * `actions` (`record_inspection`, server/rules/inspection-actions.ts); hazards come
 * newest first as server/hazards/answer.ts sends them (`overdue`, `days_overdue`, the caller's
 * `actions`), inspections newest first. Child rows pass the scope too.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { allow, principalOf, writerOf } from '../auth/principal.ts'
import { sentVersion } from '../http/sent-version.ts'
import { columnsOf } from '../registers/rows.ts'
import { registerEditors } from '../rules/page-access.ts'
import { enterprisePatch, newEnterprise } from './schemas.ts'
import { changeEnterprise, createEnterprise, type WriteWarning } from './writes.ts'
import { hazardAnswer, hazardFacts } from '../hazards/answer.ts'
import { json, param } from '../http/validate.ts'
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
const editors = allow(registerEditors, 'Editing the registers')

/** A written enterprise as the caller now sees it, with the write's warnings. */
async function written(c: Context<AppEnv>, id: number, warnings: WriteWarning[]) {
  const enterprise = await enterpriseInScope(c.get('db'), c.get('scope'), id)
  if (!enterprise) throw notFound(`No enterprise ${id}`)
  return { ...snake(enterprise), warnings }
}

export const enterprises = new Hono<AppEnv>()
  .post('/', editors, json(newEnterprise), async (c) => {
    const body = c.req.valid('json')
    const { id, warnings } = await createEnterprise(writerOf(c), { ...columnsOf(body), uscc: body.uscc })
    return c.json(await written(c, id, warnings), 201)
  })
  .patch('/:id', editors, enterpriseId, json(enterprisePatch), async (c) => {
    const { id } = c.req.valid('param')
    const { version, ...body } = c.req.valid('json')
    const { warnings } = await changeEnterprise(writerOf(c), id, sentVersion(c, version), columnsOf(body))
    return c.json(await written(c, id, warnings))
  })
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
