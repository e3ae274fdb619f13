import { strToU8, zipSync } from 'fflate'
import type { FeatureCollection, Point } from 'geojson'
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it } from 'vitest'
import { crsFromPrj, geometryToWgs84 } from '../../../lib/crs.ts'
import { readAll, readFailure } from './read-support.ts'
import { named, ogrShapefile, withRawNames } from './shapefile-support.ts'

const sites: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { 名称: '射阳县实验小学', 类型: '学校', 人数: 1200, 日期: '2015-06-18' },
      geometry: { type: 'Point', coordinates: [120.2571, 33.7756] },
    },
    {
      type: 'Feature',
      properties: { 名称: '海河镇卫生院', 类型: '医院', 人数: null, 日期: null },
      geometry: { type: 'Point', coordinates: [120.31, 33.8] },
    },
  ],
}

const expectedRows = [
  {
    rowNo: 1,
    values: { 名称: '射阳县实验小学', 类型: '学校', 人数: 1200, 日期: '2015-06-18' },
    geometry: { type: 'Point', coordinates: [120.2571, 33.7756] },
  },
  {
    rowNo: 2,
    values: { 名称: '海河镇卫生院', 类型: '医院', 人数: null, 日期: null },
    geometry: { type: 'Point', coordinates: [120.31, 33.8] },
  },
]

let gbk: Record<string, Uint8Array>
let utf8: Record<string, Uint8Array>

beforeAll(() => {
  gbk = ogrShapefile(sites, { encoding: 'GBK' })
  utf8 = ogrShapefile(sites, { encoding: 'UTF-8' })
})

