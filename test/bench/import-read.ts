/**
 * `npm run bench -- import-read` (or `npx tsx test/bench/import-read.ts`): the importer's file
 * readers (server/imports/read) on 100,000 points in each format — how long reading every row
 * takes, and the longest the event loop was held meanwhile (the readers yield every 1,000 rows, so
 * other requests keep being served during an import). The shapefile is written by GDAL's ogr2ogr;
 * without it that line is skipped. Figures only, no thresholds.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import ExcelJS from 'exceljs'
import { zipSync } from 'fflate'
import { readFile } from '../../server/imports/read/index.ts'

const rows = 100_000

const point = (i: number) => ({
  name: `射阳县企业${i}`,
  lon: 120 + (i % 1000) / 2000,
  lat: 33.5 + Math.floor(i / 1000) / 200,
})

function csv(): Uint8Array {
  const lines = ['企业名称,统一社会信用代码,经度,纬度']
  for (let i = 0; i < rows; i++) {
    const { name, lon, lat } = point(i)
    lines.push(`${name},91320924MA${String(i).padStart(7, '0')}X,${lon},${lat}`)
  }
  return new TextEncoder().encode(lines.join('\n'))
}

function geojson(): Uint8Array {
  const features = Array.from({ length: rows }, (_, i) => {
    const { name, lon, lat } = point(i)
    return {
      type: 'Feature',
      properties: { 名称: name, 序号: i },
      geometry: { type: 'Point', coordinates: [lon, lat] },
    }
  })
  return new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }))
}

async function xlsx(): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('企业')
  sheet.addRow(['企业名称', '经度', '纬度'])
  for (let i = 0; i < rows; i++) {
    const { name, lon, lat } = point(i)
    sheet.addRow([name, lon, lat])
  }
  return new Uint8Array(await book.xlsx.writeBuffer())
}

function shapefile(): Uint8Array | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'bench-shp-'))
  try {
    writeFileSync(join(dir, 'points.csv'), csv())
    execFileSync(
      'ogr2ogr',
      [
        '-f',
        'ESRI Shapefile',
        '-lco',
        'ENCODING=GBK',
        '-oo',
        'X_POSSIBLE_NAMES=经度',
        '-oo',
        'Y_POSSIBLE_NAMES=纬度',
        join(dir, 'points.shp'),
        join(dir, 'points.csv'),
      ],
      { stdio: 'ignore' },
    )
    return zipSync(
      Object.fromEntries(
        ['shp', 'shx', 'dbf', 'cpg'].map((ext) => [
          `企业.${ext}`,
          new Uint8Array(readFileSync(join(dir, `points.${ext}`))),
        ]),
      ),
    )
  } catch {
    return undefined
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchImportRead() {
  const files: [string, Uint8Array | undefined][] = [
    ['企业.csv', csv()],
    ['企业.geojson', geojson()],
    ['企业.xlsx', await xlsx()],
    ['企业.zip', shapefile()],
  ]
  for (const [fileName, bytes] of files) {
    if (!bytes) {
      console.log(`${fileName}: skipped (ogr2ogr from gdal-bin is needed to write the shapefile)`)
      continue
    }
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    const started = performance.now()
    const result = await readFile({ fileName, bytes })
    let count = 0
    for await (const row of result.rows) count += row.rowNo > 0 ? 1 : 0
    const took = performance.now() - started
    delay.disable()
    console.log(
      `${fileName.padEnd(14)} ${(bytes.length / 1024 / 1024).toFixed(1).padStart(5)} MB  ${count} rows in ${took.toFixed(0).padStart(5)} ms` +
        `  longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`,
    )
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchImportRead()
