/**
 * Recording an inspection on site (DOMAIN §3, §5), mounted at /api/inspections.
 *
 * | method | path              | body | returns |
 * |--------|-------------------|------|---------|
 * | POST   | /api/inspections  | `{ enterprise_id, kind, inspected_on, inspectors[], findings?, hazards?: [{ level, description, deadline?, category? }] }` | 201 `{ inspection, hazards }` |
 * | POST   | /api/inspections  | the same with `planned_inspection_id` and `version` (or If-Match): completes that planned inspection (e.g. a 双随机 pick) | 200 `{ inspection, hazards }`; 409 stale; 422 already done |
 *
 * kind ∈ routine, monthly, holiday, special, unannounced, double_random; inspected_on ≤ today.
 * Each hazard starts `reported`, or `assigned` when it has a deadline (≥ inspected_on); it takes
 * the enterprise's location, and the caller as its reporter (who may then not close it). The
 * enterprise must be in the caller's scope (404 otherwise). One transaction, audited per row.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { enterprises, hazardLevels, hazards as hazardsTable, inspectionKinds, inspections } from '../../db/schema.ts'
import { ApiError, notFound } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { requireRole, writerRoles } from '../auth/principal.ts'
import { scopeCondition } from '../scope.ts'
import { parseBody } from '../writes/body.ts'
import { hazardColumns } from '../writes/hazard-write.ts'
import { audit, snake, txRows } from '../writes/tx.ts'
import { sentVersion, staleVersion } from '../writes/versioned.ts'

const day = z.iso.date()
const hazardBody = z.strictObject({
  level: z.enum(hazardLevels),
  description: z.string().trim().min(1).max(2000),
  deadline: day.optional(),
  category: z.string().trim().min(1).max(100).optional(),
})
const inspectionBody = z.strictObject({
  enterprise_id: z.number().int().positive(),
  kind: z.enum(inspectionKinds),
  inspected_on: day,
  inspectors: z.array(z.string().trim().min(1).max(50)).min(1).max(20),
  findings: z.string().trim().max(5000).optional(),
  hazards: z.array(hazardBody).max(50).default([]),
  /** Completes this planned inspection (e.g. of a 双随机 draw) instead of adding a new one. */
  planned_inspection_id: z.number().int().positive().optional(),
  version: z.number().int().positive().optional(),
})

const inspectionColumns = getTableColumns(inspections)

export const inspectionsRoute = new Hono<AppEnv>().post('/', async (c) => {
  const principal = requireRole(c, writerRoles, 'Recording an inspection')
  const body = await parseBody(c, inspectionBody)
  const today = c.get('today')
  if (body.inspected_on > today) {
    throw new ApiError(422, `inspected_on ${body.inspected_on} is in the future (today is ${today})`)
  }
  body.hazards.forEach((h, i) => {
    if (h.deadline && h.deadline < body.inspected_on) {
      throw new ApiError(422, `hazards.${i}.deadline ${h.deadline} is before the inspection (${body.inspected_on})`)
    }
  })
  const result = await c.get('db').orm.transaction(async (tx) => {
    const [enterprise] = await tx
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(and(eq(enterprises.id, body.enterprise_id), scopeCondition(c.get('scope'), 'enterprises')))
    if (!enterprise) throw notFound(`No enterprise ${body.enterprise_id}`)
    const visit = {
      kind: body.kind,
      status: 'done' as const,
      inspectedOn: body.inspected_on,
      inspectors: body.inspectors,
      findings: body.findings ?? null,
    }
    let inspection: typeof inspections.$inferSelect | undefined
    if (body.planned_inspection_id === undefined) {
      ;[inspection] = await tx
        .insert(inspections)
        .values({ enterpriseId: enterprise.id, ...visit })
        .returning(inspectionColumns)
      await audit(tx, principal, {
        action: 'create',
        entity: 'inspections',
        entityId: inspection!.id,
        after: snake(inspection!),
      })
    } else {
      const planned = body.planned_inspection_id
      const [before] = await tx
        .select(inspectionColumns)
        .from(inspections)
        .where(and(eq(inspections.id, planned), scopeCondition(c.get('scope'), 'inspections')))
        .for('update')
      if (!before || before.enterpriseId !== enterprise.id) {
        throw notFound(`No planned inspection ${planned} of enterprise ${enterprise.id}`)
      }
      const version = sentVersion(c, body.version)
      if (before.version !== version) throw staleVersion('inspection', snake(before) as typeof before, version)
      if (before.status !== 'planned') throw new ApiError(422, `Inspection ${planned} is already done`)
      ;[inspection] = await tx
        .update(inspections)
        .set({ ...visit, version: before.version + 1, updatedAt: new Date() })
        .where(eq(inspections.id, planned))
        .returning(inspectionColumns)
      await audit(tx, principal, {
        action: 'complete',
        entity: 'inspections',
        entityId: planned,
        before: snake(before),
        after: snake(inspection!),
      })
    }
    const created = []
    for (const h of body.hazards) {
      // The geometry is copied inside PostgreSQL, exactly; the trigger assigns town and grid.
      const [{ id }] = (await txRows<{ id: number }>(
        tx,
        sql`INSERT INTO hazards (enterprise_id, inspection_id, level, status, category, description, found_on, found_by,
            reported_by_user_id, deadline, geom)
          SELECT e.id, ${inspection!.id}::int, ${h.level}, ${h.deadline ? 'assigned' : 'reported'}, ${h.category ?? null},
            ${h.description}, ${body.inspected_on}::date, ${principal.displayName}, ${principal.userId}::int,
            ${h.deadline ?? null}::date, e.geom
          FROM enterprises e WHERE e.id = ${enterprise.id}::int
          RETURNING id`,
      )) as [{ id: number }]
      const [row] = await tx.select(hazardColumns).from(hazardsTable).where(eq(hazardsTable.id, id))
      await audit(tx, principal, { action: 'create', entity: 'hazards', entityId: id, after: snake(row!) })
      created.push(row!)
    }
    return { inspection: inspection!, hazards: created }
  })
  return c.json(
    { inspection: snake(result.inspection), hazards: result.hazards.map(snake) },
    body.planned_inspection_id === undefined ? 201 : 200,
  )
})

export { inspectionsRoute as inspections }
