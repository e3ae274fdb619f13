import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { fromWgs84Converter, metresBetween } from '../../../lib/crs.ts'
import { importLimits } from '../../../lib/limits.ts'
import type { ImportJob } from '../../../server/imports/queries.ts'
import { json } from '../../support/test-app.ts'
import { importSuite, testUscc } from './support.ts'

const { suite, upload, settled, importFile, rows, commit } = importSuite()

async function aPoint() {
  const [town] = await suite.db.rows<{ name: string; lon: number; lat: number; grid: string }>(sql`
    SELECT r.name, ST_X(ST_PointOnSurface(r.geom)) AS lon, ST_Y(ST_PointOnSurface(r.geom)) AS lat,
      (SELECT code FROM grids ORDER BY code LIMIT 1) AS grid
    FROM regions r WHERE kind = 'town' ORDER BY code LIMIT 1`)
  return town!
}

const enterpriseCsv = (t: { lon: number; lat: number }, from: number, count: number, header = '企业名称') =>
  [
    `${header},统一社会信用代码,经度,纬度,行业,风险等级`,
    ...Array.from(
      { length: count },
      (_, i) => `导入测试${from + i},${testUscc(from + i)},${t.lon + i * 0.0001},${t.lat},其他,一般`,
    ),
  ].join('\n')

/** Every table an enterprise import touches, as a comparable snapshot. */
async function snapshot() {
  const [row] = await suite.db.rows<Record<string, unknown>>(sql`
    SELECT (SELECT md5(string_agg(to_jsonb(e)::text, ',' ORDER BY id)) FROM enterprises e) AS enterprises,
      (SELECT count(*)::int FROM audit_log) AS audits`)
  return row
}

