import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { importSuite, testUscc, type Row } from '../imports/support.ts'
import { download } from './export-client.ts'

/**
 * Export → import reproduces the data (issue 12): a layer exported as a file and uploaded to
 * POST /api/imports is checked as all `unchanged`; after rows are altered in the database the
 * same file changes or adds exactly those. Nothing is committed: each job is discarded, and the
 * altered rows are put back.
 */
const { suite, importFile, rows } = importSuite()

const actions = (list: Row[]) => list.map((row) => row.action)

async function discard(id: number) {
  expect((await suite.request(`/api/imports/${id}`, { method: 'DELETE' })).status).toBe(204)
}

/** A town with a few dozen to a few hundred enterprises: a file of a realistic size that the rows page holds. */
async function someTown(): Promise<{ code: string; n: number }> {
  const [town] = await suite.db.rows<{ code: string; n: number }>(
    sql`SELECT town_code AS code, count(*)::int AS n FROM enterprises WHERE town_code IS NOT NULL
      GROUP BY town_code HAVING count(*) BETWEEN 30 AND 900 ORDER BY count(*) DESC LIMIT 1`,
  )
  return town!
}

describe('export → import', () => {
  // XLSX found that exceljs 4.4's streaming reader cut Chinese characters between inflated pieces
  // (标准化等级 二级 → ���级 on one row of 770); server/imports/read/xlsx.ts decodes them whole.
  for (const format of ['csv', 'xlsx'] as const) {
    it(`enterprises as ${format.toUpperCase()} read back as every row unchanged`, async () => {
      const town = await someTown()
      const { bytes } = await download(
        suite.request,
        `/ogc/collections/enterprises/items?f=${format}&town_code=${town.code}`,
      )
      const job = await importFile(`企业.${format}`, bytes, 'enterprises')
      expect(job.failure).toBeNull()
      expect(job.status).toBe('ready')
      expect(job.row_count).toBe(town.n)
      expect(job.summary).toMatchObject({ added: 0, changed: 0, unchanged: town.n, errors: 0 })
      const list = await rows(job.id)
      expect(new Set(actions(list))).toEqual(new Set(['unchanged']))
      await discard(job.id)
    })
  }

  it('zones as a GBK shapefile read back as every polygon unchanged', async () => {
    const [{ n } = { n: 0 }] = await suite.db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM zones`)
    expect(n).toBeGreaterThan(0)
    const { bytes } = await download(suite.request, '/ogc/collections/zones/items?f=shp')
    const job = await importFile('禁放区.zip', bytes, 'zones')
    expect(job.failure).toBeNull()
    expect(job.summary).toMatchObject({ added: 0, changed: 0, unchanged: n, errors: 0 })
    await discard(job.id)
  })

  it('after rows are altered in the database the same file changes or adds exactly those', async () => {
    const town = await someTown()
    const { bytes } = await download(suite.request, `/ogc/collections/enterprises/items?f=csv&town_code=${town.code}`)
    const zonesFile = (await download(suite.request, '/ogc/collections/zones/items?f=shp')).bytes
    const [changed, renumbered] = await suite.db.rows<{ id: number; uscc: string; employees: number | null }>(
      sql`SELECT id, uscc, employees FROM enterprises WHERE town_code = ${town.code} ORDER BY id LIMIT 2`,
    )
    const [zone] = await suite.db.rows<{ id: number; name: string }>(
      sql`SELECT id, name FROM zones ORDER BY id LIMIT 1`,
    )
    try {
      await suite.db.rows(sql`UPDATE enterprises SET employees = coalesce(employees, 0) + 7 WHERE id = ${changed!.id}`)
      // Another credit code: the file's row no longer finds its record and would add it.
      await suite.db.rows(sql`UPDATE enterprises SET uscc = ${testUscc(990001)} WHERE id = ${renumbered!.id}`)
      await suite.db.rows(sql`UPDATE zones SET name = ${`${zone!.name}（改）`} WHERE id = ${zone!.id}`)

      const job = await importFile('企业.csv', bytes, 'enterprises')
      expect(job.summary).toMatchObject({ added: 1, changed: 1, unchanged: town.n - 2, errors: 0 })
      const list = await rows(job.id)
      const byAction = (action: string) => list.filter((row) => row.action === action)
      expect(byAction('change').map((row) => row.matched_key)).toEqual([String(changed!.id)])
      expect(byAction('change')[0]!.record).toMatchObject({ employees: changed!.employees })
      expect(byAction('add').map((row) => row.record?.uscc)).toEqual([renumbered!.uscc])
      await discard(job.id)

      const zones = await importFile('禁放区.zip', zonesFile, 'zones')
      const zoneRows = await rows(zones.id)
      expect(zoneRows.filter((row) => row.action !== 'unchanged').map((row) => [row.action, row.record?.name])).toEqual(
        [['add', zone!.name]],
      )
      await discard(zones.id)
    } finally {
      await suite.db.rows(sql`UPDATE enterprises SET employees = ${changed!.employees}::int WHERE id = ${changed!.id}`)
      await suite.db.rows(sql`UPDATE enterprises SET uscc = ${renumbered!.uscc} WHERE id = ${renumbered!.id}`)
      await suite.db.rows(sql`UPDATE zones SET name = ${zone!.name} WHERE id = ${zone!.id}`)
    }
  })
})
