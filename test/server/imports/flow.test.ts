import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { importSuite, testUscc } from './support.ts'

const { suite, upload, settled, importFile, rows, commit } = importSuite()

/** A town of the demo county and a point inside it. */
async function aTown() {
  const [town] = await suite.db.rows<{ code: string; name: string; lon: number; lat: number }>(sql`
    SELECT code, name, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
    FROM regions WHERE kind = 'town' ORDER BY code LIMIT 1`)
  return town!
}

describe('an enterprise CSV from upload to commit', () => {
  it('reads, checks, previews, commits and audits it', async () => {
    const town = await aTown()
    const csv = [
      '企业名称,统一社会信用代码,经度,纬度,所属镇,行业,风险等级,从业人数,规上,液氨储量（吨）,备注',
      `导入测试甲厂,${testUscc(1)},${town.lon},${town.lat},${town.name},机械,较大风险,35,是,12.5,无关列`,
      `导入测试乙厂,${testUscc(2)},${town.lon + 0.001},${town.lat},${town.name.replace(/镇$/, '')},商贸,低,8,否,,`,
      // Excel leaves lines of empty cells after the data: no record, no error.
      ',,,,,,,,,,',
      ' , ,,,,,,,,,',
    ].join('\n')
    const { status, body } = await upload('企业.csv', csv, 'enterprises')
    expect(status).toBe(202)
    expect(body.status).toBe('reading')
    const job = await settled(body.id)
    expect(job.failure).toBeNull()
    expect(job.status).toBe('ready')
    expect(job.format).toBe('csv')
    expect(job.row_count).toBe(2)
    expect(job.mapping).toMatchObject({
      企业名称: 'name',
      统一社会信用代码: 'uscc',
      经度: 'lon',
      '液氨储量（吨）': 'ammonia_tonnes',
      备注: null,
    })
    expect(job.crs).toBe('EPSG:4326')
    expect(job.summary).toEqual({ added: 2, changed: 0, unchanged: 0, errors: 0, warnings: 0 })
    const [first] = await rows(job.id)
    expect(first!.record).toMatchObject({
      name: '导入测试甲厂',
      sector: 'machinery',
      risk_level: 'high',
      employees: 35,
      above_size: true,
      ammonia_tonnes: 12.5,
    })
    expect(first!.action).toBe('add')

    const preview = await suite.request(`/api/imports/${job.id}/preview`)
    const collection = (await preview.json()) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[]
    }
    expect(collection.features).toHaveLength(2)
    expect(collection.features[0]!.properties).toMatchObject({
      row_no: 1,
      action: 'add',
      label: '导入测试甲厂',
      errors: 0,
    })

    const committed = await commit(job)
    expect(committed.status).toBe(202)
    expect(committed.body.status).toBe('committing')
    const done = await settled(job.id, ['committed', 'ready'])
    expect(done.status).toBe('committed')
    expect(done.summary).toMatchObject({ added: 2, changed: 0, unchanged: 0 })
    const stored = await suite.db.rows<{ id: number; town_code: string; source_crs: string; risk_level: string }>(sql`
      SELECT id, town_code, source_crs, risk_level FROM enterprises WHERE uscc IN (${testUscc(1)}, ${testUscc(2)}) ORDER BY uscc`)
    expect(stored).toHaveLength(2)
    expect(stored[0]).toMatchObject({ town_code: town.code, source_crs: 'EPSG:4326', risk_level: 'high' })
    const audits = await suite.db.rows<{ entity: string; entity_id: string; after: Record<string, unknown> }>(sql`
      SELECT entity, entity_id, after FROM audit_log WHERE action = 'import'
        AND ((after->>'import_id')::int = ${job.id}::int OR (entity = 'import' AND entity_id = ${String(job.id)})) ORDER BY id`)
    expect(audits).toHaveLength(3)
    expect(audits[0]).toMatchObject({ entity: 'enterprises', entity_id: String(stored[0]!.id) })
    expect(audits[0]!.after).toMatchObject({ import_id: job.id, file_name: '企业.csv', name: '导入测试甲厂' })
    expect(audits[2]).toMatchObject({
      entity: 'import',
      after: { file_name: '企业.csv', layer: 'enterprises', added: 2, changed: 0, unchanged: 0 },
    })

    // The same file again changes nothing; with one value changed, that row is changed (id and version kept +1).
    const again = await importFile('企业.csv', csv, 'enterprises')
    expect(again.summary).toMatchObject({ added: 0, changed: 0, unchanged: 2 })
    const changed = await importFile('企业2.csv', csv.replace('较大风险', '重大'), 'enterprises')
    expect(changed.summary).toMatchObject({ added: 0, changed: 1, unchanged: 1 })
    expect((await rows(changed.id))[0]).toMatchObject({ action: 'change', matched_key: String(stored[0]!.id) })
    expect((await commit(changed)).status).toBe(202)
    expect((await settled(changed.id, ['committed', 'ready'])).status).toBe('committed')
    const [after] = await suite.db.rows<{ id: number; version: number; risk_level: string; employees: number }>(sql`
      SELECT id, version, risk_level, employees FROM enterprises WHERE uscc = ${testUscc(1)}`)
    expect(after).toEqual({ id: stored[0]!.id, version: 2, risk_level: 'major', employees: 35 })
  })
})
