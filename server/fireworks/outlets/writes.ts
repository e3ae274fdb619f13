import { and, eq, getTableColumns, sql } from 'drizzle-orm'
import { fireworksOutlets } from '../../../db/schema.ts'
import { ApiError, notFound } from '../../api-error.ts'
import { inScope, outsideScope } from '../../registers/places.ts'
import { scopeCondition, type Scope } from '../../scope.ts'
import { audit, snake, txRows, type Tx, type Writer } from '../../writes/tx.ts'
import { staleVersion } from '../../writes/versioned.ts'

/** An outlet's ledger values as the writes take them (camelCase, as the table). */
export type OutletValues = Partial<
  Omit<
    typeof fireworksOutlets.$inferInsert,
    'id' | 'version' | 'geom' | 'townCode' | 'gridCode' | 'createdAt' | 'updatedAt'
  >
> & { lon?: number; lat?: number }

const { geom: _geom, ...plainColumns } = getTableColumns(fireworksOutlets)
/** An outlet row as audited: every column, the point as lon/lat. */
export const auditedOutletColumns = {
  ...plainColumns,
  lon: sql<number>`ST_X(${fireworksOutlets.geom})`.as('lon'),
  lat: sql<number>`ST_Y(${fireworksOutlets.geom})`.as('lat'),
}

export const outletRefused = (
  status: 409 | 422,
  code: 'licence_required' | 'licence_taken' | 'unknown_enterprise',
  message: string,
  details?: unknown,
) => new ApiError(status, message, details, code)

const pointOf = (lon: number, lat: number) => ({ type: 'Point' as const, coordinates: [lon, lat] })

/**
 * An active outlet sells, so it has a licence number (DOMAIN §6); a planned one (0005) has none
 * yet, and a suspended or closed one may be a planned one that never got one.
 */
function checkLicence(status: string, licenceNo: string | null | undefined) {
  if (status === 'active' && !licenceNo) {
    throw outletRefused(422, 'licence_required', 'An active outlet needs a licence number')
  }
}

async function checkSupplier(tx: Tx, id: number | null | undefined) {
  if (id === null || id === undefined) return
  const rows = await txRows(tx, sql`SELECT 1 FROM enterprises WHERE id = ${id}::int`)
  if (rows.length === 0)
    throw outletRefused(422, 'unknown_enterprise', `No enterprise ${id} to supply this outlet`, {
      supplier_enterprise_id: id,
    })
}

/** A licence number is unique (fireworks_outlets_licence_idx): 409 `licence_taken` naming the holder. */
async function checkLicenceFree(tx: Tx, licenceNo: string | null | undefined, except: number | null) {
  if (!licenceNo) return
  const [holder] = await tx
    .select({ id: fireworksOutlets.id, name: fireworksOutlets.name })
    .from(fireworksOutlets)
    .where(eq(fireworksOutlets.licenceNo, licenceNo))
  if (holder && holder.id !== except) {
    throw outletRefused(409, 'licence_taken', `Licence ${licenceNo} belongs to outlet ${holder.id} (${holder.name})`, {
      outlet_id: holder.id,
    })
  }
}

/** A town user's outlet stays in its town (issue 12, /api/outlets): 403 `outside_scope`, rolling the write back. */
function checkPlaced(scope: Scope, after: { townCode: string | null; gridCode: string | null }) {
  if (!inScope(scope, after)) throw outsideScope('The outlet', { town_code: after.townCode, grid_code: after.gridCode })
}

/** A new outlet, placed in its town and grid by the spatial-join trigger, audited. */
export function createOutlet(
  { db, principal, scope }: Writer,
  values: OutletValues & { name: string; kind: 'fixed' | 'temporary'; floorAreaM2: number; lon: number; lat: number },
) {
  return db.orm.transaction(async (tx) => {
    const { lon, lat, ...columns } = values
    const status = columns.status ?? (columns.licenceNo ? 'active' : 'planned')
    checkLicence(status, columns.licenceNo)
    await checkLicenceFree(tx, columns.licenceNo, null)
    await checkSupplier(tx, columns.supplierEnterpriseId)
    const [created] = await tx
      .insert(fireworksOutlets)
      .values({ ...columns, status, geom: pointOf(lon, lat) })
      .returning({ id: fireworksOutlets.id })
    const [after] = await tx
      .select(auditedOutletColumns)
      .from(fireworksOutlets)
      .where(eq(fireworksOutlets.id, created!.id))
    checkPlaced(scope, after!)
    await audit(tx, principal, {
      action: 'create',
      entity: 'fireworks_outlets',
      entityId: created!.id,
      after: snake(after!),
    })
    return created!.id
  })
}

/**
 * One versioned, audited change of an outlet in the caller's scope: 404 outside it, 409
 * `stale_version` with the row as it is now. A move re-assigns town and grid (trigger).
 */
export function changeOutlet({ db, scope, principal }: Writer, id: number, version: number, values: OutletValues) {
  return db.orm.transaction(async (tx) => {
    const [before] = await tx
      .select(auditedOutletColumns)
      .from(fireworksOutlets)
      .where(and(eq(fireworksOutlets.id, id), scopeCondition(scope, 'fireworks_outlets')))
      .for('update')
    if (!before) throw notFound(`No outlet ${id}`)
    if (before.version !== version) throw staleVersion('outlet', snake(before), version)
    const { lon, lat, ...columns } = values
    checkLicence(
      columns.status ?? before.status,
      columns.licenceNo === undefined ? before.licenceNo : columns.licenceNo,
    )
    if (columns.licenceNo !== undefined) await checkLicenceFree(tx, columns.licenceNo, id)
    if (columns.supplierEnterpriseId !== undefined) await checkSupplier(tx, columns.supplierEnterpriseId)
    await tx
      .update(fireworksOutlets)
      .set({
        ...columns,
        ...(lon === undefined || lat === undefined ? {} : { geom: pointOf(lon, lat) }),
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(fireworksOutlets.id, id))
    const [after] = await tx.select(auditedOutletColumns).from(fireworksOutlets).where(eq(fireworksOutlets.id, id))
    checkPlaced(scope, after!)
    await audit(tx, principal, {
      action: 'update',
      entity: 'fireworks_outlets',
      entityId: id,
      before: snake(before),
      after: snake(after!),
    })
  })
}
