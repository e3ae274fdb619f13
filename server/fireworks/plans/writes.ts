import { and, eq, ne, sql } from 'drizzle-orm'
import { fireworksOutlets, fireworksPlans } from '../../../db/schema.ts'
import { ApiError, notFound } from '../../api-error.ts'
import { audit, snake, txRows, type Tx, type Writer } from '../../writes/tx.ts'
import { staleVersion } from '../../writes/versioned.ts'
import { inLayout } from '../layout.ts'
import { auditedOutletColumns } from '../outlets/writes.ts'
import { checkReferences, layoutVersions } from './queries.ts'
import type { PlanChange } from './schemas.ts'

export const planNameTaken = (name: string, year: number) =>
  new ApiError(409, `A plan named ${name} exists for ${year}`, { name, year }, 'plan_name_taken')

const planAdopted = (id: number) =>
  new ApiError(409, `Plan ${id} is adopted; it can no longer change`, { id }, 'plan_adopted')

/** The stored row, locked, as audit rows keep it. */
async function lockedPlan(tx: Tx, id: number) {
  const [row] = await tx.select().from(fireworksPlans).where(eq(fireworksPlans.id, id)).for('update')
  if (!row) throw notFound(`No plan ${id}`)
  return row
}

/** A locked plan the caller may still change: the version it read, and a draft. */
export async function draftToChange(tx: Tx, id: number, version: number) {
  const row = await lockedPlan(tx, id)
  if (row.version !== version) throw staleVersion('plan', snake({ ...row, base: undefined }), version)
  if (row.status === 'adopted') throw planAdopted(id)
  return row
}

async function nameFree(tx: Tx, name: string, year: number, except: number) {
  const [other] = await tx
    .select({ id: fireworksPlans.id })
    .from(fireworksPlans)
    .where(and(eq(fireworksPlans.year, year), eq(fireworksPlans.name, name), ne(fireworksPlans.id, except)))
  if (other) throw planNameTaken(name, year)
}

/** A new draft with no changes; its base is today's layout, `{ outlet id: version }`. */
export function createPlan({ db, principal }: Writer, values: { name: string; year: number; note: string | null }) {
  return db.orm.transaction(async (tx) => {
    const [created] = await tx
      .insert(fireworksPlans)
      .values({ ...values, changes: [], base: layoutVersions, createdByUserId: principal.userId })
      .onConflictDoNothing({ target: [fireworksPlans.year, fireworksPlans.name] })
      .returning()
    if (!created) throw planNameTaken(values.name, values.year)
    await audit(tx, principal, {
      action: 'create',
      entity: 'fireworks_plans',
      entityId: created.id,
      after: snake(created),
    })
    return created.id
  })
}

