import { desc, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { importJobs } from '../../db/schema.ts'
import { notFound } from '../api-error.ts'
import type { CrsGuess } from './crs-guess.ts'
import { layers, isLayer } from './layers.ts'
import type { Mapping } from './mapping.ts'
import type { Problem } from './check.ts'

export type JobStatus = 'reading' | 'checking' | 'ready' | 'failed' | 'committing' | 'committed' | 'discarded'
/** Statuses after which nothing more happens to a job by itself (the progress stream ends). */
export const finalStatuses: readonly string[] = ['ready', 'failed', 'committed', 'discarded']

export type Summary = { added: number; changed: number; unchanged: number; errors: number; warnings: number }
export type Failure = { code: string; message: string; row?: number; field?: string }

type JobRow = typeof importJobs.$inferSelect

/** An import job as the API answers it (ImportJob). */
export function jobAnswer(row: JobRow) {
  return {
    id: row.id,
    layer: row.layer,
    file_name: row.fileName,
    format: row.format,
    status: row.status as JobStatus,
    crs: row.crs,
    crs_guess: (row.crsGuess as CrsGuess | null) ?? null,
    encoding: row.encoding,
    columns: row.columns,
    mapping: row.mapping as Mapping,
    row_count: row.rowCount,
    summary: (row.summary as Summary | null) ?? null,
    failure: (row.failure as Failure | null) ?? null,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    committed_at: row.committedAt?.toISOString() ?? null,
  }
}
export type ImportJob = ReturnType<typeof jobAnswer>

export async function jobRow(db: Database, id: number): Promise<JobRow> {
  const [row] = await db.orm.select().from(importJobs).where(eq(importJobs.id, id))
  if (!row || row.status === 'discarded') throw notFound(`No import ${id}`)
  return row
}

export const findJob = async (db: Database, id: number) => jobAnswer(await jobRow(db, id))

/** The latest 50 imports, discarded ones left out. */
export async function listJobs(db: Database) {
  const rows = await db.orm
    .select()
    .from(importJobs)
    .where(sql`${importJobs.status} <> 'discarded'`)
    .orderBy(desc(importJobs.id))
    .limit(50)
  return rows.map(jobAnswer)
}

export type RowFilter = 'all' | 'problems' | 'errors'

const filterSql = (filter: RowFilter) =>
  filter === 'errors'
    ? sql`AND action = 'error'`
    : filter === 'problems'
      ? sql`AND jsonb_array_length(problems) > 0`
      : sql``

/** A page of the job's rows: values as read, the record to write, problems, action. */
export async function jobRows(db: Database, id: number, filter: RowFilter, offset: number, limit: number) {
  const [items, [count]] = await Promise.all([
    db.rows<{
      row_no: number
      source: Record<string, unknown>
      record: Record<string, unknown> | null
      problems: Problem[]
      action: string | null
      matched_key: string | null
    }>(sql`
      SELECT row_no, source, record, problems, action, matched_key FROM import_rows
      WHERE import_id = ${id}::int ${filterSql(filter)}
      ORDER BY row_no OFFSET ${offset}::int LIMIT ${limit}::int`),
    db.rows<{ total: number }>(sql`
      SELECT count(*)::int AS total FROM import_rows WHERE import_id = ${id}::int ${filterSql(filter)}`),
  ])
  return { items, total: Number(count?.total ?? 0) }
}

/** The first 500 rows with a geometry, in WGS84, for the map. */
export async function jobPreview(db: Database, id: number, layer: string) {
  const labelColumn = isLayer(layer) ? layers[layer].labelColumn : 'name'
  const [row] = await db.rows<{ collection: unknown }>(sql`
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature',
      'geometry', ST_AsGeoJSON(geom, 7)::json,
      'properties', json_build_object(
        'row_no', row_no, 'action', action, 'label', record->>${labelColumn},
        'errors', (SELECT count(*) FROM jsonb_array_elements(problems) p WHERE p->>'severity' = 'error'),
        'warnings', (SELECT count(*) FROM jsonb_array_elements(problems) p WHERE p->>'severity' = 'warning'))
    ) ORDER BY row_no), '[]'::json)) AS collection
    FROM (SELECT * FROM import_rows WHERE import_id = ${id}::int AND geom IS NOT NULL ORDER BY row_no LIMIT 500) r`)
  return row!.collection as {
    type: 'FeatureCollection'
    features: {
      type: 'Feature'
      geometry: unknown
      properties: { row_no: number; action: string | null; label: string | null; errors: number; warnings: number }
    }[]
  }
}
