import { eq, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { ApiError, notFound } from '../api-error.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import { audit, txRows, type Tx, type Writer } from '../writes/tx.ts'
import { staleVersion } from '../writes/versioned.ts'
import { inScope, outsideScope } from './places.ts'

/**
 * The one write path of the editable registers (issue 12): create, change and delete a row,
 * versioned (409 `stale_version` with the row as it is now), scoped (404 outside the caller's area;
 * 403 `outside_scope` when the spatial-join trigger places the written row outside it, which rolls
 * the write back) and audited with the row before and after — each in its own transaction.
 *
 * Rows travel as the table stores them: `to_jsonb(row)` (snake_case column names, dates as
 * YYYY-MM-DD) without `geom`, plus `lon`/`lat` for a point or `geometry` (GeoJSON) for a boundary.
 */
export type RegisterTable = {
  table: PgTable
  /** The SQL name of the table, as audit_log.entity names it. */
  name: string
  /** What a message calls one row ("sensitive site"). */
  noun: string
  shape: 'point' | 'polygon' | 'none'
  /** The primary key: a serial id, or a grid's code. */
  key: { column: PgColumn; name: 'id' | 'code' }
  /** Whether the table has updated_at. */
  stamped: boolean
  /** The scope condition on alias `t` (default: server/scope.ts on town_code/grid_code). */
  scoped?: (scope: Scope) => SQL
}

export type Row = Record<string, unknown> & { version: number; town_code: string | null; grid_code?: string | null }
type Key = number | string

const shapeColumns = (shape: RegisterTable['shape'], geometry: boolean): SQL => {
  if (shape === 'point') return sql`jsonb_build_object('lon', ST_X(t.geom), 'lat', ST_Y(t.geom))`
  if (shape === 'polygon' && geometry) return sql`jsonb_build_object('geometry', ST_AsGeoJSON(t.geom, 7)::jsonb)`
  return sql`'{}'::jsonb`
}

const scopeOf = (spec: RegisterTable, scope: Scope) => spec.scoped?.(scope) ?? scopeCondition(scope, 't')

/** The row as it travels: stored columns but geom, and its position or boundary. */
export function rowSql(spec: RegisterTable, where: SQL, { geometry = true, lock = false } = {}): SQL {
  // A region's `seat` (its seat of government, a point) is not edited here and not sent.
  return sql`SELECT (to_jsonb(t) - 'geom' - 'seat') || ${shapeColumns(spec.shape, geometry)} AS row
    FROM ${sql.identifier(spec.name)} t WHERE ${where}${lock ? sql` FOR UPDATE` : sql``}`
}

const byKey = (spec: RegisterTable, key: Key) => sql`t.${sql.identifier(spec.key.name)} = ${key}`

async function rowIn(tx: Tx, spec: RegisterTable, where: SQL, lock = false): Promise<Row | undefined> {
  const [found] = await txRows<{ row: Row }>(tx, rowSql(spec, where, { lock }))
  return found?.row
}

/** Tables whose town and grid the spatial-join trigger sets from the row's own geometry (migration 0001). */
const placedByTrigger = new Set(['enterprises', 'confined_spaces', 'sensitive_sites', 'zones', 'accidents'])
const where = (row: Row) => JSON.stringify([row.lon, row.lat, row.geometry])

/**
 * Refuses (rolling back) a row the trigger placed outside the writer's scope, and a position that
 * a write put in none of the county's towns (a point typed in the wrong system, a click in the sea):
 * 422 `invalid_location`, as the import refuses it (outside_county). A row already outside keeps
 * its other edits.
 */
function checkPlaced(writer: Writer, spec: RegisterTable, row: Row, before?: Row) {
  const moved = !before || where(before) !== where(row)
  if (placedByTrigger.has(spec.name) && spec.shape !== 'none' && row.town_code === null && moved)
    throw new ApiError(
      422,
      `The ${spec.noun}'s position lies in none of the county's towns; check the coordinate system and that longitude and latitude are not swapped`,
      { lon: row.lon ?? null, lat: row.lat ?? null },
      'invalid_location',
    )
  if (!inScope(writer.scope, { townCode: row.town_code, gridCode: row.grid_code ?? null }))
    throw outsideScope(`The ${spec.noun}`, { town_code: row.town_code, grid_code: row.grid_code ?? null })
}

/** A write's columns (camelCase), or a function that makes them inside the transaction (e.g. a checked boundary). */
export type Values = Record<string, unknown> | ((tx: Tx, before: Row | undefined) => Promise<Record<string, unknown>>)
const valuesIn = (values: Values, tx: Tx, before: Row | undefined) =>
  typeof values === 'function' ? values(tx, before) : Promise.resolve(values)

export type Hooks = {
  /** Checks before the write, with the row as it was (undefined on create). */
  check?: (tx: Tx, before: Row | undefined) => Promise<void>
  /** Work after the write, in its transaction (e.g. re-placing rows under a changed boundary). */
  after?: (tx: Tx, before: Row | undefined, after: Row) => Promise<void>
}

/** A new row; `values` are the table's columns (camelCase). Returns its key and the row. */
export function createRow(writer: Writer, spec: RegisterTable, values: Values, hooks: Hooks = {}) {
  return writer.db.orm.transaction(async (tx) => {
    await hooks.check?.(tx, undefined)
    const columns = await valuesIn(values, tx, undefined)
    // One statement for every register: the values were checked by the route's schema.
    const [created] = (await tx
      .insert(spec.table)
      .values(columns as never)
      .returning({ key: spec.key.column })) as { key: Key }[]
    const after = (await rowIn(tx, spec, byKey(spec, created!.key)))!
    checkPlaced(writer, spec, after)
    await hooks.after?.(tx, undefined, after)
    await audit(tx, writer.principal, { action: 'create', entity: spec.name, entityId: created!.key, after })
    return { key: created!.key, row: after }
  })
}

/** Locks the row in the caller's scope (404 outside it) and checks the version sent. */
async function lockedRow(tx: Tx, writer: Writer, spec: RegisterTable, key: Key, version: number) {
  const before = await rowIn(tx, spec, sql`${byKey(spec, key)} AND ${scopeOf(spec, writer.scope)}`, true)
  if (!before) throw notFound(`No ${spec.noun} ${key}`)
  if (before.version !== version) throw staleVersion(spec.noun, before, version)
  return before
}

/** A versioned change of some columns; the version goes up by one. */
export function changeRow(
  writer: Writer,
  spec: RegisterTable,
  key: Key,
  version: number,
  values: Values,
  hooks: Hooks = {},
) {
  return writer.db.orm.transaction(async (tx) => {
    const before = await lockedRow(tx, writer, spec, key, version)
    await hooks.check?.(tx, before)
    const columns = await valuesIn(values, tx, before)
    await tx
      .update(spec.table)
      .set({ ...columns, version: before.version + 1, ...(spec.stamped ? { updatedAt: new Date() } : {}) } as never)
      .where(eq(spec.key.column, key))
    const after = (await rowIn(tx, spec, byKey(spec, key)))!
    checkPlaced(writer, spec, after, before)
    await hooks.after?.(tx, before, after)
    await audit(tx, writer.principal, { action: 'update', entity: spec.name, entityId: key, before, after })
    return after
  })
}

/** A versioned delete, audited with the row as it was. */
export function deleteRow(writer: Writer, spec: RegisterTable, key: Key, version: number) {
  return writer.db.orm.transaction(async (tx) => {
    const before = await lockedRow(tx, writer, spec, key, version)
    await tx.delete(spec.table).where(eq(spec.key.column, key))
    await audit(tx, writer.principal, { action: 'delete', entity: spec.name, entityId: key, before })
  })
}

/** A body's snake_case fields as the table's camelCase columns; absent fields stay absent. */
export function columnsOf(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()), value]),
  )
}
