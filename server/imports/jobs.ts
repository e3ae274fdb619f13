import { EventEmitter } from 'node:events'
import { eq, sql, type SQL } from 'drizzle-orm'
import type { Geometry } from 'geojson'
import type { Database } from '../../db/client.ts'
import { importJobs } from '../../db/schema.ts'
import { wgs84 } from '../../lib/crs.ts'
import { checkRow, townKeys, type CheckContext, type CheckedRow, type StagedRow } from './check.ts'
import { guessCrs, type CrsSample } from './crs-guess.ts'
import { layers, type LayerDef, type LayerName } from './layers.ts'
import { columnsByField, guessMapping, type Mapping } from './mapping.ts'
import { jobAnswer, type Failure, type ImportJob, type Summary } from './queries.ts'
import { readFile } from './read/index.ts'
import { ImportReadError, type ImportFormat, type ReadInput, type ReadRow } from './read/types.ts'

/**
 * The background run of an import (issue 12): read the file (server/imports/read) → stage its rows in
 * `import_rows`, 1000 per statement → guess the coordinate system → check every row (check.ts), then
 * what needs the database (duplicates in the file, outside the county, self-intersection, the record
 * each row updates) in set-based SQL → `ready` with a summary. Between batches the event loop is
 * yielded to, so other requests are served meanwhile. Progress goes to this process's listeners
 * (`importEvents`, per job) at once; other processes see the job row's status (routes.ts polls it).
 */

export type Progress = { phase: 'reading' | 'checking' | 'writing'; done: number; total: number | null }
export type ImportEvent = { type: 'progress'; progress: Progress } | { type: 'job'; job: ImportJob }

/** `job:<id>` → ImportEvent. */
export const importEvents = new EventEmitter()
importEvents.setMaxListeners(0)
export const emit = (id: number, event: ImportEvent) => importEvents.emit(`job:${id}`, event)

/**
 * Rows per staging or checking statement, adapted as the job runs so that one statement holds the
 * database for about `statementMs`: PGlite runs each query on the server's own thread, and on
 * PostgreSQL a short statement keeps the pool free, so other requests wait at most that long.
 */
export class BatchSize {
  rows = 250
  constructor(
    readonly statementMs = 20,
    readonly least = 50,
    readonly most = 2000,
  ) {}
  /** After a batch of `rows` whose longest statement took `ms`. */
  took(rows: number, ms: number) {
    const wanted = (rows * this.statementMs) / Math.max(ms, 1)
    this.rows = Math.round(Math.min(this.most, Math.max(this.least, (this.rows + wanted) / 2)))
  }
}

/** Runs `statement`, returning how long it took (ms). */
async function timed(db: Database, statement: SQL) {
  const started = performance.now()
  await db.rows(statement)
  return performance.now() - started
}
/** Positions kept for the coordinate-system guess. */
const samplePositions = 2000

/** The uploaded bytes, kept in this process until the job ends, so a changed encoding can read them again. */
const uploads = new Map<number, ReadInput>()
const keptUploads = 8
export const hasUpload = (id: number) => uploads.has(id)
export const forgetUpload = (id: number) => uploads.delete(id)

/** Lets other requests run (and a discarding DELETE be seen) between two batches. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function setJob(db: Database, id: number, values: Partial<typeof importJobs.$inferInsert>) {
  const [row] = await db.orm
    .update(importJobs)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(importJobs.id, id))
    .returning()
  if (row) emit(id, { type: 'job', job: jobAnswer(row) })
  return row
}

class Discarded extends Error {}

async function stillWanted(db: Database, id: number) {
  const [row] = await db.rows<{ status: string }>(sql`SELECT status FROM import_jobs WHERE id = ${id}::int`)
  if (!row || row.status === 'discarded') throw new Discarded()
}

/** A failure the user can read: a reader's Chinese message, or a general one (the error is logged). */
function failureOf(error: unknown, fileName: string, log: (error: unknown) => void): Failure {
  if (error instanceof ImportReadError) return { code: error.code, message: error.message, ...error.where }
  log(error)
  return { code: 'import_failed', message: `${fileName}：处理文件时出错，请检查文件后重新上传` }
}

const formatOf = (fileName: string): ImportFormat => {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase()
  if (ext === 'zip') return 'shapefile'
  if (ext === 'csv' || ext === 'txt') return 'csv'
  if (ext === 'xlsx') return 'xlsx'
  if (ext === 'kml' || ext === 'kmz') return 'kml'
  return 'geojson'
}

