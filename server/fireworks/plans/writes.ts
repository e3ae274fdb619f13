import { and, eq, ne } from 'drizzle-orm'
import { fireworksPlans } from '../../../db/schema.ts'
import { ApiError, notFound } from '../../api-error.ts'
import { audit, snake, txRows, type Tx, type Writer } from '../../writes/tx.ts'
import { staleVersion } from '../../writes/versioned.ts'
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
