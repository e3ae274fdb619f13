/**
 * The enterprise record (一企一档, DOMAIN §4), mounted at /api/enterprises.
 *
 * | method | path                   | returns |
 * |--------|------------------------|---------|
 * | GET    | /api/enterprises/{id}  | `{ enterprise, confined_spaces, hazards, inspections }`; 404 outside the caller's scope |
 * | GET    | /api/enterprises/{id}/inspections | inspections newest first with the hazards each found, and the visit status: last done visit, required frequency for the risk level (settings), next due date, `dueInDays`, `state` (server/rules/visit-due.ts: on_time, due, overdue) and `overdue` (state overdue) |
 *
 * `enterprise` has every column (snake_case) except the geometry, plus `lon`/`lat`; hazards come
 * newest first as server/hazards/answer.ts sends them (`overdue`, `days_overdue`, the caller's
 * `actions`), inspections newest first. Child rows pass the scope too.
 */
import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { confinedSpaces, enterprises, hazards, inspections } from '../../db/schema.ts'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { pathId } from '../http/path-params.ts'
import { scopeCondition } from '../scope.ts'
import { photosJson, type PhotoMeta } from '../hazards/photo-store.ts'
import { principalOf } from '../auth/principal.ts'
import { hazardAnswer, hazardFacts } from '../hazards/answer.ts'
import { readHazardRules } from '../rules/hazard-settings.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import { visitStatus } from '../rules/visit-due.ts'
import { snake } from '../writes/tx.ts'
import { hazardColumns } from '../hazards/writes.ts'

const { geom: _e, ...enterpriseColumns } = getTableColumns(enterprises)
const { geom: _cs, ...spaceColumns } = getTableColumns(confinedSpaces)

export const enterpriseRoutes = new Hono<AppEnv>()

enterpriseRoutes.get('/:id', async (c) => {
  const id = pathId(c, 'id', 'enterprise id')
  const orm = c.get('db').orm
  const scope = c.get('scope')
  const today = c.get('today')
  const [enterprise] = await orm
    .select({
      ...enterpriseColumns,
      lon: sql<number>`ST_X(enterprises.geom)`,
      lat: sql<number>`ST_Y(enterprises.geom)`,
    })
    .from(enterprises)
    .where(and(eq(enterprises.id, id), scopeCondition(scope, 'enterprises')))
  if (!enterprise) throw notFound(`No enterprise ${id}`)
  const [spaces, hazardRows, inspectionRows, hazardRules] = await Promise.all([
    orm
      .select(spaceColumns)
      .from(confinedSpaces)
      .where(and(eq(confinedSpaces.enterpriseId, id), scopeCondition(scope, 'confined_spaces')))
      .orderBy(confinedSpaces.id),
    orm
      .select({
        ...hazardColumns,
        photos: sql<PhotoMeta[]>`${photosJson('hazards')}`,
      })
      .from(hazards)
      .where(and(eq(hazards.enterpriseId, id), scopeCondition(scope, 'hazards')))
      .orderBy(desc(hazards.foundOn), desc(hazards.id)),
    orm
      .select(getTableColumns(inspections))
      .from(inspections)
      .where(and(eq(inspections.enterpriseId, id), scopeCondition(scope, 'inspections')))
      .orderBy(desc(inspections.inspectedOn), desc(inspections.id)),
    readHazardRules(c.get('db')),
  ])
  const principal = principalOf(c)
  return c.json({
    enterprise: snake(enterprise),
    confined_spaces: spaces.map(snake),
    hazards: hazardRows.map(({ photos, ...row }) =>
      hazardAnswer({ ...hazardFacts(row), photos }, principal, today, hazardRules),
    ),
    inspections: inspectionRows.map(snake),
  })
})

enterpriseRoutes.get('/:id/inspections', async (c) => {
  const raw = c.req.param('id')
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : undefined
  if (id === undefined) throw notFound(`No enterprise ${raw}`)
  const db = c.get('db')
  const [enterprise] = await db.orm
    .select({ id: enterprises.id, riskLevel: enterprises.riskLevel })
    .from(enterprises)
    .where(and(eq(enterprises.id, id), scopeCondition(c.get('scope'), 'enterprises')))
  if (!enterprise) throw notFound(`No enterprise ${raw}`)

  const today = c.get('today')
  const rows = await db.orm
    .select({
      id: inspections.id,
      kind: inspections.kind,
      status: inspections.status,
      inspectedOn: inspections.inspectedOn,
      inspectors: inspections.inspectors,
      findings: inspections.findings,
      campaignId: inspections.campaignId,
      // Spelled out: Drizzle renders a lone column as "id", which the subquery would take as h.id.
      hazardsFound: sql<number>`(SELECT count(*)::int FROM hazards h WHERE h.inspection_id = inspections.id)`,
    })
    .from(inspections)
    .where(eq(inspections.enterpriseId, id))
    .orderBy(desc(inspections.inspectedOn), desc(inspections.id))

  const frequencyDays = (await readStatsRules(db)).visitFrequencyDays[enterprise.riskLevel]
  const lastVisitOn = rows.find((row) => row.status === 'done' && row.inspectedOn <= today)?.inspectedOn ?? null
  const { dueOn, dueInDays, state } = visitStatus(lastVisitOn, frequencyDays, today)
  return c.json({
    enterpriseId: id,
    asOf: today,
    visit: { lastVisitOn, frequencyDays, dueOn, dueInDays, state, overdue: state === 'overdue' },
    inspections: rows,
  })
})
