import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { unzipSync } from 'fflate'
import Papa from 'papaparse'
import * as shapefile from 'shapefile'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { ApiError } from '../../../server/api-error.ts'
import { findCollection } from '../../../server/ogc/collections.ts'
import { exportFile } from '../../../server/ogc/exports/files.ts'
import { parseItemsQuery } from '../../../server/ogc/params.ts'
import { fullScope } from '../../../server/scope.ts'
import { zhCN } from '../../../web/i18n/zh-CN.ts'
import { testDemo } from '../../support/fixture.ts'
import { testApp, type Request } from '../../support/test-app.ts'
import { download, gdalAvailable, itemIds, ogrinfo } from './export-client.ts'

let request: Request
let db: Database

beforeAll(async () => {
  ;({ request, db } = await testApp())
})

const items = '/ogc/collections/enterprises/items'
const seatBbox = '120.15,33.7,120.35,33.85'

function csvRows(bytes: Uint8Array): Record<string, string>[] {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  expect(text.startsWith('\uFEFF')).toBe(true)
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  return parsed.data
}

async function xlsxRows(bytes: Uint8Array): Promise<{ headers: string[]; rows: Record<string, unknown>[] }> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer)
  const sheet = workbook.worksheets[0]!
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String)
  const rows: Record<string, unknown>[] = []
  sheet.eachRow((row, n) => {
    if (n === 1) return
    const values = (row.values as unknown[]).slice(1)
    rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i] ?? null])))
  })
  return { headers, rows }
}

describe('get /ogc/collections/{id}/items?f=csv|xlsx (layer files)', () => {
  it('f=csv answers every enterprise of risk_level=major with Chinese headers and labels, the ids of the JSON items, as an attachment', async () => {
    const query = `${items}?risk_level=major`
    const { bytes, headers } = await download(request, `${query}&f=csv`)
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(headers.get('content-disposition')).toBe(
      `attachment; filename="enterprises-${testDemo.asOf}.csv"; filename*=UTF-8''${encodeURIComponent(`企业-${testDemo.asOf}.csv`)}`,
    )
    const rows = csvRows(bytes)
    const ids = await itemIds(request, query)
    expect(ids.length).toBeGreaterThan(5)
    expect(rows.map((row) => Number(row['编号']))).toEqual(ids)
    expect(headers.get('x-total-count')).toBe(String(ids.length))
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['企业名称', '统一社会信用代码', '风险等级', '行业类别', '经度', '纬度']),
    )
    expect(new Set(rows.map((row) => row['风险等级']))).toEqual(new Set(['重大风险']))
    const [first] = await db.rows<{ name: string; uscc: string; sector: string; lon: number; lat: number }>(
      sql`SELECT name, uscc, sector, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises WHERE id = ${ids[0]}`,
    )
    expect(rows[0]).toMatchObject({
      企业名称: first!.name,
      统一社会信用代码: first!.uscc,
      行业类别: zhCN.sector[first!.sector as keyof typeof zhCN.sector],
    })
    expect(Number(rows[0]!['经度'])).toBeCloseTo(first!.lon, 6)
    expect(Number(rows[0]!['纬度'])).toBeCloseTo(first!.lat, 6)
  })

  it('f=xlsx with a bbox and a CQL2 filter holds exactly the features of the JSON items for them', async () => {
    const query = `${items}?bbox=${seatBbox}&filter=${encodeURIComponent('employees > 50')}`
    const { bytes, headers } = await download(request, `${query}&f=xlsx`)
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const { headers: columns, rows } = await xlsxRows(bytes)
    expect(columns[0]).toBe('编号')
    expect(columns.slice(-2)).toEqual(['经度', '纬度'])
    const ids = await itemIds(request, query)
    expect(ids.length).toBeGreaterThan(5)
    expect(rows.map((row) => row['编号'])).toEqual(ids)
    expect(rows.every((row) => (row['从业人数'] as number) > 50)).toBe(true)
    expect(rows.every((row) => (row['经度'] as number) >= 120.15 && (row['经度'] as number) <= 120.35)).toBe(true)
    expect(new Set(rows.map((row) => row['规模以上']))).toEqual(new Set(['是', '否']))
  })

  it('a grid officer exports only the features of its grid', async () => {
    const [grid] = await db.rows<{ code: string; n: number }>(
      sql`SELECT grid_code AS code, count(*)::int AS n FROM enterprises WHERE grid_code IS NOT NULL
        GROUP BY grid_code ORDER BY count(*) DESC, grid_code LIMIT 1`,
    )
    const officer = `grid-${grid!.code}`
    const rows = csvRows((await download(request, `${items}?f=csv`, officer)).bytes)
    expect(rows).toHaveLength(grid!.n)
    expect(new Set(rows.map((row) => row['网格代码']))).toEqual(new Set([grid!.code]))
    expect(rows.map((row) => Number(row['编号']))).toEqual(await itemIds(request, items, officer))
  })

  it('f=geojson-file is one FeatureCollection of every match, beyond the page size of the items', async () => {
    const { bytes, headers } = await download(request, '/ogc/collections/enterprises/items?f=geojson-file')
    expect(headers.get('content-type')).toBe('application/geo+json')
    const collection = JSON.parse(new TextDecoder().decode(bytes)) as { features: { id: number }[] }
    const [{ n }] = (await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM enterprises`)) as [{ n: number }]
    expect(n).toBeGreaterThan(2000)
    expect(collection.features.map((feature) => feature.id)).toEqual(
      (await db.rows<{ id: number }>(sql`SELECT id FROM enterprises ORDER BY id`)).map((row) => row.id),
    )
  })

  it('refuses a file in another crs, limit is not a page for a file, and an unknown f names the files', async () => {
    const refused = await request(
      `${items}?f=csv&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4549')}`,
    )
    expect(refused.status).toBe(400)
    const unknown = await request(`${items}?f=kml`)
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { details: { allowed: string[] } }).details.allowed).toEqual(
      expect.arrayContaining(['csv', 'xlsx', 'shp', 'gpkg', 'geojson-file']),
    )
    const limited = csvRows((await download(request, `${items}?f=csv&limit=3&risk_level=major`)).bytes)
    expect(limited.length).toBeGreaterThan(3)
  })

  it('refuses an export past the bound with 413 export_too_large, and takes one that fits', async () => {
    const collection = findCollection('enterprises')!
    const query = parseItemsQuery(collection, new URLSearchParams('risk_level=major'))
    const reader = { db, scope: fullScope, today: testDemo.asOf }
    const fits = await exportFile(reader, collection, query, 'shp')
    const refused = await exportFile(reader, collection, query, 'csv', fits.count - 1).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({
      status: 413,
      code: 'export_too_large',
      details: { total: fits.count, max: fits.count - 1 },
    })
  })
})