describe('the shapefile reader', { timeout: 30_000 }, () => {
  it('reads a GBK shapefile by its .cpg, Chinese field names and values intact, the .prj as text', async () => {
    expect(new TextDecoder().decode(gbk['cpg'])).toBe('GBK')
    const read = await readAll('敏感目标.zip', zipSync(named('敏感目标', gbk)))
    expect(read.format).toBe('shapefile')
    expect(read.encoding).toBe('gbk')
    expect(read.columns).toEqual(['名称', '类型', '人数', '日期'])
    expect(read.rows).toEqual(expectedRows)
    expect(crsFromPrj(read.prj!)).toBe('EPSG:4326')
  })

  it('reads a UTF-8 shapefile by its .cpg', async () => {
    const read = await readAll('敏感目标.zip', zipSync(named('敏感目标', utf8)))
    expect(read.encoding).toBe('utf-8')
    expect(read.rows).toEqual(expectedRows)
  })

  it('without .prj and .cpg: prj null, GBK and UTF-8 told apart by the bytes', async () => {
    for (const [parts, encoding] of [
      [gbk, 'gbk'],
      [utf8, 'utf-8'],
    ] as const) {
      const read = await readAll('sites.zip', zipSync(named('sites', parts, ['shp', 'shx', 'dbf'])))
      expect(read.prj).toBeNull()
      expect(read.encoding).toBe(encoding)
      expect(read.rows).toEqual(expectedRows)
    }
  })

  it('refuses a GBK .dbf read as an explicit UTF-8, with the hint to choose GBK', async () => {
    const error = await readFailure('sites.zip', zipSync(named('sites', gbk, ['shp', 'shx', 'dbf'])), 'utf-8')
    expect(error.code).toBe('not_utf8')
    expect(error.message).toBe(
      'sites.zip：.dbf 属性文件不是有效的 UTF-8 文本（可能是 GBK 编码），请选择 GBK 编码后重试',
    )
  })

  it('finds the parts in a folder, with upper-case extensions', async () => {
    const files = Object.fromEntries(
      Object.entries(named('数据/2024/敏感目标', gbk)).map(([name, bytes]) => [
        name.replace(/\.(\w+)$/, (_, ext: string) => `.${ext.toUpperCase()}`),
        bytes,
      ]),
    )
    const read = await readAll(
      '敏感目标.zip',
      zipSync({ ...files, '__MACOSX/数据/2024/._敏感目标.shp': new Uint8Array(8) }),
    )
    expect(read.rows).toEqual(expectedRows)
  })

  it('reads a zip whose Chinese entry names are GBK bytes without the UTF-8 flag, as Windows zips them', async () => {
    const gbkName = iconv.encode('敏感目标', 'gbk')
    const placeholder = 'x'.repeat(gbkName.length)
    const zip = withRawNames(zipSync(named(placeholder, gbk)), new Map([[placeholder, new Uint8Array(gbkName)]]))
    const read = await readAll('敏感目标.zip', zip)
    expect(read.rows).toEqual(expectedRows)
    const noDbf = withRawNames(
      zipSync(named(placeholder, gbk, ['shp', 'shx'])),
      new Map([[placeholder, new Uint8Array(gbkName)]]),
    )
    const error = await readFailure('敏感目标.zip', noDbf)
    expect(error.message).toBe('敏感目标.zip：压缩包中的 敏感目标.shp 缺少 .dbf 属性文件')
  })

  it('reads a Gauss-Krüger (EPSG:4549) shapefile: metres as stored and a .prj recognised as EPSG:4549', async () => {
    const read = await readAll('边界.zip', zipSync(named('边界', ogrShapefile(sites, { targetCrs: 'EPSG:4549' }))))
    expect(crsFromPrj(read.prj!)).toBe('EPSG:4549')
    const stored = read.rows[0]!.geometry as Point
    expect(stored.coordinates[0]).toBeCloseTo(523_814.4, 0)
    expect(stored.coordinates[1]).toBeCloseTo(3_738_800.6, 0)
    const [lon, lat] = geometryToWgs84(stored, 'EPSG:4549').coordinates
    expect(lon).toBeCloseTo(120.2571, 7)
    expect(lat).toBeCloseTo(33.7756, 7)
  })

  it('reads polygons', async () => {
    const ring = [
      [120.25, 33.77],
      [120.25, 33.78],
      [120.26, 33.78],
      [120.26, 33.77],
      [120.25, 33.77],
    ]
    const grids: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 网格: '320924001001' }, geometry: { type: 'Polygon', coordinates: [ring] } },
      ],
    }
    const read = await readAll('网格.zip', zipSync(named('网格', ogrShapefile(grids))))
    expect(read.columns).toEqual(['网格'])
    expect(read.rows).toEqual([
      { rowNo: 1, values: { 网格: '320924001001' }, geometry: { type: 'Polygon', coordinates: [ring] } },
    ])
  })

  it('takes the one shapefile with a .dbf of several, and refuses several complete ones, listing them', async () => {
    const one = await readAll('两个.zip', zipSync({ ...named('甲', gbk), ...named('乙', gbk, ['shp', 'shx']) }))
    expect(one.rows).toEqual(expectedRows)
    const error = await readFailure('两个.zip', zipSync({ ...named('甲', gbk), ...named('a/乙', utf8) }))
    expect(error.code).toBe('shapefile_ambiguous')
    expect(error.message).toBe('两个.zip：压缩包中有多个 Shapefile（甲.shp、a/乙.shp），请每个压缩包只放一个图层')
  })

  it('refuses a zip whose .shp is damaged, in Chinese naming the file', async () => {
    const damaged = { ...named('敏感目标', gbk), '敏感目标.shp': gbk['shp']!.subarray(0, 60) }
    const error = await readFailure('敏感目标.zip', zipSync(damaged))
    expect(error.code).toBe('shapefile_corrupt')
    expect(error.message).toBe('敏感目标.zip：敏感目标.shp 或其 .dbf 文件不完整或已损坏')
    const noise = {
      ...named('敏感目标', gbk),
      '敏感目标.shp': Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 251),
    }
    const other = await readFailure('敏感目标.zip', zipSync(noise))
    expect(other.code).toBe('shapefile_corrupt')
  })

  it('refuses a zip without .dbf, without .shp, and a truncated one', async () => {
    const noDbf = await readFailure('敏感目标.zip', zipSync(named('敏感目标', gbk, ['shp', 'shx', 'prj'])))
    expect(noDbf.code).toBe('shapefile_missing_dbf')
    expect(noDbf.message).toBe('敏感目标.zip：压缩包中的 敏感目标.shp 缺少 .dbf 属性文件')
    const noShp = await readFailure(
      '敏感目标.zip',
      zipSync({ ...named('敏感目标', gbk, ['dbf', 'prj']), '说明.txt': strToU8('见附件') }),
    )
    expect(noShp.code).toBe('shapefile_missing_shp')
    expect(noShp.message).toMatch(/^敏感目标\.zip：压缩包中没有 \.shp 文件/)
    const zip = zipSync(named('敏感目标', gbk))
    const truncated = await readFailure('敏感目标.zip', zip.subarray(0, Math.floor(zip.length / 2)))
    expect(truncated.code).toBe('zip_corrupt')
    expect(truncated.message).toBe('敏感目标.zip：压缩包不完整或已损坏，请重新压缩后上传')
  })
})
