/**
 * Recording an inspection on site (DOMAIN §3, §5), mounted at /api/inspections.
 *
 * | method | path              | body | returns |
 * |--------|-------------------|------|---------|
 * | POST   | /api/inspections  | `{ enterprise_id, kind, inspected_on, inspectors[], findings?, hazards?: [{ level, description, deadline?, category? }] }` | 201 `{ inspection, hazards }` |
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
    const [inspection] = await tx
      .insert(inspections)
      .values({
        enterpriseId: enterprise.id,
        kind: body.kind,
        status: 'done',
        inspectedOn: body.inspected_on,
        inspectors: body.inspectors,
        findings: body.findings ?? null,
      })
      .returning(inspectionColumns)
    await audit(tx, principal, {
      action: 'create',
      entity: 'inspections',
      entityId: inspection!.id,
      after: snake(inspection!),
    })
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
  return c.json({ inspection: snake(result.inspection), hazards: result.hazards.map(snake) }, 201)
})

export { inspectionsRoute as inspections }