describe('get /ogc/collections/{id}/items?f=shp|gpkg (GIS files)', () => {
  it('f=shp is a zip of shp/shx/dbf/prj/cpg whose GBK attributes the shapefile package reads back', async () => {
    const query = `${items}?bbox=${seatBbox}`
    const { bytes, headers } = await download(request, `${query}&f=shp`)
    expect(headers.get('content-type')).toBe('application/zip')
    expect(headers.get('content-disposition')).toContain(encodeURIComponent(`企业-${testDemo.asOf}.zip`))
    const files = unzipSync(bytes)
    expect(Object.keys(files).sort()).toEqual(
      ['enterprises.cpg', 'enterprises.dbf', 'enterprises.prj', 'enterprises.shp', 'enterprises.shx'].sort(),
    )
    expect(new TextDecoder().decode(files['enterprises.cpg'])).toBe('GBK')
    expect(new TextDecoder().decode(files['enterprises.prj'])).toMatch(/^GEOGCS\["GCS_WGS_1984"/)
    const source = await shapefile.open(
      files['enterprises.shp']!.slice().buffer,
      files['enterprises.dbf']!.slice().buffer,
      {
        encoding: 'gbk',
      },
    )
    const read: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] = []
    for (let next = await source.read(); !next.done; next = await source.read()) read.push(next.value as never)
    const ids = await itemIds(request, query)
    expect(read.map((feature) => feature.properties['编号'])).toEqual(ids)
    const byId = new Map(
      (
        await db.rows<{ id: number; name: string; uscc: string; risk_level: string; lon: number; lat: number }>(
          sql`SELECT id, name, uscc, risk_level, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises`,
        )
      ).map((row) => [row.id, row]),
    )
    for (const feature of read) {
      const row = byId.get(feature.properties['编号'] as number)!
      expect(feature.properties['企业名称']).toBe(row.name)
      expect(feature.properties['信用代码']).toBe(row.uscc)
      expect(feature.properties['风险等级']).toBe(zhCN.risk[row.risk_level as keyof typeof zhCN.risk])
      expect(feature.geometry.coordinates[0]).toBeCloseTo(row.lon, 6)
      expect(feature.geometry.coordinates[1]).toBeCloseTo(row.lat, 6)
    }
  })

  it('every layer has dbf field names of at most 10 GBK bytes, unique in the layer', async () => {
    const { collections } = await import('../../../server/ogc/collections.ts')
    const { idColumn, propertyColumns } = await import('../../../server/ogc/exports/columns.ts')
    const iconv = (await import('iconv-lite')).default
    for (const collection of collections) {
      const names = [idColumn(collection), ...propertyColumns(collection)].flatMap((c) => (c ? [c.shpField] : []))
      expect(new Set(names).size, collection.id).toBe(names.length)
      for (const name of names) expect(iconv.encode(name, 'gbk').length, name).toBeLessThanOrEqual(10)
    }
  })

  it.runIf(gdalAvailable)('ogrinfo reads the shapefile: WGS 84, Chinese field names and GBK values', async () => {
    const [major] = await db.rows<{ id: number; name: string; n: number }>(
      sql`SELECT min(id)::int AS id, (SELECT name FROM enterprises WHERE id = min(e.id)) AS name, count(*)::int AS n
        FROM enterprises e WHERE risk_level = 'major'`,
    )
    const { bytes } = await download(request, `${items}?risk_level=major&f=shp`)
    const summary = await ogrinfo(bytes, 'enterprises.zip', ['-al', '-so'])
    expect(summary).toContain(`Feature Count: ${major!.n}`)
    expect(summary).toContain('Geometry: Point')
    expect(summary).toMatch(/GEOGCRS\["WGS 84"|GEOGCS\["WGS 84"|GCS_WGS_1984/)
    expect(summary).toMatch(/企业名称: String \(\d+\.0\)/)
    expect(summary).toContain('风险等级: String')
    expect(summary).toContain('从业人数: Integer')
    expect(summary).toContain('标准化有效: Date')
    const values = await ogrinfo(bytes, 'enterprises.zip', ['-al', '-geom=NO', '-fid', '0'])
    expect(values).toContain(`企业名称 (String) = ${major!.name}`)
    expect(values).toContain('风险等级 (String) = 重大风险')
  })

  it.runIf(gdalAvailable)('a polygon layer (zones) is a polygon shapefile GDAL counts and measures', async () => {
    const [zones] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM zones`)
    const { bytes } = await download(request, '/ogc/collections/zones/items?f=shp')
    const summary = await ogrinfo(bytes, 'zones.zip', ['-al', '-so'])
    expect(summary).toContain(`Feature Count: ${zones!.n}`)
    expect(summary).toContain('Geometry: Polygon')
    expect(summary).toContain('区域名称: String')
    const values = await ogrinfo(bytes, 'zones.zip', ['-al', '-fid', '0'])
    expect(values).toMatch(/类型 \(String\) = (禁放区|工业园区)/)
    expect(values).toMatch(/MULTIPOLYGON|POLYGON/)
  })

  it.runIf(gdalAvailable)(
    'f=gpkg is a GeoPackage ogrinfo opens: count, fields, geometry type and EPSG:4326',
    async () => {
      const query = `${items}?bbox=${seatBbox}`
      const ids = await itemIds(request, query)
      const { bytes, headers } = await download(request, `${query}&f=gpkg`)
      expect(headers.get('content-type')).toBe('application/geopackage+sqlite3')
      expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe('SQLite format 3')
      const summary = await ogrinfo(bytes, 'enterprises.gpkg', ['-so'], ['enterprises'])
      expect(summary).toContain(`Feature Count: ${ids.length}`)
      expect(summary).toContain('Geometry: Point')
      expect(summary).toMatch(/ID\["EPSG",4326\]|AUTHORITY\["EPSG","4326"\]/)
      expect(summary).toContain('uscc: String')
      expect(summary).toContain('employees: Integer')
      expect(summary).toContain('above_size: Integer(Boolean)')
      const first = await ogrinfo(bytes, 'enterprises.gpkg', ['-fid', String(ids[0])], ['enterprises'])
      const [row] = await db.rows<{ name: string; lon: number; lat: number }>(
        sql`SELECT name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM enterprises WHERE id = ${ids[0]}`,
      )
      expect(first).toContain(`name (String) = ${row!.name}`)
      expect(first).toContain(`POINT (${row!.lon} ${row!.lat})`)
    },
  )

  it.runIf(gdalAvailable)('the grids as a GeoPackage keep their codes, multipolygons and extent', async () => {
    const [grids] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM grids`)
    const { bytes } = await download(request, '/ogc/collections/grids/items?f=gpkg')
    const summary = await ogrinfo(bytes, 'grids.gpkg', ['-so'], ['grids'])
    expect(summary).toContain(`Feature Count: ${grids!.n}`)
    expect(summary).toContain('Geometry: Multi Polygon')
    expect(summary).toMatch(/Extent: \(1[12]\d\.\d+, 3[34]\.\d+\)/)
  })
})
