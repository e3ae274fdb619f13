import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'vitest'
import type { As, Request } from '../../support/test-app.ts'

/** GDAL reads what Chinese desktop GIS reads (QGIS uses it); CI installs gdal-bin (test/server/gdal.test.ts). */
export const ogrinfoPath = '/usr/bin/ogrinfo'
export const gdalAvailable = existsSync(ogrinfoPath)
if (!gdalAvailable && process.env.CI === 'true') throw new Error('CI=true and ogrinfo (gdal-bin) is missing')

const run = promisify(execFile)

/** ogrinfo over a file written to a temporary folder (`/vsizip/` for a zip), then `layers`. */
export async function ogrinfo(
  bytes: Uint8Array,
  fileName: string,
  args: string[],
  layers: string[] = [],
): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'sheyang-export-'))
  try {
    const path = join(folder, fileName)
    writeFileSync(path, bytes)
    const target = fileName.endsWith('.zip') ? `/vsizip/${path}` : path
    const { stdout, stderr } = await run(ogrinfoPath, [...args, target, ...layers], { maxBuffer: 64 << 20 })
    // A warning means GDAL had to guess or repair (an encoding, a missing GeoPackage table).
    expect(stderr).toBe('')
    return stdout
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** GETs a file; checks the status and returns the bytes and the headers. */
export async function download(request: Request, path: string, as: As = 'county') {
  const response = await request(path, {}, as)
  if (response.status !== 200) expect(await response.text()).toBe('a 200 file')
  return { bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers }
}

/** The ids of the JSON items for the same query (one page of up to 10,000). */
export async function itemIds(request: Request, query: string, as: As = 'county'): Promise<(number | string)[]> {
  const response = await request(`${query}${query.includes('?') ? '&' : '?'}limit=10000`, {}, as)
  expect(response.status).toBe(200)
  const body = (await response.json()) as { numberMatched: number; features: { id: number | string }[] }
  expect(body.numberMatched).toBe(body.features.length)
  return body.features.map((feature) => feature.id)
}
