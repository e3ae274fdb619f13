import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FeatureCollection } from 'geojson'

/**
 * A shapefile written by GDAL's ogr2ogr from a GeoJSON, as a survey department's desktop GIS
 * would deliver it: its parts by extension (shp, shx, dbf, prj, cpg — those GDAL wrote).
 */
export function ogrShapefile(
  collection: FeatureCollection,
  { encoding = 'UTF-8', targetCrs }: { encoding?: 'GBK' | 'UTF-8'; targetCrs?: string } = {},
): Record<string, Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'shp-'))
  try {
    writeFileSync(join(dir, 'in.geojson'), JSON.stringify(collection))
    execFileSync('ogr2ogr', [
      '-f',
      'ESRI Shapefile',
      '-lco',
      `ENCODING=${encoding}`,
      ...(targetCrs ? ['-s_srs', 'EPSG:4326', '-t_srs', targetCrs] : []),
      join(dir, 'out.shp'),
      join(dir, 'in.geojson'),
    ])
    const parts: Record<string, Uint8Array> = {}
    for (const name of readdirSync(dir))
      if (name.startsWith('out.')) parts[name.slice(4)] = new Uint8Array(readFileSync(join(dir, name)))
    return parts
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The parts named `${base}.${ext}` for a zip. */
export const named = (base: string, parts: Record<string, Uint8Array>, exts = Object.keys(parts)) =>
  Object.fromEntries(exts.map((ext) => [`${base}.${ext}`, parts[ext]!]))

const u32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true)

/** Where each local header (PK\3\4) and central directory header (PK\1\2) of a zip starts. */
function headers(zip: Uint8Array): { local: number[]; central: number[] } {
  const local: number[] = []
  const central: number[] = []
  for (let at = 0; at + 4 <= zip.length; at++) {
    const signature = u32(zip, at)
    if (signature === 0x04034b50) local.push(at)
    else if (signature === 0x02014b50) central.push(at)
  }
  return { local, central }
}

/**
 * A zip with its entries' declared (uncompressed) sizes replaced, in the central directory and,
 * unless told otherwise, in the local headers too: a zip that lies about how much it holds.
 */
export function withDeclaredSize(zip: Uint8Array, size: number, { local = true } = {}): Uint8Array {
  const out = zip.slice()
  const view = new DataView(out.buffer)
  const { local: locals, central } = headers(out)
  for (const at of central) view.setUint32(at + 24, size, true)
  if (local) for (const at of locals) view.setUint32(at + 22, size, true)
  return out
}

/**
 * A zip whose ASCII entry names are replaced, byte for byte, by other bytes of the same length
 * (fflate writes non-ASCII names in UTF-8 with the UTF-8 flag; Windows' zip writes GBK without it).
 */
export function withRawNames(zip: Uint8Array, names: ReadonlyMap<string, Uint8Array>): Uint8Array {
  let out = zip.slice()
  for (const [ascii, raw] of names) {
    const from = new TextEncoder().encode(ascii)
    if (from.length !== raw.length) throw new Error(`${ascii} and its raw name differ in length`)
    const next = Buffer.from(out)
    for (let at = next.indexOf(from); at >= 0; at = next.indexOf(from, at + 1)) next.set(raw, at)
    out = new Uint8Array(next)
  }
  return out
}
