import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { importSuite, testUscc, type Row } from './support.ts'

const { suite, importFile, rows, commit } = importSuite()

async function aPoint() {
  const [town] = await suite.db.rows<{ name: string; lon: number; lat: number }>(sql`
    SELECT name, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
    FROM regions WHERE kind = 'town' ORDER BY code LIMIT 1`)
  return town!
}

const codes = (row: Row | undefined) => row!.problems.map((p) => `${p.severity}:${p.code}:${p.field}`)

describe('every problem of a row, with a Chinese message naming row and field', () => {
  it('finds them in an enterprise CSV, and refuses to commit while any row has an error', async () => {
    const t = await aPoint()
    const ok = (n: number) => testUscc(n)
    const badCheck = ok(13).slice(0, 17) + (ok(13).endsWith('0') ? '1' : '0')
    const lines = [
      '企业名称,统一社会信用代码,经度,纬度,所属镇,行业,风险等级,从业人数,规上,标准化达标日期',
      `导入测试1,${ok(11)},${t.lon},${t.lat},${t.name},机械,一般,10,是,2024/3/5`,
      `,${ok(12)},${t.lon},${t.lat},${t.name},机械,一般,10,是,`,
      `导入测试3,${badCheck},${t.lon},${t.lat},${t.name},机械,一般,十个,也许,2024/13/5`,
      `导入测试4,ABC,${t.lon},${t.lat},火星镇,机械,超高,10,否,`,
      `导入测试5,${ok(11)},,${t.lat},,机械,低,10,否,45000`,
      `导入测试6,${ok(16)},东经120,${t.lat},,机械,低,10,否,2024年3月5日`,
      `导入测试7,${ok(17)},118.0,32.0,,机械,低,10,否,`,
    ]
    const job = await importFile('问题.csv', lines.join('\r\n'), 'enterprises')
    expect(job.status).toBe('ready')
    const all = await rows(job.id)
    expect(all.map((r) => r.action)).toEqual(['add', 'error', 'error', 'error', 'error', 'error', 'error'])
    expect(all[0]!.record).toMatchObject({ standardization_on: '2024-03-05' })
    expect(codes(all[1])).toEqual(['error:missing:name'])
    expect(all[1]!.problems[0]!.message).toBe('第 2 行 企业名称：为空')
    expect(codes(all[2])).toEqual([
      'warning:uscc_check_char:uscc',
      'error:bad_integer:employees',
      'error:bad_boolean:above_size',
      'error:bad_date:standardization_on',
    ])
    expect(all[2]!.problems[0]!.message).toMatch(/^第 3 行 统一社会信用代码：.*校验位/)
    expect(all[2]!.problems[0]!.column).toBe('统一社会信用代码')
    expect(codes(all[3])).toEqual(['error:bad_uscc:uscc', 'error:unknown_town:town', 'error:unknown_value:risk_level'])
    expect(all[3]!.problems[2]!.message).toBe(
      '第 4 行 风险等级：“超高”不是可选值之一：重大风险、较大风险、一般风险、低风险',
    )
    // A missing longitude, and a USCC already in row 1 (the later row is the error, naming the first).
    expect(codes(all[4])).toEqual(['error:missing_coordinates:lon', 'error:duplicate_in_file:uscc'])
    expect(all[4]!.record).toMatchObject({ standardization_on: '2023-03-15' })
    expect(all[4]!.problems[1]!.message).toBe(`第 5 行 统一社会信用代码：${ok(11)} 与第 1 行重复`)
    expect(codes(all[5])).toEqual(['error:bad_coordinates:lon'])
    expect(all[5]!.record).toMatchObject({ standardization_on: '2024-03-05' })
    expect(codes(all[6])).toEqual(['error:outside_county:lon'])
    expect(all[6]!.problems[0]!.message).toMatch(/^第 7 行 经度\/纬度：位置在射阳县以外（距县界约 \d+(\.\d)? 公里）/)
    expect(job.summary).toEqual({ added: 1, changed: 0, unchanged: 0, errors: 6, warnings: 1 })

    expect((await rows(job.id, 'errors')).map((r) => r.row_no)).toEqual([2, 3, 4, 5, 6, 7])
    expect((await rows(job.id, 'problems')).length).toBe(6)
    const refused = await commit(job)
    expect(refused.status).toBe(422)
    expect(refused.body.code).toBe('import_has_errors')
  })

  it('repairs what is safe in polygons and refuses 3-point and self-intersecting ones', async () => {
    const t = await aPoint()
    const sq = (dx: number, dy: number, s = 0.002) => [
      [t.lon + dx, t.lat + dy],
      [t.lon + dx + s, t.lat + dy],
      [t.lon + dx + s, t.lat + dy + s],
      [t.lon + dx, t.lat + dy + s],
    ]
    const ring = (points: number[][]) => [...points, points[0]!]
    const feature = (name: string, coordinates: unknown, type = 'Polygon') => ({
      type: 'Feature',
      properties: { 名称: name, 类型: '禁放区' },
      geometry: { type, coordinates },
    })
    const a = sq(0, 0)
    const b = sq(0.01, 0)
    const c = sq(0.02, 0)
    const d = sq(0.03, 0)
    const e = sq(0.04, 0)
    const collection = {
      type: 'FeatureCollection',
      features: [
        feature('导入测试区1', [ring(a)]),
        feature('导入测试区2', [b]),
        feature('导入测试区3', [ring([c[0]!, c[1]!, c[1]!, c[2]!, c[3]!])]),
        feature('导入测试区4', [ring([...d].reverse())]),
        feature('导入测试区5', [[e[0], e[1], e[0]]]),
        feature('导入测试区6', [ring([e[0]!, e[2]!, e[1]!, e[3]!])]),
      ],
    }
    const job = await importFile('禁放区.geojson', JSON.stringify(collection), 'zones')
    expect(job.status, JSON.stringify(job.failure)).toBe('ready')
    const all = await rows(job.id)
    expect(all.map((r) => r.action)).toEqual(['add', 'add', 'add', 'add', 'error', 'error'])
    expect(codes(all[0])).toEqual([])
    expect(codes(all[1])).toEqual(['warning:ring_closed:null'])
    expect(codes(all[2])).toEqual(['warning:duplicate_points:null'])
    expect(codes(all[3])).toEqual(['warning:ring_orientation:null'])
    expect(codes(all[4])).toEqual(['error:too_few_points:null'])
    expect(all[4]!.problems[0]!.message).toBe('第 5 行 几何：多边形的环只有 3 个坐标，至少需要 4 个（首尾闭合）')
    expect(codes(all[5])).toContain('error:invalid_polygon:null')
    expect(all[5]!.problems.find((p) => p.code === 'invalid_polygon')!.message).toMatch(
      /^第 6 行 几何：多边形无效（Self-intersection/,
    )
  })
})
