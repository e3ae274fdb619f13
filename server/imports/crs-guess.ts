import { sql } from 'drizzle-orm'
import gcoord from 'gcoord'
import type { Database } from '../../db/client.ts'
import { crsFromNumbers, crsFromPrj, crsInfo, metresBetween, normaliseCrs, wgs84 } from '../../lib/crs.ts'
import type { LayerDef } from './layers.ts'

/** A position of the file as read (its own system) and the row's key (USCC, licence number, code), if any. */
export type CrsSample = { key: string | null; xy: [number, number] }

export type CrsGuess = { crs: string; reason: string }

/** Pairs needed before an offset from the stored records says anything. */
const leastPairs = 3
/** A predicted obfuscation offset agrees with the file when the median miss is under this. */
const agreeMetres = 30

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const nouns: Partial<Record<string, string>> = { enterprises: '家同一企业', outlets: '个同一零售点' }

const label = (crs: string) => crsInfo(crs)?.label ?? crs

/**
 * The coordinate system a file is probably in: its .prj (or a GeoJSON's `crs` member) when it names
 * one of ours; else the numbers
 * (degrees, or a Gauss-Krüger zone's metres); and for degrees, the records already in the database
 * with the same USCC or licence number: when the file's points lie a few hundred metres from them,
 * as the WGS84 → GCJ-02 (or → BD-09) offset at that place predicts to within 30 m, the file is in
 * that system. Null when nothing can be told (the user chooses).
 */
export async function guessCrs(
  db: Database,
  def: LayerDef,
  declared: { prj: string | null; crsName?: string | null },
  sample: readonly CrsSample[],
): Promise<CrsGuess | null> {
  if (declared.prj) {
    const fromPrj = crsFromPrj(declared.prj)
    if (fromPrj) return { crs: fromPrj, reason: `由 .prj 文件判断为 ${label(fromPrj)}` }
  }
  const named = declared.crsName ? normaliseCrs(declared.crsName) : undefined
  if (named && crsInfo(named)) return { crs: named, reason: `文件声明的坐标系为 ${label(named)}` }
  const points = sample.map((s) => s.xy).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
  const fromNumbers = crsFromNumbers(points)
  if (!fromNumbers) return null
  if (fromNumbers !== wgs84)
    return { crs: fromNumbers, reason: `坐标为平面坐标（米），按数值判断为 ${label(fromNumbers)}` }
  const keyed = def.geometry === 'point' && def.uniqueColumn ? sample.filter((s) => s.key) : []
  const pairs = keyed.length > 0 ? await storedPositions(db, def, keyed) : []
  if (pairs.length < leastPairs)
    return { crs: wgs84, reason: '坐标为经纬度；库中没有足够的同一记录可比对，按 WGS84 处理' }
  const offsets = pairs.map(({ file, stored }) => metresBetween(file, stored))
  const missBy = (to: typeof gcoord.GCJ02 | typeof gcoord.BD09) =>
    median(
      pairs.map(({ file, stored }) =>
        metresBetween(file, gcoord.transform(stored, gcoord.WGS84, to) as [number, number]),
      ),
    )
  const offset = Math.round(median(offsets))
  const noun = nouns[def.layer] ?? '条同一记录'
  const head = `与库中 ${pairs.length} ${noun}的位置偏移中位数 ${offset} 米`
  if (missBy(gcoord.GCJ02) < agreeMetres) return { crs: 'GCJ02', reason: `${head}，与 GCJ-02（高德/腾讯）偏移一致` }
  if (missBy(gcoord.BD09) < agreeMetres) return { crs: 'BD09', reason: `${head}，与 BD-09（百度）偏移一致` }
  return { crs: wgs84, reason: `${head}，不符合 GCJ-02 或 BD-09 的偏移，按 WGS84 处理` }
}

async function storedPositions(db: Database, def: LayerDef, sample: readonly CrsSample[]) {
  const keys = [...new Set(sample.map((s) => s.key!))].slice(0, 2000)
  const rows = await db.rows<{ key: string; lon: number; lat: number }>(sql`
    SELECT ${sql.identifier(def.uniqueColumn!)} AS key, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM ${sql.identifier(def.table)}
    WHERE ${sql.identifier(def.uniqueColumn!)} = ANY(${sql.raw('ARRAY[')}${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}${sql.raw(']::text[]')})`)
  const stored = new Map(rows.map((r) => [r.key, [Number(r.lon), Number(r.lat)] as [number, number]]))
  return sample.flatMap((s) => {
    const at = stored.get(s.key!)
    return at ? [{ file: s.xy, stored: at }] : []
  })
}