/** Replaces a draft's change list (and its name or note when sent), versioned and audited. */
export function replacePlan(
  { db, principal }: Writer,
  id: number,
  version: number,
  values: { name?: string | undefined; note?: string | null | undefined; changes: PlanChange[] },
) {
  return db.orm.transaction(async (tx) => {
    const before = await draftToChange(tx, id, version)
    if (values.name !== undefined) await nameFree(tx, values.name, before.year, id)
    await checkReferences((query) => txRows(tx, query), values.changes)
    const [after] = await tx
      .update(fireworksPlans)
      .set({
        ...(values.name === undefined ? {} : { name: values.name }),
        ...(values.note === undefined ? {} : { note: values.note }),
        changes: values.changes,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(fireworksPlans.id, id))
      .returning()
    await audit(tx, principal, {
      action: 'update',
      entity: 'fireworks_plans',
      entityId: id,
      before: snake(before),
      after: snake(after!),
    })
  })
}

/** Deletes a draft (never an adopted plan, which is the record of what was applied), audited. */
export function deletePlan({ db, principal }: Writer, id: number, version: number) {
  return db.orm.transaction(async (tx) => {
    const before = await draftToChange(tx, id, version)
    await tx.delete(fireworksPlans).where(eq(fireworksPlans.id, id))
    await audit(tx, principal, { action: 'delete', entity: 'fireworks_plans', entityId: id, before: snake(before) })
  })
}

/**
 * Adopts a draft in one transaction: the layout's outlets are locked and compared with the plan's
 * base — any outlet changed, added to or gone from the layout since the plan was started refuses
 * it (409 `layout_changed`, details.outlet_ids) — then the closes (status closed), moves (the
 * trigger re-assigns town and grid) and adds (status planned, no licence yet) are applied, each
 * outlet audited, and the plan marked adopted, audited. Returns the refs of the added outlets
 * with their new ids.
 */
export function adoptPlan({ db, principal }: Writer, id: number, version: number) {
  return db.orm.transaction(async (tx) => {
    const before = await draftToChange(tx, id, version)
    const base = before.base as Record<string, number>
    const standing = await txRows<{ id: number; version: number }>(
      tx,
      sql`SELECT o.id, o.version FROM fireworks_outlets o WHERE ${inLayout('o')} ORDER BY o.id FOR UPDATE`,
    )
    const now = new Map(standing.map((o) => [o.id, o.version]))
    const changed = new Set<number>()
    for (const [outlet, v] of Object.entries(base)) if (now.get(Number(outlet)) !== v) changed.add(Number(outlet))
    for (const outlet of now.keys()) if (!(String(outlet) in base)) changed.add(outlet)
    if (changed.size > 0) {
      const ids = [...changed].sort((a, b) => a - b)
      throw new ApiError(
        409,
        `The outlets changed since plan ${id} was started (${ids.length}: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ', …' : ''}); nothing was applied`,
        { outlet_ids: ids },
        'layout_changed',
      )
    }
    const changes = before.changes as PlanChange[]
    const added: { ref: string; outlet_id: number }[] = []
    for (const change of changes) {
      if (change.kind === 'add') {
        const [row] = await tx
          .insert(fireworksOutlets)
          .values({
            name: change.name,
            kind: change.outlet_kind,
            status: 'planned',
            licenceNo: null,
            floorAreaM2: change.floor_area_m2,
            dedicatedShop: change.dedicated_shop,
            sharesResidence: change.shares_residence,
            operator: change.operator ?? null,
            address: change.address ?? null,
            supplierEnterpriseId: change.supplier_enterprise_id ?? null,
            geom: { type: 'Point', coordinates: [change.lon, change.lat] },
          })
          .returning({ id: fireworksOutlets.id })
        const [after] = await tx
          .select(auditedOutletColumns)
          .from(fireworksOutlets)
          .where(eq(fireworksOutlets.id, row!.id))
        await audit(tx, principal, {
          action: 'create',
          entity: 'fireworks_outlets',
          entityId: row!.id,
          after: { ...snake(after!), plan_id: id, plan_ref: change.ref },
        })
        added.push({ ref: change.ref, outlet_id: row!.id })
        continue
      }
      const where = eq(fireworksOutlets.id, change.outlet_id)
      const [old] = await tx.select(auditedOutletColumns).from(fireworksOutlets).where(where)
      await tx
        .update(fireworksOutlets)
        .set({
          ...(change.kind === 'close'
            ? { status: 'closed' as const }
            : { geom: { type: 'Point' as const, coordinates: [change.lon, change.lat] } }),
          version: old!.version + 1,
          updatedAt: new Date(),
        })
        .where(where)
      const [after] = await tx.select(auditedOutletColumns).from(fireworksOutlets).where(where)
      await audit(tx, principal, {
        action: change.kind,
        entity: 'fireworks_outlets',
        entityId: change.outlet_id,
        before: snake(old!),
        after: { ...snake(after!), plan_id: id },
      })
    }
    const [adopted] = await tx
      .update(fireworksPlans)
      .set({
        status: 'adopted',
        adoptedAt: new Date(),
        adoptedByUserId: principal.userId,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(fireworksPlans.id, id))
      .returning()
    await audit(tx, principal, {
      action: 'adopt',
      entity: 'fireworks_plans',
      entityId: id,
      before: snake(before),
      after: { ...snake(adopted!), added },
    })
    return added
  })
}
