/**
 * Importing files into the registers (issue 12), mounted at /api/imports; admin and county only
 * (server/rules/page-access.ts `importRoles`). A job is the county's: any of them sees it.
 *
 * | method | path                          | body / query                                 | returns |
 * |--------|-------------------------------|----------------------------------------------|---------|
 * | GET    | /api/imports/layers           | —                                            | `{ items }`: each layer's fields, geometry, matching |
 * | POST   | /api/imports                  | multipart: `file`, `layer`, `crs?`, `encoding?` | 202 ImportJob (`reading`); 413 over importLimits.maxFileBytes |
 * | GET    | /api/imports                  | —                                            | `{ items }`: the latest 50 jobs |
 * | GET    | /api/imports/{id}             | —                                            | ImportJob |
 * | GET    | /api/imports/{id}/progress    | —                                            | text/event-stream: `progress` and `job` events, ends at a final status |
 * | GET    | /api/imports/{id}/rows        | `filter=all|problems|errors&offset&limit`    | `{ items, total }` |
 * | GET    | /api/imports/{id}/preview     | —                                            | GeoJSON of the first 500 rows with a geometry |
 * | PATCH  | /api/imports/{id}             | `{ version, mapping?, crs?, encoding? }`     | 202 ImportJob (re-checked in the background) |
 * | POST   | /api/imports/{id}/commit      | `{ version }`                                | 202 ImportJob (`committing`); 422 `import_has_errors`; 409 `import_not_ready` |
 * | DELETE | /api/imports/{id}             | —                                            | 204 (discarded, rows deleted) |
 */
