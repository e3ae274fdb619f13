import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { metresBetween } from '../../../lib/crs.ts'
import { named, ogrShapefile } from '../../imports/read/shapefile-support.ts'
import { importSuite } from './support.ts'

const { suite, importFile, rows, commit, settled } = importSuite()

/** A demo enterprise and the town it lies in. */
async function anEnterprise() {
  const [row] = await suite.db.rows<{
    id: number
    uscc: string
    name: string
    lon: number
    lat: number
    town_code: string
    town: string
    grid_code: string
  }>(sql`
    SELECT e.id, e.uscc, e.name, ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat, e.town_code, r.name AS town, e.grid_code
    FROM enterprises e JOIN regions r ON r.code = e.town_code WHERE e.grid_code IS NOT NULL ORDER BY e.id LIMIT 1`)
  return row!
}

async function committed(id: number) {
  const job = await settled(id)
  expect((await commit(job)).status).toBe(202)
  const done = await settled(id, ['committed', 'ready'])
  expect(done.failure).toBeNull()
  expect(done.status).toBe('committed')
  return done
}

describe('every layer', () => {
  it('imports a grid from a GBK shapefile in EPSG:4549 (its .prj), and re-places what lies in it', async () => {
    const e = await anEnterprise()
    const s = 0.002
    const square = [
      [e.lon - s, e.lat - s],
      [e.lon + s, e.lat - s],
      [e.lon + s, e.lat + s],
      [e.lon - s, e.lat + s],
      [e.lon - s, e.lat - s],
    ]
    const parts = ogrShapefile(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { 网格编码: '320924000001', 网格名称: '导入测试网格', 所属镇: e.town, 网格类型: '村' },
            geometry: { type: 'Polygon', coordinates: [square] },
          },
        ],
      },
      { encoding: 'GBK', targetCrs: 'EPSG:4549' },
    )
    const job = await importFile('网格边界.zip', zipSync(named('网格边界', parts)), 'grids')
    expect(job.failure).toBeNull()
    expect(job.format).toBe('shapefile')
    expect(job.crs_guess).toMatchObject({ crs: 'EPSG:4549' })
    expect(job.crs_guess!.reason).toMatch(/^由 \.prj 文件判断为/)
    expect(job.summary).toMatchObject({ added: 1, errors: 0 })
    const [row] = await rows(job.id)
    expect(row!.record).toEqual({ code: '320924000001', name: '导入测试网格', town_code: e.town_code, kind: 'village' })
    await committed(job.id)
    const [grid] = await suite.db.rows<{ source_crs: string; x: number; y: number }>(sql`
      SELECT source_crs, ST_XMin(geom) AS x, ST_YMin(geom) AS y FROM grids WHERE code = '320924000001'`)
    expect(grid!.source_crs).toBe('EPSG:4549')
    expect(metresBetween([Number(grid!.x), Number(grid!.y)], [e.lon - s, e.lat - s])).toBeLessThan(1)
    const [moved] = await suite.db.rows<{ grid_code: string }>(
      sql`SELECT grid_code FROM enterprises WHERE id = ${e.id}::int`,
    )
    expect(moved!.grid_code).toBe('320924000001')
  })

  it('imports outlets from an XLSX workbook', async () => {
    const e = await anEnterprise()
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('零售点')
    sheet.addRow(['许可证号', '网点名称', '经营者', '网点类型', '营业面积（㎡）', '有效期至', '经度', '纬度'])
    sheet.addRow(['TST-0001', '导入测试烟花店', '张三', '常年', 12.5, new Date(Date.UTC(2027, 0, 31)), e.lon, e.lat])
    sheet.addRow(['TST-0002', '导入测试临时点', '李四', '临时', '8', '2027/1/31', e.lon + 0.001, e.lat])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const job = await importFile('零售点.xlsx', bytes, 'outlets')
    expect(job.format).toBe('xlsx')
    expect(job.summary).toMatchObject({ added: 2, errors: 0 })
    expect((await rows(job.id))[0]!.record).toEqual({
      licence_no: 'TST-0001',
      name: '导入测试烟花店',
      operator: '张三',
      kind: 'fixed',
      floor_area_m2: 12.5,
      licence_valid_to: '2027-01-31',
    })
    await committed(job.id)
    const stored = await suite.db.rows<{ kind: string; town_code: string }>(sql`
      SELECT kind, town_code FROM fireworks_outlets WHERE licence_no LIKE 'TST-%' ORDER BY licence_no`)
    expect(stored).toEqual([
      { kind: 'fixed', town_code: e.town_code },
      { kind: 'temporary', town_code: e.town_code },
    ])
  })

  it('checks confined spaces, sensitive sites, accidents and drills against their vocabulary and references', async () => {
    const e = await anEnterprise()
    const spaces = await importFile(
      '有限空间.csv',
      [
        '统一社会信用代码,有限空间名称,有限空间类型,有毒有害气体,警示标识,经度,纬度',
        `${e.uscc},导入测试污水池,地下,硫化氢、一氧化碳,√,${e.lon},${e.lat}`,
        `91320924MA0000000X,导入测试罐,密闭设备,,×,${e.lon},${e.lat}`,
      ].join('\n'),
      'confined_spaces',
    )
    const spaceRows = await rows(spaces.id)
    expect(spaceRows[0]!.record).toEqual({
      enterprise_id: e.id,
      name: '导入测试污水池',
      space_type: 'underground',
      gases: ['硫化氢', '一氧化碳'],
      warning_sign: true,
    })
    expect(spaceRows[1]!.problems.map((p) => p.code)).toEqual(['unknown_enterprise'])
    const valid = await importFile(
      '有限空间1.csv',
      `统一社会信用代码,有限空间名称,有限空间类型,有毒有害气体,警示标识,经度,纬度\n${e.uscc},导入测试污水池,地下,硫化氢,√,${e.lon},${e.lat}`,
      'confined_spaces',
    )
    await committed(valid.id)
    const again = await importFile(
      '有限空间2.csv',
      `统一社会信用代码,名称,类型,经度,纬度\n${e.uscc},导入测试污水池,地上,${e.lon},${e.lat}`,
      'confined_spaces',
    )
    expect(again.summary).toMatchObject({ changed: 1, added: 0 })

    const sites = await importFile(
      '敏感场所.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { 名称: '导入测试小学', 类型: '学校' },
            geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
          },
          {
            type: 'Feature',
            properties: { 名称: '导入测试站', 类型: '加油站' },
            geometry: { type: 'Point', coordinates: [e.lon, e.lat] },
          },
          {
            type: 'Feature',
            properties: { 名称: '导入测试线', 类型: '学校' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [e.lon, e.lat],
                [e.lon + 0.01, e.lat],
              ],
            },
          },
        ],
      }),
      'sensitive_sites',
    )
    const siteRows = await rows(sites.id)
    expect(siteRows.map((r) => r.record!.kind ?? null)).toEqual(['school', 'gas_station', 'school'])
    expect(siteRows[2]!.problems.map((p) => p.code)).toEqual(['wrong_geometry'])

    const accidents = await importFile(
      '事故.csv',
      `发生日期,统一社会信用代码,事故等级,死亡人数,直接经济损失（万元）,事故简况,经度,纬度\n2024年3月5日,${e.uscc},一般,1,12.3,导入测试机械伤害,${e.lon},${e.lat}\n2024-02-30,,特大,,,导入测试,${e.lon},${e.lat}`,
      'accidents',
    )
    const accidentRows = await rows(accidents.id)
    expect(accidentRows[0]!.record).toMatchObject({
      occurred_on: '2024-03-05',
      enterprise_id: e.id,
      level: 'general',
      deaths: 1,
    })
    expect(accidentRows[1]!.problems.map((p) => p.code)).toEqual(['bad_date', 'unknown_value'])

    const drills = await importFile(
      '演练.csv',
      `演练日期,演练名称,演练级别,演练类型,所属镇,参演人数\n2026/5/12,导入测试消防演练,镇级,综合,${e.town.replace(/镇$/, '')},120\n2026/5/13,导入测试演练2,镇级,综合,${e.town_code},`,
      'drills',
    )
    expect(drills.summary).toMatchObject({ added: 2, errors: 0 })
    await committed(drills.id)
    const stored = await suite.db.rows<{ town_code: string; held_on: string }>(sql`
      SELECT town_code, held_on::text FROM drills WHERE name LIKE '导入测试%' ORDER BY held_on`)
    expect(stored).toEqual([
      { town_code: e.town_code, held_on: '2026-05-12' },
      { town_code: e.town_code, held_on: '2026-05-13' },
    ])
  })

  it('checks town boundaries: a 9-digit code, matched to the town it updates', async () => {
    const [town] = await suite.db.rows<{ code: string; name: string; geojson: string }>(sql`
      SELECT code, name, ST_AsGeoJSON(geom) AS geojson FROM regions WHERE kind = 'town' ORDER BY code LIMIT 1`)
    const job = await importFile(
      '镇界.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { 区划代码: town!.code, 名称: town!.name },
            geometry: JSON.parse(town!.geojson),
          },
          {
            type: 'Feature',
            properties: { 区划代码: '3209', 名称: '导入测试镇' },
            geometry: JSON.parse(town!.geojson),
          },
        ],
      }),
      'towns',
    )
    const all = await rows(job.id)
    expect(all[0]).toMatchObject({ matched_key: town!.code })
    expect(['unchanged', 'change']).toContain(all[0]!.action)
    expect(all[1]!.problems.map((p) => p.code)).toEqual(['bad_code'])
  })
})
