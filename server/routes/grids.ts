/**
 * The grid officer's phone view (DOMAIN §1, §3), mounted at /api/grids.
 *
 * | method | path                         | returns |
 * |--------|------------------------------|---------|
 * | GET    | /api/grids/{code}/worklist   | `{ asOf, grid, visit_frequency_days, planned, enterprises, hazards }`; 404 outside the scope |
 *
 * `enterprises`: the grid's enterprises that are not closed, who is due a visit first: never
 * visited, then by `due_in_days` = visit_frequency_days[risk_level] − days since the last done
 * inspection (negative = overdue), then id. `hazards`: the grid's open hazards, overdue first
 * (most days overdue first), then by deadline (none last); `due_escalation_level` is what
 * POST /api/hazards/escalate would raise `escalation_level` to; `photos` are `[{ id, stage, width, height }]`.
 * `planned`: the grid's planned inspections not yet done (e.g. 双随机 picks), earliest first, with
 * the campaign and the drawn inspectors; POST /api/inspections completes one with its id and version.
 */
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { badRequest, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { readHazardRules } from '../hazards/rules.ts'
import { scopeCondition } from '../scope.ts'
import { photosJson } from '../writes/photo-write.ts'
import { gridCodePattern } from '../stats/grid-stats.ts'
import { readStatsRules } from '../stats/rules.ts'

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
  const [{ visitFrequencyDays: frequency }, { hazard_escalation: escalation }] = await Promise.all([
    readStatsRules(db),
    readHazardRules(db),
  ])
  const days = sql`CASE e.risk_level WHEN 'major' THEN ${frequency.major}::int WHEN 'high' THEN ${frequency.high}::int
    WHEN 'general' THEN ${frequency.general}::int ELSE ${frequency.low}::int END`
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
        (${today}::date - last.inspected_on) AS days_since_last, ${days} AS visit_frequency_days,
        ${days} - (${today}::date - last.inspected_on) AS due_in_days,
        coalesce(${days} - (${today}::date - last.inspected_on) <= 0, true) AS due,
        (SELECT count(*)::int FROM hazards h WHERE h.enterprise_id = e.id AND h.status <> 'closed'
          AND ${scopeCondition(scope, 'h')}) AS open_hazards
      FROM enterprises e
      LEFT JOIN LATERAL (
        SELECT max(i.inspected_on) AS inspected_on FROM inspections i
        WHERE i.enterprise_id = e.id AND i.status = 'done' AND i.inspected_on <= ${today}::date
      ) last ON true
      WHERE e.grid_code = ${code} AND e.status <> 'closed' AND ${scopeCondition(scope, 'e')}
      ORDER BY last.inspected_on IS NOT NULL, ${days} - (${today}::date - last.inspected_on), e.id`),
    db.rows(sql`
      SELECT h.id, h.enterprise_id, e.name AS enterprise_name, h.level, h.status, h.category, h.description,
        h.found_on::text AS found_on, h.deadline::text AS deadline,
        coalesce(h.deadline < ${today}::date, false) AS overdue,
        greatest(${today}::date - h.deadline, 0) AS days_overdue,
        h.escalation_level,
        CASE WHEN ${today}::date - h.deadline >= ${escalation.public_criticism_after_days_overdue}::int THEN 2
          WHEN ${today}::date - h.deadline >= ${escalation.letter_after_days_overdue}::int THEN 1 ELSE 0 END
          AS due_escalation_level,
        (h.listed_on IS NOT NULL AND h.delisted_on IS NULL) AS listed, h.version, ${photosJson('h')} AS photos
      FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE h.grid_code = ${code} AND h.status <> 'closed' AND ${scopeCondition(scope, 'h')}
      ORDER BY coalesce(h.deadline < ${today}::date, false) DESC, h.deadline NULLS LAST, h.id`),
  ])
  return c.json({
    asOf: today,
    grid,
    visit_frequency_days: frequency,
    planned: plannedRows,
    enterprises: enterpriseRows,
    hazards: hazardRows,
  })
})

export { gridsRoute as grids }
