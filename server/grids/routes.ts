/**
 * The grid officer's phone view (DOMAIN §1, §3), mounted at /api/grids.
 *
 * | method | path                         | returns |
 * |--------|------------------------------|---------|
 * | GET    | /api/grids/{code}/worklist   | `{ asOf, grid, visit_frequency_days, planned, enterprises, hazards }`; 404 outside the scope |
 *
 * `enterprises`: the grid's enterprises that are not closed, who is due a visit first: never
 * visited, then by `due_in_days` = visit_frequency_days[risk_level] − days since the last done
 * inspection (negative = overdue), then id; `visit_due` is the state of server/rules/visit-due.ts
 * (`on_time`, `due` = today is the last day, `overdue`) and `due` is true unless it is `on_time`.
 * `hazards`: the grid's open hazards, overdue first, then by deadline (none last), as
 * server/hazards/answer.ts sends them (`overdue`, `days_overdue`, the caller's `actions`);
 * `due_escalation_level` is what POST /api/hazards/escalate would raise `escalation_level` to;
 * `photos` are `[{ id, stage, width, height, uploaded_by_user_id }]`.
 * `planned`: the grid's planned inspections not yet done (e.g. 双随机 picks), earliest first, with
 * the campaign and the drawn inspectors; POST /api/inspections completes one with its id and version.
 */
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { principalOf } from '../auth/principal.ts'
import { hazardAnswer } from '../hazards/answer.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import type { HazardFacts } from '../rules/listing-actions.ts'
import { hazardDueEscalationLevel, hazardOverdue } from '../rules/overdue.ts'
import { dueInDaysSql, lastVisitSql, visitFrequencySql, visitStateSql } from '../rules/visit-due.ts'
import { scopeCondition } from '../scope.ts'
import { photosJson } from '../hazards/photo-store.ts'
import { gridCodePattern } from '../stats/grid-stats.ts'
import { readStatsRules } from '../rules/stats-settings.ts'

type GridRow = { code: string; name: string; town_code: string; town_name: string; officer_name: string | null }

export const gridsRoute = new Hono<AppEnv>().get('/:code/worklist', async (c) => {
  const code = c.req.param('code')
  if (!gridCodePattern.test(code)) throw badRequest('Malformed grid code', { code, expected: '12 digits' })
  const db = c.get('db')
  const scope = c.get('scope')
  const today = c.get('today')
  const [grid] = await db.rows<GridRow>(sql`
    SELECT g.grid_code AS code, g.name, g.town_code, r.name AS town_name, g.officer_name
    FROM (SELECT code AS grid_code, * FROM grids) g JOIN regions r ON r.code = g.town_code
    WHERE g.grid_code = ${code} AND ${scopeCondition(scope, 'g')}`)
  if (!grid) throw notFound(`No grid ${code}`)
  const [{ visitFrequencyDays: frequency }, hazardRules] = await Promise.all([readStatsRules(db), readHazardRules(db)])
  const day = sql`${today}::date`
  const dueIn = dueInDaysSql('e', sql`last.inspected_on`, day, frequency)
  const [plannedRows, enterpriseRows, hazardRows] = await Promise.all([
    db.rows(sql`
      SELECT i.id, i.enterprise_id, e.name AS enterprise_name, e.risk_level, i.kind, i.inspected_on::text AS planned_on,
        i.campaign_id, c.name AS campaign_name, i.inspectors, i.version,
        (i.inspected_on < ${today}::date) AS overdue
      FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
      LEFT JOIN inspection_campaigns c ON c.id = i.campaign_id
      WHERE i.grid_code = ${code} AND i.status = 'planned' AND ${scopeCondition(scope, 'i')}
      ORDER BY i.inspected_on, i.id`),
    db.rows(sql`
      SELECT e.id, e.name, e.uscc, e.sector, e.risk_level, e.status, e.address, e.safety_manager, e.safety_phone,
        ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat, last.inspected_on::text AS last_inspected_on,
        (${day} - last.inspected_on) AS days_since_last, ${visitFrequencySql('e', frequency)} AS visit_frequency_days,
        ${dueIn} AS due_in_days, ${visitStateSql(dueIn)} AS visit_due, coalesce(${dueIn} <= 0, true) AS due,
        (SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = e.id AND h.status <> 'closed'
          AND ${scopeCondition(scope, 'h')}) AS open_hazards
      FROM enterprises e
      LEFT JOIN LATERAL (SELECT ${lastVisitSql('e', day)} AS inspected_on) last ON true
      WHERE e.grid_code = ${code} AND e.status <> 'closed' AND ${scopeCondition(scope, 'e')}
      ORDER BY last.inspected_on IS NOT NULL, ${dueIn}, e.id`),
    db.rows<HazardFacts>(sql`
      SELECT h.id, h.enterprise_id, e.name AS enterprise_name, h.level, h.status, h.category, h.description,
        h.found_on::text AS found_on, h.deadline::text AS deadline,
        h.escalation_level, ${hazardDueEscalationLevel('h', day, hazardRules.hazard_escalation)} AS due_escalation_level,
        (h.listed_on IS NOT NULL AND h.delisted_on IS NULL) AS listed, h.version, ${photosJson('h')} AS photos,
        h.reported_by_user_id, h.listed_by_level, h.listed_on::text AS listed_on, h.delisted_on::text AS delisted_on,
        h.extension_requested_on::text AS extension_requested_on,
        h.extension_approved_on::text AS extension_approved_on
      FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE h.grid_code = ${code} AND h.status <> 'closed' AND ${scopeCondition(scope, 'h')}
      ORDER BY ${hazardOverdue('h', day)} DESC, h.deadline NULLS LAST, h.id`),
  ])
  return c.json({
    asOf: today,
    grid,
    visit_frequency_days: frequency,
    planned: plannedRows,
    enterprises: enterpriseRows,
    hazards: hazardRows.map((row) => hazardAnswer(row, principalOf(c), today, hazardRules)),
  })
})

export { gridsRoute as grids }