export async function createJob(
  db: Database,
  values: { layer: LayerName; fileName: string; crs: string | null; encoding: string; userId: number },
) {
  const [row] = await db.orm
    .insert(importJobs)
    .values({
      layer: values.layer,
      fileName: values.fileName,
      format: formatOf(values.fileName),
      status: 'reading',
      crs: values.crs,
      encoding: values.encoding,
      createdByUserId: values.userId,
    })
    .returning()
  return row!
}

type Run = { db: Database; logError: (error: unknown) => void }

/** Reads, stages and checks the file in the background; never throws (a failure is the job's `failure`). */
export function startReading(run: Run, id: number, input: ReadInput, keepMapping?: Mapping) {
  uploads.delete(id)
  uploads.set(id, input)
  // The oldest uploads are let go first (a changed encoding then asks for the file again).
  while (uploads.size > keptUploads) uploads.delete(uploads.keys().next().value!)
  void readAndCheck(run, id, input, keepMapping).catch(async (error: unknown) => {
    if (error instanceof Discarded) {
      await run.db.rows(sql`DELETE FROM import_rows WHERE import_id = ${id}::int`).catch(run.logError)
      return
    }
    await setJob(run.db, id, { status: 'failed', failure: failureOf(error, input.fileName, run.logError) }).catch(
      run.logError,
    )
  })
}

async function readAndCheck({ db, logError }: Run, id: number, input: ReadInput, keepMapping?: Mapping) {
  const [job] = await db.orm.select().from(importJobs).where(eq(importJobs.id, id))
  if (!job) return
  const def = layers[job.layer as LayerName]
  const read = await readFile(input)
  const guessed = guessMapping(read.columns, def)
  const mapping = keepMapping && read.columns.every((column) => column in keepMapping) ? keepMapping : guessed
  await setJob(db, id, { format: read.format, encoding: read.encoding, columns: read.columns, mapping })
  const byField = columnsByField(mapping)
  const keyColumn = keyColumnOf(def, byField)
  const sample: CrsSample[] = []
  let batch: ReadRow[] = []
  let done = 0
  const size = new BatchSize(db.kind === 'pglite' ? 8 : 20)
  const flush = async () => {
    if (batch.length === 0) return
    const ms = await timed(
      db,
      sql`
      INSERT INTO import_rows (import_id, row_no, source, source_geometry)
      SELECT ${id}::int, x.row_no, x.source, x.source_geometry
      FROM jsonb_to_recordset(${JSON.stringify(
        batch.map((row) => ({ row_no: row.rowNo, source: row.values, source_geometry: row.geometry })),
      )}::jsonb) AS x(row_no int, source jsonb, source_geometry jsonb)`,
    )
    size.took(batch.length, ms)
    done += batch.length
    batch = []
    emit(id, { type: 'progress', progress: { phase: 'reading', done, total: null } })
    await yieldToLoop()
    await stillWanted(db, id)
  }
  for await (const row of read.rows) {
    // A row of empty cells (a spreadsheet's trailing ",,,," lines) is no record: left out, not an error.
    if (!row.geometry && Object.values(row.values).every((v) => v === null || String(v).trim() === '')) continue
    if (sample.length < samplePositions) {
      const xy = positionOf(row, byField)
      if (xy) sample.push({ key: keyOf(row.values, keyColumn), xy })
    }
    batch.push(row)
    if (batch.length >= size.rows) await flush()
  }
  await flush()
  const guess = await guessCrs(db, def, { prj: read.prj, crsName: read.crsName }, sample)
  await setJob(db, id, { rowCount: done, crsGuess: guess, crs: job.crs ?? guess?.crs ?? wgs84 })
  await checkJob({ db, logError }, id)
}

/** The file's column holding the layer's unique key (USCC, licence number), as mapped. */
const keyColumnOf = (def: LayerDef, byField: Map<string, string>) =>
  def.uniqueColumn ? byField.get(def.fields.find((f) => f.column === def.uniqueColumn)!.field) : undefined

/** A row's key value for the CRS guess's comparison with stored records. */
const keyOf = (values: ReadRow['values'], column: string | undefined) =>
  column ? String(values[column] ?? '').trim() || null : null

