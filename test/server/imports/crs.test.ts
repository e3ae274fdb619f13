import { sql } from 'drizzle-orm'
import gcoord from 'gcoord'
import { describe, expect, it } from 'vitest'
import { fromWgs84Converter, metresBetween } from '../../../lib/crs.ts'
import { importSuite } from './support.ts'

const { suite, importFile } = importSuite()

type Known = { uscc: string; name: string; lon: number; lat: number }

async function known(): Promise<Known[]> {
  return suite.db.rows<Known>(sql`
    SELECT uscc, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises ORDER BY id LIMIT 37`)
}

/** A CSV of the demo enterprises with their positions written by `to` under the headers given. */
const csvOf = (list: Known[], to: (xy: [number, number]) => [number, number], x = '经度', y = '纬度') =>
  [
    `企业名称,统一社会信用代码,${x},${y},行业,风险等级`,
    ...list.map((e) => {
      const [a, b] = to([Number(e.lon), Number(e.lat)])
      return `${e.name},${e.uscc},${a.toFixed(8)},${b.toFixed(8)},其他,一般`
    }),
  ].join('\n')

/** The largest distance between a job's converted points and the known WGS84 positions, in metres. */
async function worstMiss(id: number, list: Known[]) {
  const response = await suite.request(`/api/imports/${id}/preview`)
  const { features } = (await response.json()) as {
    features: { geometry: { coordinates: [number, number] }; properties: { row_no: number } }[]
  }
  expect(features).toHaveLength(list.length)
  return Math.max(
    ...features.map((f) => {
      const e = list[f.properties.row_no - 1]!
      return metresBetween(f.geometry.coordinates, [Number(e.lon), Number(e.lat)])
    }),
  )
}

describe('the coordinate system of a file', () => {
  it('guesses GCJ-02 from points offset as AMap offsets the stored enterprises, and converts them back', async () => {
    const list = await known()
    const job = await importFile(
      '高德.csv',
      csvOf(list, (xy) => gcoord.transform(xy, gcoord.WGS84, gcoord.GCJ02) as [number, number]),
      'enterprises',
    )
    expect(job.crs).toBe('GCJ02')
    expect(job.crs_guess!.crs).toBe('GCJ02')
    expect(job.crs_guess!.reason).toMatch(
      /^与库中 37 家同一企业的位置偏移中位数 \d{3} 米，与 GCJ-02（高德\/腾讯）偏移一致$/,
    )
    expect(await worstMiss(job.id, list)).toBeLessThan(1)
  })

  it('guesses BD-09 for a Baidu file', async () => {
    const list = await known()
    const job = await importFile(
      '百度.csv',
      csvOf(list, (xy) => gcoord.transform(xy, gcoord.WGS84, gcoord.BD09) as [number, number]),
      'enterprises',
    )
    expect(job.crs_guess!.crs).toBe('BD09')
    expect(await worstMiss(job.id, list)).toBeLessThan(1)
  })

  it('keeps WGS84 for points that match the stored ones', async () => {
    const list = await known()
    const job = await importFile(
      '原样.csv',
      csvOf(list, (xy) => xy),
      'enterprises',
    )
    expect(job.crs_guess!.crs).toBe('EPSG:4326')
    expect(job.crs_guess!.reason).toMatch(/偏移中位数 0 米，不符合 GCJ-02 或 BD-09 的偏移，按 WGS84 处理$/)
  })

  it('reads CGCS2000 3-degree Gauss-Krüger metres (EPSG:4549) to within a metre', async () => {
    const list = await known()
    const job = await importFile('测绘.csv', csvOf(list, fromWgs84Converter('EPSG:4549'), 'X', 'Y'), 'enterprises')
    expect(job.crs).toBe('EPSG:4549')
    expect(job.crs_guess!.reason).toMatch(/EPSG:4549/)
    expect(await worstMiss(job.id, list)).toBeLessThan(1)
  })

  it('uses the CRS the user names over the guess', async () => {
    const list = (await known()).slice(0, 3)
    const job = await importFile(
      '指定.csv',
      csvOf(list, (xy) => xy),
      'enterprises',
      { crs: 'gcj-02' },
    )
    expect(job.crs).toBe('GCJ02')
  })
})
