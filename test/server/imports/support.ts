import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { usccCheckChar } from '../../../db/uscc.ts'
import type { App } from '../../../server/app.ts'
import type { ImportJob } from '../../../server/imports/queries.ts'
import { json, testApp, type As, type Request } from '../../support/test-app.ts'

export type Row = {
  row_no: number
  source: Record<string, unknown>
  record: Record<string, unknown> | null
  problems: { field: string | null; column: string | null; severity: string; code: string; message: string }[]
  action: string
  matched_key: string | null
}

/** A valid USCC made from a test-only prefix and a number (check character computed). */
export function testUscc(n: number, prefix = '91320924XTY'): string {
  const body = `${prefix}${String(n).padStart(17 - prefix.length, '0')}`
  return body + usccCheckChar(body)
}

/**
 * A suite that imports through the API on the shared demo database and removes afterwards what it
 * made: its jobs (and their rows), the records whose USCC/licence/name starts with the test
 * prefixes, and their audit rows.
 */
export function importSuite() {
  const suite = {} as { app: App; db: Database; request: Request }
  const jobs: number[] = []
  beforeAll(async () => {
    Object.assign(suite, await testApp())
  })
  afterAll(async () => {
    const { db } = suite
    if (!db) return
    await cleanUp(db, jobs)
  })

  /** POSTs a file; returns the 202 job. */
  async function upload(
    fileName: string,
    content: string | Uint8Array,
    layer: string,
    extra: Record<string, string> = {},
    as: As = 'county',
  ): Promise<{ status: number; body: ImportJob & { code?: string } }> {
    const form = new FormData()
    form.set('layer', layer)
    for (const [k, v] of Object.entries(extra)) form.set(k, v)
    form.set('file', new Blob([content as BlobPart]), fileName)
    const response = await suite.request('/api/imports', { method: 'POST', body: form }, as)
    const body = (await response.json()) as ImportJob & { code?: string }
    if (response.status === 202) jobs.push(body.id)
    return { status: response.status, body }
  }

  /** The job once it has reached one of `statuses` (polled). */
  async function settled(id: number, statuses = ['ready', 'failed', 'committed']): Promise<ImportJob> {
    for (let i = 0; i < 600; i++) {
      const response = await suite.request(`/api/imports/${id}`)
      const job = (await response.json()) as ImportJob
      if (statuses.includes(job.status)) return job
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`import ${id} did not settle`)
  }

  async function importFile(fileName: string, content: string | Uint8Array, layer: string, extra = {}) {
    const { status, body } = await upload(fileName, content, layer, extra)
    expect(status, JSON.stringify(body)).toBe(202)
    return settled(body.id)
  }

  async function rows(id: number, filter = 'all'): Promise<Row[]> {
    const response = await suite.request(`/api/imports/${id}/rows?filter=${filter}&limit=1000`)
    expect(response.status).toBe(200)
    return ((await response.json()) as { items: Row[] }).items
  }

  async function commit(job: ImportJob) {
    const response = await suite.request(`/api/imports/${job.id}/commit`, json('POST', { version: job.version }))
    return { status: response.status, body: (await response.json()) as ImportJob & { code?: string } }
  }

  return { suite, jobs, upload, settled, importFile, rows, commit }
}

/** Deletes what the import tests made (records with test prefixes, their audit rows, the jobs). */
export async function cleanUp(db: Database, jobs: number[]) {
  const enterprises = sql`SELECT id FROM enterprises WHERE uscc LIKE '91320924XTY%' OR name LIKE '导入测试%'`
  await db.rows(sql`DELETE FROM confined_spaces WHERE name LIKE '导入测试%' OR enterprise_id IN (${enterprises})`)
  await db.rows(sql`DELETE FROM accidents WHERE description LIKE '导入测试%'`)
  await db.rows(sql`DELETE FROM drills WHERE name LIKE '导入测试%'`)
  await db.rows(sql`DELETE FROM fireworks_outlets WHERE licence_no LIKE 'TST%'`)
  await db.rows(sql`DELETE FROM sensitive_sites WHERE name LIKE '导入测试%'`)
  await db.rows(sql`DELETE FROM zones WHERE name LIKE '导入测试%'`)
  // A test grid taken away places what it held again (reassign_places), as before the test.
  const area = await db.rows<{ area: string | null }>(
    sql`SELECT ST_AsEWKT(ST_Collect(geom)) AS area FROM grids WHERE code LIKE '3209240000%'`,
  )
  await db.rows(sql`DELETE FROM grids WHERE code LIKE '3209240000%'`)
  if (area[0]?.area) await db.rows(sql`SELECT reassign_places(ST_GeomFromEWKT(${area[0].area}))`)
  await db.rows(sql`DELETE FROM enterprise_facts WHERE enterprise_id IN (${enterprises})`).catch(() => {})
  await db.rows(sql`DELETE FROM enterprises WHERE id IN (${enterprises})`)
  if (jobs.length > 0) {
    const ids = sql.join(
      jobs.map((id) => sql`${id}::int`),
      sql`, `,
    )
    await db.rows(sql`DELETE FROM audit_log WHERE (action = 'import' AND (after->>'import_id')::int IN (${ids}))
      OR (entity = 'import' AND entity_id::int IN (${ids}))`)
    await db.rows(sql`DELETE FROM import_jobs WHERE id IN (${ids})`)
  }
}