/** A position of the row as read: the first of its geometry, or its longitude/latitude columns. */
function positionOf(row: ReadRow, byField: Map<string, string>): [number, number] | undefined {
  const first = (c: unknown): unknown => (Array.isArray(c) && Array.isArray(c[0]) ? first(c[0]) : c)
  if (row.geometry && 'coordinates' in row.geometry) {
    const p = first(row.geometry.coordinates) as number[]
    return typeof p[0] === 'number' && typeof p[1] === 'number' ? [p[0], p[1]] : undefined
  }
  const lon = byField.get('lon')
  const lat = byField.get('lat')
  if (!lon || !lat) return undefined
  const x = Number(row.values[lon])
  const y = Number(row.values[lat])
  return row.values[lon] !== null && row.values[lat] !== null && Number.isFinite(x) && Number.isFinite(y)
    ? [x, y]
    : undefined
}

/** What a check needs from the database, loaded once per check. */
async function checkContext(db: Database, def: LayerDef, mapping: Mapping, crs: string): Promise<CheckContext> {
  const needs = new Set(def.fields.filter((f) => Object.values(mapping).includes(f.field)).map((f) => f.kind))
  const [regions, grids, enterprises] = await Promise.all([
    db.rows<{ code: string; name: string; kind: string }>(sql`SELECT code, name, kind FROM regions`),
    needs.has('grid') ? db.rows<{ code: string; name: string }>(sql`SELECT code, name FROM grids`) : [],
    needs.has('enterprise')
      ? db.rows<{ id: number; uscc: string; name: string }>(sql`SELECT id, uscc, name FROM enterprises`)
      : [],
  ])
  const towns = new Map<string, string>()
  for (const r of regions) if (r.kind !== 'county') for (const key of townKeys(r.code, r.name)) towns.set(key, r.code)
  const gridMap = new Map<string, string>()
  for (const g of grids) gridMap.set(g.name, g.code)
  for (const g of grids) gridMap.set(g.code, g.code)
  const enterpriseMap = new Map<string, number>()
  for (const e of enterprises) enterpriseMap.set(e.name, e.id)
  for (const e of enterprises) enterpriseMap.set(e.uscc, e.id)
  const county = regions.find((r) => r.kind === 'county')
  return { def, mapping, crs, towns, grids: gridMap, enterprises: enterpriseMap, countyCode: county?.code ?? '' }
}

/** Checks (again) every staged row with the job's mapping and CRS, then what needs SQL; → ready. */
export async function checkJob({ db, logError }: Run, id: number) {
  try {
    const [job] = await db.orm.select().from(importJobs).where(eq(importJobs.id, id))
    if (!job || job.status === 'discarded') return
    await setJob(db, id, { status: 'checking', summary: null })
    const def = layers[job.layer as LayerName]
    const ctx = await checkContext(db, def, job.mapping as Mapping, job.crs ?? wgs84)
    let last = 0
    let done = 0
    const firstRows = new Map<string, number>()
    const size = new BatchSize(db.kind === 'pglite' ? 8 : 20)
    for (;;) {
      const rows = await db.rows<{
        row_no: number
        source: StagedRow['source']
        source_geometry: Geometry | null
      }>(sql`
        SELECT row_no, source, source_geometry FROM import_rows
        WHERE import_id = ${id}::int AND row_no > ${last}::int ORDER BY row_no LIMIT ${size.rows}::int`)
      if (rows.length === 0) break
      const checked = rows.map((r) =>
        checkRow({ rowNo: r.row_no, source: r.source, sourceGeometry: r.source_geometry }, ctx),
      )
      for (const row of checked) flagDuplicate(row, ctx, firstRows)
      await yieldToLoop()
      let longest = await timed(
        db,
        sql`
        UPDATE import_rows ir SET record = x.record, problems = x.problems, action = NULL, matched_key = NULL,
          geom = CASE WHEN x.geom IS NULL THEN NULL ELSE ST_SetSRID(ST_GeomFromGeoJSON(x.geom::text), 4326) END
        FROM jsonb_to_recordset(${JSON.stringify(
          checked.map((c) => ({ row_no: c.rowNo, record: c.record, problems: c.problems, geom: c.geometry })),
        )}::jsonb) AS x(row_no int, record jsonb, problems jsonb, geom jsonb)
        WHERE ir.import_id = ${id}::int AND ir.row_no = x.row_no`,
      )
      for (const step of databaseChecks(id, def, rows[0]!.row_no, rows[rows.length - 1]!.row_no)) {
        await yieldToLoop()
        longest = Math.max(longest, await timed(db, step))
      }
      size.took(rows.length, longest)
      last = rows[rows.length - 1]!.row_no
      done += rows.length
      emit(id, { type: 'progress', progress: { phase: 'checking', done, total: job.rowCount } })
      await yieldToLoop()
      await stillWanted(db, id)
    }
    await setJob(db, id, { status: 'ready', summary: await summaryOf(db, id), failure: null })
  } catch (error) {
    if (error instanceof Discarded) return
    const [job] = await db.rows<{ file_name: string }>(sql`SELECT file_name FROM import_jobs WHERE id = ${id}::int`)
    await setJob(db, id, { status: 'failed', failure: failureOf(error, job?.file_name ?? '', logError) }).catch(
      logError,
    )
  }
}

