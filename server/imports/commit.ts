import { eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { importJobs } from '../../db/schema.ts'
import type { Principal } from '../auth/principal.ts'
import { audit, txRows, type Tx } from '../writes/tx.ts'
import { emit, forgetUpload, setJob } from './jobs.ts'
import { layerColumns, layers, type LayerDef, type LayerName } from './layers.ts'
import { jobAnswer, type Failure, type Summary } from './queries.ts'

/**
 * Writes a checked import in one transaction (issue 12): rows to add are inserted, rows matching a
 * record update it (its id kept, its version bumped; only the columns the file filled change),
 * unchanged rows are left alone. Each record written gets one audit_log row (action `import`,
 * entity = its table, `after` with the import's id and file name), and the import one summary row
 * (entity `import`). Boundaries imported (towns, grids) re-place everything in the union of the old
 * and new boundaries (reassign_places) in the same transaction. Any failure rolls everything back:
 * the job returns to `ready` with its `failure` set.
 */

const ident = (name: string) => sql.identifier(name)

/** An audited row: the table's columns without the geometry, a point's lon/lat, the import. */
function auditJson(def: LayerDef, alias: string, id: number, fileName: string): SQL {
  const a = sql.raw(alias)
  const point =
    def.geometry === 'point' ? sql`|| jsonb_build_object('lon', ST_X(${a}.geom), 'lat', ST_Y(${a}.geom))` : sql``
  return sql`((to_jsonb(${a}) - 'geom' - 'seat') ${point} || jsonb_build_object('import_id', ${id}::int, 'file_name', ${fileName}::text))`
}

const geometryValue = (def: LayerDef) => (def.geometry === 'polygon' ? sql`ST_Multi(ir.geom)` : sql`ir.geom`)

async function insertNew(tx: Tx, def: LayerDef, id: number, crs: string | null, fileName: string, userId: number) {
  const allowed = new Set(layerColumns(def))
  const keySets = await txRows<{ keys: string[] }>(
    tx,
    sql`SELECT DISTINCT ARRAY(SELECT jsonb_object_keys(record) ORDER BY 1) AS keys
        FROM import_rows WHERE import_id = ${id}::int AND action = 'add'`,
  )
  let added = 0
  for (const { keys } of keySets) {
    const columns = keys.filter((k) => allowed.has(k))
    const names = [...columns, ...(def.geometry !== 'none' ? ['geom'] : []), ...(def.sourceCrs ? ['source_crs'] : [])]
    const values = [
      ...columns.map((c) => sql`r.${ident(c)}`),
      ...(def.geometry !== 'none' ? [geometryValue(def)] : []),
      ...(def.sourceCrs ? [sql`${crs}::text`] : []),
    ]
    const keyArray = keys.length
      ? sql`ARRAY[${sql.join(
          keys.map((k) => sql`${k}::text`),
          sql`, `,
        )}]`
      : sql`ARRAY[]::text[]`
    const [row] = await txRows<{ n: number }>(
      tx,
      sql`WITH ins AS (
          INSERT INTO ${ident(def.table)} (${sql.join(names.map(ident), sql`, `)})
          SELECT ${sql.join(values, sql`, `)}
          FROM import_rows ir CROSS JOIN LATERAL jsonb_populate_record(NULL::${ident(def.table)}, ir.record) r
          WHERE ir.import_id = ${id}::int AND ir.action = 'add'
            AND ARRAY(SELECT jsonb_object_keys(ir.record) ORDER BY 1) = ${keyArray}
          ORDER BY ir.row_no
          RETURNING *),
        logged AS (
          INSERT INTO audit_log (user_id, action, entity, entity_id, after)
          SELECT ${userId}::int, 'import', ${def.table}::text, ins.${ident(def.key)}::text, ${auditJson(def, 'ins', id, fileName)}
          FROM ins RETURNING 1)
        SELECT count(*)::int AS n FROM logged`,
    )
    added += Number(row?.n ?? 0)
  }
  return added
}

async function updateMatched(tx: Tx, def: LayerDef, id: number, crs: string | null, fileName: string, userId: number) {
  const table = ident(def.table)
  const key = ident(def.key)
  const sets = [
    ...layerColumns(def).map(
      (c) => sql`${ident(c)} = CASE WHEN ir.record -> ${c}::text IS NOT NULL THEN r.${ident(c)} ELSE t.${ident(c)} END`,
    ),
    ...(def.geometry !== 'none' ? [sql`geom = ${geometryValue(def)}`] : []),
    ...(def.sourceCrs ? [sql`source_crs = ${crs}::text`] : []),
    sql`version = t.version + 1`,
    ...(def.timestamps ? [sql`updated_at = now()`] : []),
  ]
  const [row] = await txRows<{ n: number }>(
    tx,
    sql`WITH old AS (
        SELECT t.* FROM ${table} t JOIN import_rows ir ON t.${key}::text = ir.matched_key
        WHERE ir.import_id = ${id}::int AND ir.action = 'change' FOR UPDATE OF t),
      upd AS (
        UPDATE ${table} t SET ${sql.join(sets, sql`, `)}
        FROM import_rows ir CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, ir.record) r
        WHERE ir.import_id = ${id}::int AND ir.action = 'change' AND t.${key}::text = ir.matched_key
        RETURNING t.*),
      logged AS (
        INSERT INTO audit_log (user_id, action, entity, entity_id, before, after)
        SELECT ${userId}::int, 'import', ${def.table}::text, upd.${key}::text,
          ${auditJson(def, 'old', id, fileName)}, ${auditJson(def, 'upd', id, fileName)}
        FROM upd JOIN old ON old.${key} = upd.${key} RETURNING 1)
      SELECT count(*)::int AS n FROM logged`,
  )
  return Number(row?.n ?? 0)
}

/** The old and new boundaries of a towns/grids import, as GeoJSON, before anything is written. */
async function boundaryArea(tx: Tx, def: LayerDef, id: number) {
  const [row] = await txRows<{ area: string | null }>(
    tx,
    sql`SELECT ST_AsGeoJSON(ST_CollectionExtract(ST_Collect(g), 3)) AS area FROM (
        SELECT t.geom AS g FROM ${ident(def.table)} t JOIN import_rows ir ON t.${ident(def.key)}::text = ir.matched_key
        WHERE ir.import_id = ${id}::int AND ir.action = 'change'
        UNION ALL
        SELECT geom FROM import_rows WHERE import_id = ${id}::int AND action IN ('add', 'change')) x`,
  )
  return row?.area ?? null
}

/** Writes the job (status `committing`) in one transaction; on failure the job is `ready` again with `failure`. */
export function startCommit(
  run: { db: Database; logError: (error: unknown) => void },
  id: number,
  principal: Principal,
) {
  void commitJob(run.db, id, principal).catch(async (error: unknown) => {
    const failure = await failureOf(run.db, id, error).catch(() => undefined)
    // A value another write took meanwhile is the file's problem, told to the user; anything else is logged.
    if (failure?.row === undefined) run.logError(error)
    await setJob(run.db, id, {
      status: 'ready',
      failure: failure ?? { code: 'commit_failed', message: '写入失败，没有写入任何数据' },
    }).catch(run.logError)
  })
}

/** The database's reason, in Chinese, naming the row when it is a value taken meanwhile (a unique key). */
async function failureOf(db: Database, id: number, error: unknown): Promise<Failure> {
  const cause = (error as { cause?: unknown }).cause ?? error
  const detail = String((cause as { detail?: string }).detail ?? (cause as Error).message ?? '')
  const taken = /Key \((\w+)\)=\((.*)\) already exists/.exec(detail)
  const [job] = await db.rows<{ layer: string }>(sql`SELECT layer FROM import_jobs WHERE id = ${id}::int`)
  const def = job ? layers[job.layer as LayerName] : undefined
  const field = taken && def ? def.fields.find((f) => f.column === taken[1]) : undefined
  if (taken && field) {
    const value = taken[2]!
    const [row] = await db.rows<{ row_no: number }>(sql`
      SELECT row_no FROM import_rows
      WHERE import_id = ${id}::int AND action = 'add' AND record->>${field.column}::text = ${value}
      ORDER BY row_no LIMIT 1`)
    if (row)
      return {
        code: 'commit_failed',
        message: `第 ${row.row_no} 行 ${field.label}：${value} 已存在，写入失败，没有写入任何数据`,
        row: row.row_no,
        field: field.field,
      }
  }
  return { code: 'commit_failed', message: `写入失败，没有写入任何数据（${detail.split('\n')[0]}）` }
}

async function commitJob(db: Database, id: number, principal: Principal) {
  const committed = await db.orm.transaction(async (tx) => {
    const [job] = await tx.select().from(importJobs).where(eq(importJobs.id, id)).for('update')
    if (!job || job.status !== 'committing') return undefined
    const def = layers[job.layer as LayerName]
    const planned = job.summary as Summary | null
    const total = (planned?.added ?? 0) + (planned?.changed ?? 0)
    emit(id, { type: 'progress', progress: { phase: 'writing', done: 0, total } })
    const boundaries = def.layer === 'towns' || def.layer === 'grids'
    const area = boundaries ? await boundaryArea(tx, def, id) : null
    const changed = await updateMatched(tx, def, id, job.crs, job.fileName, principal.userId)
    emit(id, { type: 'progress', progress: { phase: 'writing', done: changed, total } })
    const added = await insertNew(tx, def, id, job.crs, job.fileName, principal.userId)
    emit(id, { type: 'progress', progress: { phase: 'writing', done: changed + added, total } })
    if (boundaries && area)
      await tx.execute(sql`SELECT reassign_places(ST_SetSRID(ST_GeomFromGeoJSON(${area}::text), 4326))`)
    const [counts] = await txRows<{ unchanged: number }>(
      tx,
      sql`SELECT count(*) FILTER (WHERE action = 'unchanged')::int AS unchanged FROM import_rows WHERE import_id = ${id}::int`,
    )
    const unchanged = Number(counts?.unchanged ?? 0)
    await audit(tx, principal, {
      action: 'import',
      entity: 'import',
      entityId: id,
      after: { file_name: job.fileName, layer: job.layer, added, changed, unchanged },
    })
    const summary: Summary = { errors: 0, warnings: planned?.warnings ?? 0, added, changed, unchanged }
    const [row] = await tx
      .update(importJobs)
      .set({ status: 'committed', summary, failure: null, committedAt: new Date(), updatedAt: new Date() })
      .where(eq(importJobs.id, id))
      .returning()
    return row
  })
  if (committed) {
    forgetUpload(id)
    emit(id, { type: 'job', job: jobAnswer(committed) })
  }
}