describe('an import job', () => {
  it('rolls back everything when the commit fails on a row, and is ready again with the failure', async () => {
    const t = await aPoint()
    const job = await importFile('回滚.csv', enterpriseCsv(t, 100, 30), 'enterprises')
    expect(job.summary).toMatchObject({ added: 30, errors: 0 })
    // Someone adds the 20th enterprise meanwhile: inserting row 20 violates the unique USCC.
    await suite.db.rows(sql`INSERT INTO enterprises (uscc, name, sector, risk_level, geom)
      VALUES (${testUscc(119)}, '导入测试抢先', 'other', 'low', ST_SetSRID(ST_MakePoint(${t.lon}, ${t.lat}), 4326))`)
    const before = await snapshot()
    expect((await commit(job)).status).toBe(202)
    const failed = await settled(job.id, ['ready', 'committed'])
    expect(failed.status).toBe('ready')
    expect(failed.failure).toMatchObject({ code: 'commit_failed' })
    expect(failed.failure).toMatchObject({ row: 20, field: 'uscc' })
    expect(failed.failure!.message).toBe(
      `第 20 行 统一社会信用代码：${testUscc(119)} 已存在，写入失败，没有写入任何数据`,
    )
    expect(await snapshot()).toEqual(before)
  })

  it('re-checks after PATCH mapping and crs, refuses a stale version, and discards', async () => {
    const t = await aPoint()
    const job = await importFile('映射.csv', enterpriseCsv(t, 200, 3, '厂名'), 'enterprises')
    expect(job.mapping['厂名']).toBeNull()
    expect(job.summary).toMatchObject({ errors: 3 })
    expect((await rows(job.id))[0]!.problems[0]).toMatchObject({
      code: 'missing',
      field: 'name',
      message: '第 1 行 企业名称：缺少此列',
    })

    const stale = await suite.request(
      `/api/imports/${job.id}`,
      json('PATCH', { version: job.version + 5, mapping: {} }),
    )
    expect(stale.status).toBe(409)
    expect(((await stale.json()) as { code: string }).code).toBe('stale_version')
    const wrong = await suite.request(
      `/api/imports/${job.id}`,
      json('PATCH', { version: job.version, mapping: { 厂名: 'no_such' } }),
    )
    expect(wrong.status).toBe(422)

    const patched = await suite.request(
      `/api/imports/${job.id}`,
      json('PATCH', { version: job.version, mapping: { 厂名: 'name' } }),
    )
    expect(patched.status).toBe(202)
    const next = (await patched.json()) as ImportJob
    expect(next.status).toBe('checking')
    expect(next.version).toBe(job.version + 1)
    const checked = await settled(job.id)
    expect(checked.summary).toMatchObject({ added: 3, errors: 0 })
    expect((await rows(job.id))[0]!.record).toMatchObject({ name: '导入测试200' })

    const recrs = await suite.request(
      `/api/imports/${job.id}`,
      json('PATCH', { version: checked.version, crs: 'BD09' }),
    )
    expect(recrs.status).toBe(202)
    const moved = await settled(job.id)
    expect(moved.crs).toBe('BD09')
    const preview = (await (await suite.request(`/api/imports/${job.id}/preview`)).json()) as {
      features: { geometry: { coordinates: number[] } }[]
    }
    // BD-09 → WGS84 moves a point in Sheyang by several hundred metres (south-west).
    expect(preview.features[0]!.geometry.coordinates[0]).toBeLessThan(t.lon - 0.005)
    const badCrs = await suite.request(
      `/api/imports/${job.id}`,
      json('PATCH', { version: moved.version, crs: 'EPSG:9999' }),
    )
    expect(badCrs.status).toBe(422)

    expect((await suite.request(`/api/imports/${job.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await suite.request(`/api/imports/${job.id}`)).status).toBe(404)
    const [left] = await suite.db.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM import_rows WHERE import_id = ${job.id}::int`,
    )
    expect(left!.n).toBe(0)
  })

  it('guesses the coordinate system again when the user maps the coordinate columns by hand', async () => {
    const t = await aPoint()
    // Survey eastings and northings (CGCS2000 GK, 120°E) under headers nothing recognises.
    const [x, y] = fromWgs84Converter('EPSG:4549')([t.lon, t.lat])
    const csv = [
      '企业名称,统一社会信用代码,东向,北向,行业,风险等级',
      `测绘导入,${testUscc(400)},${x},${y},其他,一般`,
    ].join('\n')
    const job = await importFile('测绘.csv', csv, 'enterprises')
    expect(job.mapping).toMatchObject({ 东向: null, 北向: null })
    expect(job.summary).toMatchObject({ errors: 1 })
    const patched = await suite.request(
      `/api/imports/${job.id}`,
      json('PATCH', { version: job.version, mapping: { 东向: 'lon', 北向: 'lat' } }),
    )
    expect(patched.status).toBe(202)
    const checked = await settled(job.id)
    expect(checked.crs).toBe('EPSG:4549')
    expect(checked.crs_guess).toMatchObject({ crs: 'EPSG:4549' })
    expect(checked.summary).toMatchObject({ added: 1, errors: 0 })
    const preview = (await (await suite.request(`/api/imports/${job.id}/preview`)).json()) as {
      features: { geometry: { coordinates: [number, number] } }[]
    }
    expect(metresBetween(preview.features[0]!.geometry.coordinates, [t.lon, t.lat])).toBeLessThan(1)
    expect((await suite.request(`/api/imports/${job.id}`, { method: 'DELETE' })).status).toBe(204)
  })

  it('streams progress and the job as server-sent events, ending at a final status', async () => {
    const t = await aPoint()
    const { body } = await upload('进度.csv', enterpriseCsv(t, 300, 2500), 'enterprises')
    const response = await suite.request(`/api/imports/${body.id}/progress`)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const text = await response.text()
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({
      event: m[1],
      data: JSON.parse(m[2]!),
    }))
    const last = events[events.length - 1]!
    expect(last).toMatchObject({ event: 'job', data: { status: 'ready' } })
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data as { phase: string; done: number })
    if (events[0]!.data.status === 'reading') {
      expect(progress.some((p) => p.phase === 'checking' && p.done === 2500)).toBe(true)
    }
    const list = (await (await suite.request('/api/imports')).json()) as { items: ImportJob[] }
    expect(list.items.map((j) => j.id)).toContain(body.id)
  })

  it('lists the layers, and is for admin and county only', async () => {
    const layers = (await (await suite.request('/api/imports/layers')).json()) as {
      items: { layer: string; geometry: string; match_by: string | null; fields: { field: string; kind: string }[] }[]
    }
    expect(layers.items.map((l) => l.layer)).toEqual([
      'towns',
      'grids',
      'enterprises',
      'confined_spaces',
      'outlets',
      'sensitive_sites',
      'zones',
      'accidents',
      'drills',
    ])
    expect(layers.items[2]).toMatchObject({ geometry: 'point', match_by: 'uscc' })
    const t = await aPoint()
    expect((await suite.request('/api/imports/layers', {}, 'admin')).status).toBe(200)
    const [town] = await suite.db.rows<{ code: string }>(
      sql`SELECT code FROM regions WHERE kind = 'town' ORDER BY code LIMIT 1`,
    )
    for (const as of [`grid-${t.grid}`, `town-${town!.code}`, 'viewer']) {
      expect((await suite.request('/api/imports', {}, as)).status).toBe(403)
      const { status, body } = await upload('x.csv', enterpriseCsv(t, 400, 1), 'enterprises', {}, as)
      expect(status).toBe(403)
      expect(body.code).toBe(as === 'viewer' ? 'viewer_read_only' : 'forbidden_role')
    }
  })

  it('refuses a file over the size limit at once, and a bad layer', async () => {
    const response = await suite.request('/api/imports', {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(importLimits.maxFileBytes + 1024 * 1024),
      },
      body: '--x--',
    })
    expect(response.status).toBe(413)
    const { status } = await upload('x.csv', 'a,b\n1,2', 'nothing')
    expect(status).toBe(400)
  })

  it('fails a file it cannot read with the reader’s Chinese message', async () => {
    const job = await importFile('空.csv', '', 'enterprises')
    expect(job.status).toBe('failed')
    expect(job.failure!.message).toMatch(/空\.csv/)
  })
})