/** A USCC, licence number or code already in an earlier row: an error on this row, naming the first. */
function flagDuplicate(row: CheckedRow, { def, mapping }: CheckContext, firstRows: Map<string, number>) {
  if (!def.uniqueColumn) return
  const value = row.record[def.uniqueColumn]
  if (typeof value !== 'string') return
  const first = firstRows.get(value)
  if (first === undefined) {
    firstRows.set(value, row.rowNo)
    return
  }
  const field = def.fields.find((f) => f.column === def.uniqueColumn)!
  const column = columnsByField(mapping).get(field.field) ?? null
  row.problems.push({
    field: field.field,
    column,
    severity: 'error',
    code: 'duplicate_in_file',
    message: `第 ${row.rowNo} 行 ${field.label}：${value} 与第 ${first} 行重复`,
  })
}

/**
 * The coordinate system guessed again for a table (CSV, XLSX) whose longitude, latitude or key
 * columns the user mapped by hand: the first guess could only read the columns it had recognised
 * (e.g. "X坐标"/"Y坐标" in Gauss-Krüger metres). From the staged rows' values, as the first guess.
 */
export async function guessAgain(db: Database, job: { id: number; layer: string }, mapping: Mapping) {
  const def = layers[job.layer as LayerName]
  const byField = columnsByField(mapping)
  const keyColumn = keyColumnOf(def, byField)
  const staged = await db.rows<{ row_no: number; source: ReadRow['values'] }>(
    sql`SELECT row_no, source FROM import_rows WHERE import_id = ${job.id}::int ORDER BY row_no LIMIT ${samplePositions}`,
  )
  const sample = staged.flatMap((row): CrsSample[] => {
    const xy = positionOf({ rowNo: row.row_no, values: row.source, geometry: null }, byField)
    return xy ? [{ key: keyOf(row.source, keyColumn), xy }] : []
  })
  return guessCrs(db, def, { prj: null }, sample)
}

/** Re-checks in the background (PATCH mapping or crs). */
export function startChecking(run: Run, id: number) {
  void checkJob(run, id)
}

const hasError = sql.raw(`problems @> '[{"severity":"error"}]'`)

/** The town a row's geometry lies in (as the spatial-join trigger will place it). */
const townOfRow = sql`(SELECT r.code FROM regions r WHERE r.kind <> 'county'
  AND ST_Intersects(r.geom, ST_PointOnSurface(ir.geom)) ORDER BY r.code LIMIT 1)`

/** How a row finds the record it updates: a condition on `t` (the table) and `ir` (the row). */
export const matchCondition: Record<LayerName, SQL> = {
  towns: sql`t.code = ir.record->>'code' AND t.kind <> 'county'`,
  grids: sql`t.code = ir.record->>'code'`,
  enterprises: sql`t.uscc = ir.record->>'uscc'`,
  outlets: sql`t.licence_no = ir.record->>'licence_no'`,
  confined_spaces: sql`t.enterprise_id = (ir.record->>'enterprise_id')::int AND t.name = ir.record->>'name'`,
  sensitive_sites: sql`t.name = ir.record->>'name' AND t.town_code IS NOT DISTINCT FROM ${townOfRow}`,
  zones: sql`t.name = ir.record->>'name' AND t.town_code IS NOT DISTINCT FROM ${townOfRow}`,
  accidents: sql`t.occurred_on = (ir.record->>'occurred_on')::date AND CASE
    WHEN ir.record->'enterprise_id' IS NOT NULL THEN t.enterprise_id = (ir.record->>'enterprise_id')::int
    ELSE t.description = ir.record->>'description' END`,
  drills: sql`t.held_on = (ir.record->>'held_on')::date AND t.name = ir.record->>'name'`,
}

