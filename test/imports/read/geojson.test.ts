import { describe, expect, it } from 'vitest'
import { importLimits } from '../../../lib/limits.ts'
import { readAll, readFailure } from './read-support.ts'

const school = {
  type: 'Feature',
  properties: { 名称: '射阳县实验小学', 类型: 'school', 学生数: 1200, 在用: true, 联系: { 电话: '0515-82345678' } },
  geometry: { type: 'Point', coordinates: [120.2571, 33.7756] },
}
const hospital = {
  type: 'Feature',
  properties: { 名称: '射阳县人民医院', 床位: 600, 类型: null },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120.25, 33.77],
        [120.26, 33.77],
        [120.26, 33.78],
        [120.25, 33.77],
      ],
    ],
  },
}

describe('the GeoJSON reader', () => {
  it('reads a FeatureCollection: columns in first-seen order, nested objects as JSON text, missing keys null', async () => {
    const read = await readAll(
      '敏感目标.geojson',
      JSON.stringify({ type: 'FeatureCollection', features: [school, hospital] }),
    )
    expect(read.format).toBe('geojson')
    expect(read.encoding).toBe('utf-8')
    expect(read.columns).toEqual(['名称', '类型', '学生数', '在用', '联系', '床位'])
    expect(read.rows).toEqual([
      {
        rowNo: 1,
        values: {
          名称: '射阳县实验小学',
          类型: 'school',
          学生数: 1200,
          在用: true,
          联系: '{"电话":"0515-82345678"}',
          床位: null,
        },
        geometry: school.geometry,
      },
      {
        rowNo: 2,
        values: { 名称: '射阳县人民医院', 类型: null, 学生数: null, 在用: null, 联系: null, 床位: 600 },
        geometry: hospital.geometry,
      },
    ])
  })

  it('reads a bare array of features, one feature, and a bare geometry as one row', async () => {
    const array = await readAll('list.json', JSON.stringify([hospital, school]))
    expect(array.rows.map((row) => row.values['名称'])).toEqual(['射阳县人民医院', '射阳县实验小学'])
    const one = await readAll('one.geojson', JSON.stringify(school))
    expect(one.rows).toHaveLength(1)
    expect(one.rows[0]!.values['学生数']).toBe(1200)
    const bare = await readAll('bare.geojson', JSON.stringify(hospital.geometry))
    expect(bare.columns).toEqual([])
    expect(bare.rows).toEqual([{ rowNo: 1, values: {}, geometry: hospital.geometry }])
  })

  it('gives the coordinate system a legacy crs member names, as QGIS writes for projected data', async () => {
    const named = (name: string) =>
      JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name } }, features: [school] })
    expect((await readAll('a.geojson', named('urn:ogc:def:crs:EPSG::4549'))).crsName).toBe('EPSG:4549')
    expect((await readAll('a.geojson', named('urn:ogc:def:crs:OGC:1.3:CRS84'))).crsName).toBe('EPSG:4326')
    expect((await readAll('a.geojson', named('EPSG:4528'))).crsName).toBe('EPSG:4528')
    expect((await readAll('a.geojson', JSON.stringify([school]))).crsName).toBeNull()
  })

  it('keeps a feature without a geometry as a row with a null geometry', async () => {
    const read = await readAll('a.geojson', JSON.stringify([{ type: 'Feature', properties: { a: 1 }, geometry: null }]))
    expect(read.rows).toEqual([{ rowNo: 1, values: { a: 1 }, geometry: null }])
  })

  it('refuses broken JSON, JSON that is not GeoJSON, a bad feature and a bad geometry, naming the row', async () => {
    const broken = await readFailure('a.geojson', '{"type":"FeatureCollection","features":[')
    expect(broken.code).toBe('invalid_json')
    expect(broken.message).toMatch(/^a\.geojson：不是有效的 JSON/)
    const other = await readFailure('a.json', '{"name":"x"}')
    expect(other.code).toBe('invalid_geojson')
    const feature = await readFailure('a.geojson', JSON.stringify([school, { type: 'Point' }]))
    expect(feature.message).toBe('a.geojson 第 2 行：不是 GeoJSON 要素（Feature）')
    const geometry = await readFailure(
      'a.geojson',
      JSON.stringify([school, { ...school, geometry: { type: 'Point', coordinates: ['120', 33] } }]),
    )
    expect(geometry.code).toBe('invalid_geometry')
    expect(geometry.where).toEqual({ row: 2 })
  })

  it('refuses an empty collection and a polygon over the vertex limit', async () => {
    const empty = await readFailure('空.geojson', '{"type":"FeatureCollection","features":[]}')
    expect(empty.code).toBe('no_rows')
    const ring = `[${new Array<string>(importLimits.maxVertices + 1).fill('[120.1,33.7]').join(',')}]`
    const huge = await readFailure('大.geojson', `{"type":"Polygon","coordinates":[${ring}]}`)
    expect(huge.code).toBe('too_many_vertices')
    expect(huge.message).toBe(
      `大.geojson 第 1 行：几何有 ${importLimits.maxVertices + 1} 个顶点，超过 ${importLimits.maxVertices} 个的上限`,
    )
  }, 30_000)
})
