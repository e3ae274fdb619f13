import { and, desc, eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { enterprises, inspections } from '../../db/schema.ts'
import { notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { scopeCondition } from '../scope.ts'
import { readStatsRules } from '../stats/rules.ts'

/**
 * | GET /api/enterprises/{id}/inspections | the enterprise's inspections, newest first, and its visit
 *   status: last done visit, required frequency for its risk level (settings), when the next is due |
 * An id that is malformed, unknown or outside the caller's scope is a 404.
 */
export const enterpriseRoutes = new Hono<AppEnv>()

const dayMs = 86_400_000

enterpriseRoutes.get('/:id/inspections', async (c) => {
  const raw = c.req.param('id')
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : undefined
  if (id === undefined) throw notFound(`No enterprise ${raw}`)
  const db = c.get('db')
  const [enterprise] = await db.orm
    .select({ id: enterprises.id, riskLevel: enterprises.riskLevel })
    .from(enterprises)
    .where(and(eq(enterprises.id, id), scopeCondition(c.get('scope'))))
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
  const dueOn = lastVisitOn
    ? new Date(Date.parse(lastVisitOn) + frequencyDays * dayMs).toISOString().slice(0, 10)
    : null
  return c.json({
    enterpriseId: id,
    asOf: today,
    visit: { lastVisitOn, frequencyDays, dueOn, overdue: dueOn === null || dueOn < today },
    inspections: rows,
  })
})