/** The checks that need the database, in order; each one statement over the job's rows. */
function databaseChecks(id: number, def: LayerDef, from: number, to: number): SQL[] {
  const steps: SQL[] = []
  const table = sql.identifier(def.table)
  const key = sql.identifier(def.key)
  const rows = sql`ir.import_id = ${id}::int AND ir.row_no BETWEEN ${from}::int AND ${to}::int`
  if (def.geometry === 'polygon')
    steps.push(sql`
      UPDATE import_rows ir SET problems = ir.problems || jsonb_build_array(jsonb_build_object(
        'field', NULL, 'column', NULL, 'severity', 'error', 'code', 'invalid_polygon',
        'message', format('第 %s 行 几何：多边形无效（%s）', ir.row_no, ST_IsValidReason(ir.geom))))
      WHERE ${rows} AND ir.geom IS NOT NULL AND NOT ST_IsValid(ir.geom)`)
  if (def.geometry !== 'none') {
    // ~2 km of tolerance around the county's boundary (0.02° ≈ 1.9 km east-west, 2.2 km north-south here).
    const outside =
      def.geometry === 'point'
        ? sql`NOT ST_Intersects(c.geom, ir.geom) AND NOT ST_DWithin(c.geom, ir.geom, 0.02)`
        : sql`ST_IsValid(ir.geom) AND NOT ST_CoveredBy(ir.geom, ST_Buffer(c.geom, 0.02))`
    const field = def.geometry === 'point' ? 'lon' : null
    steps.push(sql`
      UPDATE import_rows ir SET problems = ir.problems || jsonb_build_array(jsonb_build_object(
        'field', ${field}::text, 'column', NULL, 'severity', 'error', 'code', 'outside_county',
        'message', format('第 %s 行 %s：位置在%s以外（距县界约 %s 公里），请检查坐标系与经纬度是否写反',
          ir.row_no, ${field ? '经度/纬度' : '几何'}::text, c.name,
          round((ST_Distance(c.geom::geography, ir.geom::geography) / 1000)::numeric, 1))))
      FROM (SELECT name, geom FROM regions WHERE kind = 'county' LIMIT 1) c
      WHERE ${rows} AND ir.geom IS NOT NULL AND ${outside}`)
  }
  steps.push(sql`
    UPDATE import_rows ir SET matched_key = (SELECT t.${key}::text FROM ${table} t WHERE ${matchCondition[def.layer]}
      ORDER BY t.${key} LIMIT 1)
    WHERE ${rows} AND ir.record IS NOT NULL AND NOT ir.${hasError}`)
  steps.push(sql`
    UPDATE import_rows ir SET action = CASE WHEN ir.${hasError} THEN 'error'
      WHEN ir.matched_key IS NULL THEN 'add' ELSE 'change' END
    WHERE ${rows}`)
  const sameGeometry =
    def.geometry === 'none' ? sql`true` : sql`ST_Equals(ST_SnapToGrid(t.geom, 1e-7), ST_SnapToGrid(ir.geom, 1e-7))`
  steps.push(sql`
    WITH same AS (
      SELECT ir.row_no FROM import_rows ir
      JOIN ${table} t ON t.${key}::text = ir.matched_key
      CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, ir.record) r
      WHERE ${rows} AND ir.action = 'change'
        AND NOT EXISTS (SELECT 1 FROM jsonb_object_keys(ir.record) k
          WHERE to_jsonb(t)->k IS DISTINCT FROM to_jsonb(r)->k)
        AND ${sameGeometry})
    UPDATE import_rows SET action = 'unchanged'
    WHERE import_id = ${id}::int AND row_no IN (SELECT row_no FROM same)`)
  return steps
}

export async function summaryOf(db: Database, id: number): Promise<Summary> {
  const [row] = await db.rows<Record<keyof Summary, number>>(sql`
    SELECT count(*) FILTER (WHERE action = 'add')::int AS added,
      count(*) FILTER (WHERE action = 'change')::int AS changed,
      count(*) FILTER (WHERE action = 'unchanged')::int AS unchanged,
      count(*) FILTER (WHERE action = 'error')::int AS errors,
      count(*) FILTER (WHERE problems @> '[{"severity":"warning"}]')::int AS warnings
    FROM import_rows WHERE import_id = ${id}::int`)
  return {
    added: Number(row!.added),
    changed: Number(row!.changed),
    unchanged: Number(row!.unchanged),
    errors: Number(row!.errors),
    warnings: Number(row!.warnings),
  }
}

/** Reads the kept upload again with another encoding (PATCH encoding): the rows are staged anew. */
export async function restartReading(run: Run, id: number, encoding: 'auto' | 'utf-8' | 'gbk', mapping: Mapping) {
  const input = uploads.get(id)!
  await run.db.rows(sql`DELETE FROM import_rows WHERE import_id = ${id}::int`)
  startReading(run, id, { ...input, encoding }, mapping)
}