import { Hono, type Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import { sql } from 'drizzle-orm'
import { ApiError, badRequest } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { allow, principalOf } from '../auth/principal.ts'
import { humanBytes, multipartLimits } from '../http/body-limits.ts'
import { logErrorSafely } from '../http/error-log.ts'
import { readMultipart } from '../http/multipart.ts'
import { sentVersion } from '../http/sent-version.ts'
import { json, param, query } from '../http/validate.ts'
import { importRoles } from '../rules/page-access.ts'
import { staleVersion } from '../writes/versioned.ts'
import { crsInfo, normaliseCrs } from '../../lib/crs.ts'
import { importLimits } from '../../lib/limits.ts'
import { z } from 'zod'
import { startCommit } from './commit.ts'
import {
  createJob,
  forgetUpload,
  guessAgain,
  hasUpload,
  importEvents,
  restartReading,
  setJob,
  startChecking,
  startReading,
  type ImportEvent,
} from './jobs.ts'
import { isLayer, layerList, layers, type LayerName } from './layers.ts'
import type { Mapping } from './mapping.ts'
import { finalStatuses, findJob, jobAnswer, jobPreview, jobRow, jobRows, listJobs, type ImportJob } from './queries.ts'
import { commitBody, encodings, importPatch, importPath, rowsQuery } from './schemas.ts'

const importers = allow(importRoles, 'Importing files')

/** How often the progress stream reads the job row (progress made by another server process). */
const pollMs = 500

const uploadLimits = {
  ...multipartLimits,
  parts: 10,
  files: 1,
  filesPerName: 1,
  fieldBytes: 1024,
  fileBytes: importLimits.maxFileBytes,
}

const unknownCrs = (crs: string) => new ApiError(422, `Unknown coordinate system ${crs}`, { crs }, 'unknown_crs')

function checkedCrs(input: string | undefined): string | null {
  if (input === undefined || input === '' || input === 'auto') return null
  const code = normaliseCrs(input)
  if (!crsInfo(code)) throw unknownCrs(input)
  return code
}

const notReady = (job: ImportJob, what: string) =>
  new ApiError(409, `This import is ${job.status}; ${what}`, { current: job }, 'import_not_ready')

/** The job at `version`, else 409 stale_version with the job as it is. */
async function jobAt(c: Context<AppEnv>, id: number, bodyVersion: number | undefined) {
  const job = await findJob(c.get('db'), id)
  const sent = sentVersion(c, bodyVersion)
  if (job.version !== sent) throw staleVersion('import', job, sent)
  return job
}

/** Sets values on the job if it is still at `version` in one of `statuses`; the row, or undefined. */
async function claim(
  c: Context<AppEnv>,
  id: number,
  version: number,
  statuses: string[],
  values: Record<string, unknown>,
) {
  const db = c.get('db')
  const [row] = await db.rows<{ id: number }>(sql`
    UPDATE import_jobs SET version = version + 1, updated_at = now() WHERE id = ${id}::int AND version = ${version}::int
      AND status IN (${sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      )}) RETURNING id`)
  if (!row) return undefined
  return setJob(db, id, values)
}

function validMapping(job: ImportJob, mapping: Mapping): Mapping {
  const def = layers[job.layer as LayerName]
  const fields = new Set(def.fields.map((f) => f.field))
  const merged: Mapping = { ...job.mapping }
  for (const [column, field] of Object.entries(mapping)) {
    if (!job.columns.includes(column))
      throw new ApiError(422, `The file has no column ${column}`, { column }, 'invalid_mapping')
    if (field !== null && !fields.has(field))
      throw new ApiError(422, `The layer ${job.layer} has no field ${field}`, { column, field }, 'invalid_mapping')
    merged[column] = field
  }
  const used = Object.values(merged).filter((f): f is string => f !== null)
  const twice = used.find((f, i) => used.indexOf(f) !== i)
  if (twice) throw new ApiError(422, `Two columns are mapped to ${twice}`, { field: twice }, 'invalid_mapping')
  return merged
}

export const imports = new Hono<AppEnv>()
  .get('/layers', importers, query(z.strictObject({})), (c) => c.json({ items: layerList() }))
  .get('/', importers, query(z.strictObject({})), async (c) => c.json({ items: await listJobs(c.get('db')) }))
  .post('/', importers, async (c) => {
    const principal = principalOf(c)
    const body = await readMultipart(c, { limits: uploadLimits }).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'payload_too_large')
        throw new ApiError(
          413,
          `The file is larger than ${humanBytes(importLimits.maxFileBytes)}, the most one import may have`,
          { limit: importLimits.maxFileBytes },
          'payload_too_large',
        )
      throw error
    })
    const file = body.files.get('file')?.[0]
    if (!file) throw new ApiError(400, 'Send the file as the multipart part `file`', undefined, 'no_file')
    const layer = body.fields.get('layer') ?? ''
    if (!isLayer(layer))
      throw badRequest(`layer: one of ${Object.keys(layers).join(', ')}`, { allowed: Object.keys(layers) })
    const encoding = body.fields.get('encoding') || 'auto'
    if (!(encodings as readonly string[]).includes(encoding))
      throw badRequest(`encoding: one of ${encodings.join(', ')}`)
    const crs = checkedCrs(body.fields.get('crs'))
    const db = c.get('db')
    const fileName = file.filename || 'upload'
    const job = await createJob(db, { layer, fileName, crs, encoding, userId: principal.userId })
    startReading({ db, logError: logErrorSafely }, job.id, {
      fileName,
      bytes: file.bytes,
      encoding: encoding as (typeof encodings)[number],
    })
    return c.json(jobAnswer(job), 202)
  })
  .get('/:id', importers, param(importPath), async (c) => c.json(await findJob(c.get('db'), c.req.valid('param').id)))
  .get('/:id/rows', importers, param(importPath), query(rowsQuery), async (c) => {
    const { id } = c.req.valid('param')
    const { filter, offset, limit } = c.req.valid('query')
    await jobRow(c.get('db'), id)
    return c.json(await jobRows(c.get('db'), id, filter, offset, limit))
  })
  .get('/:id/preview', importers, param(importPath), async (c) => {
    const { id } = c.req.valid('param')
    const job = await jobRow(c.get('db'), id)
    return c.json(await jobPreview(c.get('db'), id, job.layer))
  })
  .get('/:id/progress', importers, param(importPath), async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    let job = await findJob(db, id)
    return streamSSE(c, async (stream) => {
      const queue: ImportEvent[] = []
      let wake: (() => void) | undefined
      const listener = (event: ImportEvent) => {
        queue.push(event)
        wake?.()
      }
      importEvents.on(`job:${id}`, listener)
      stream.onAbort(() => wake?.())
      const sendJob = async (next: ImportJob) => {
        job = next
        await stream.writeSSE({ event: 'job', data: JSON.stringify(next) })
      }
      try {
        await sendJob(job)
        while (!stream.aborted && !stream.closed && !finalStatuses.includes(job.status)) {
          const event = queue.shift()
          if (event?.type === 'progress') {
            await stream.writeSSE({ event: 'progress', data: JSON.stringify(event.progress) })
            continue
          }
          if (event?.type === 'job') {
            if (event.job.status !== job.status || event.job.version !== job.version) await sendJob(event.job)
            else job = event.job
            continue
          }
          let timer: NodeJS.Timeout | undefined
          await new Promise<void>((resolve) => {
            wake = resolve
            timer = setTimeout(resolve, pollMs)
          })
          clearTimeout(timer)
          wake = undefined
          if (queue.length > 0) continue
          // Another process may be doing the work: its status changes show in the row.
          const now = await findJob(db, id).catch(() => undefined)
          if (!now) break
          if (now.status !== job.status || now.version !== job.version) await sendJob(now)
        }
      } finally {
        importEvents.off(`job:${id}`, listener)
      }
    })
  })
  .patch('/:id', importers, param(importPath), json(importPatch), async (c) => {
    const { id } = c.req.valid('param')
    const { version, mapping, crs, encoding } = c.req.valid('json')
    const db = c.get('db')
    const run = { db, logError: logErrorSafely }
    const job = await jobAt(c, id, version)
    if (job.status !== 'ready' && job.status !== 'failed') throw notReady(job, 'it can be changed when ready')
    const newMapping = mapping ? validMapping(job, mapping) : job.mapping
    const newCrs = crs === undefined ? job.crs : checkedCrs(crs)
    if (encoding !== undefined && encoding !== job.encoding) {
      if (!hasUpload(id))
        throw new ApiError(409, 'The uploaded file is no longer held; upload it again', undefined, 'import_file_gone')
      const row = await claim(c, id, job.version, ['ready', 'failed'], {
        status: 'reading',
        encoding,
        crs: newCrs,
        mapping: newMapping,
        failure: null,
        summary: null,
        rowCount: 0,
      })
      if (!row) throw staleVersion('import', await findJob(db, id), job.version)
      await restartReading(run, id, encoding, newMapping)
      return c.json(jobAnswer(row), 202)
    }
    if (job.status === 'failed' && job.row_count === 0)
      throw notReady(job, 'the file could not be read; upload it again')
    // A table's columns mapped by hand may be the coordinates the first guess could not read: guess
    // again, and follow the new guess unless the user chose a system (now or before).
    const reguess =
      mapping !== undefined && (job.format === 'csv' || job.format === 'xlsx')
        ? await guessAgain(db, job, newMapping)
        : undefined
    const followGuess = crs === undefined && (job.crs_guess === null || job.crs === job.crs_guess.crs)
    const row = await claim(c, id, job.version, ['ready', 'failed'], {
      status: 'checking',
      mapping: newMapping,
      crs: reguess && followGuess ? reguess.crs : newCrs,
      ...(reguess ? { crsGuess: reguess } : {}),
      failure: null,
    })
    if (!row) throw staleVersion('import', await findJob(db, id), job.version)
    startChecking(run, id)
    return c.json(jobAnswer(row), 202)
  })
  .post('/:id/commit', importers, param(importPath), json(commitBody), async (c) => {
    const { id } = c.req.valid('param')
    const job = await jobAt(c, id, c.req.valid('json').version)
    if (job.status !== 'ready') throw notReady(job, 'only a ready import can be committed')
    if ((job.summary?.errors ?? 0) > 0)
      throw new ApiError(
        422,
        `${job.summary!.errors} rows have errors; correct the file or the mapping first`,
        { errors: job.summary!.errors },
        'import_has_errors',
      )
    const row = await claim(c, id, job.version, ['ready'], { status: 'committing', failure: null })
    if (!row) throw staleVersion('import', await findJob(c.get('db'), id), job.version)
    startCommit({ db: c.get('db'), logError: logErrorSafely }, id, principalOf(c))
    return c.json(jobAnswer(row), 202)
  })
  .delete('/:id', importers, param(importPath), async (c) => {
    const { id } = c.req.valid('param')
    const db = c.get('db')
    const job = await findJob(db, id)
    if (job.status === 'committing') throw notReady(job, 'it is being written')
    await db.orm.transaction(async (tx) => {
      await tx.execute(sql`UPDATE import_jobs SET status = 'discarded', updated_at = now() WHERE id = ${id}::int`)
      await tx.execute(sql`DELETE FROM import_rows WHERE import_id = ${id}::int`)
    })
    forgetUpload(id)
    return c.body(null, 204)
  })
