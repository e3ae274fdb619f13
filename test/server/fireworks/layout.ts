import { sql } from 'drizzle-orm'
import geographiclib from 'geographiclib-geodesic'
import type { Database } from '../../../db/client.ts'

/**
 * A hand-made layout at sea east of the county (no demo row within 30 km), with distances set by
 * GeographicLib's direct problem: exactly 49.5 / 50.5 m between outlets, 99.5 / 100.5 m from a
 * school or kindergarten, 0.5 m inside / outside a no-fireworks zone's edge, and outlets that each
 * break one house or licence rule. `today` is the demo's 2026-10-15.
 */
const wgs84 = geographiclib.Geodesic.WGS84
export const offset = (from: readonly number[], azimuth: number, metres: number): [number, number] => {
  const { lat2, lon2 } = wgs84.Direct(from[1]!, from[0]!, azimuth, metres)
  return [lon2!, lat2!]
}
export const distance = (a: readonly number[], b: readonly number[]) => wgs84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!
export const azimuth = (a: readonly number[], b: readonly number[]) => wgs84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).azi1!

export const origin: [number, number] = [121.2, 33.6]

type OutletSpec = {
  name: string
  at: [number, number]
  licenceNo?: string
  floor?: number
  sharesResidence?: boolean
  dedicatedShop?: boolean
  from?: string
  to?: string
}

const a = origin
const b = offset(a, 90, 49.5)
const c = offset(a, 270, 50.5)
const school = offset(b, 90, 99.5)
const kindergarten = offset(c, 270, 100.5)
// The zone's west edge is a meridian (a geodesic): D is 0.5 m inside it, E 0.5 m outside, 500 m apart.
const zoneCorner = offset(origin, 180, 2000)
const zoneNorth = [zoneCorner[0], offset(zoneCorner, 0, 500)[1]] as [number, number]
const d = offset(zoneCorner, 90, 0.5)
const e = offset(zoneNorth, 270, 0.5)
export const zoneRing: [number, number][] = [
  [zoneCorner[0], zoneCorner[1] - 0.01],
  [zoneCorner[0] + 0.02, zoneCorner[1] - 0.01],
  [zoneCorner[0] + 0.02, zoneCorner[1] + 0.01],
  [zoneCorner[0], zoneCorner[1] + 0.01],
  [zoneCorner[0], zoneCorner[1] - 0.01],
]
const house = (i: number) => offset(offset(origin, 0, 2000), 0, 300 * i)

export const layoutOutlets: OutletSpec[] = [
  { name: 'A', at: a },
  { name: 'B', at: b },
  { name: 'C', at: c },
  { name: 'D', at: d },
  { name: 'E', at: e },
  { name: 'floor 9.9', at: house(0), floor: 9.9 },
  { name: 'floor 10', at: house(1), floor: 10 },
  { name: 'residence', at: house(2), sharesResidence: true },
  { name: 'not dedicated', at: house(3), dedicatedShop: false },
  { name: 'ends in 29 days', at: house(4), to: '2026-11-13' },
  { name: 'ends in 30 days', at: house(5), to: '2026-11-14' },
  { name: 'ends in 31 days', at: house(6), to: '2026-11-15' },
  { name: 'ends today', at: house(7), to: '2026-10-15' },
  { name: 'ended yesterday', at: house(8), to: '2026-10-14' },
  { name: 'valid 730 days', at: house(9), to: '2027-12-31' },
  { name: 'valid 731 days', at: house(10), to: '2028-01-01' },
  { name: 'no brackets', at: house(11), licenceNo: 'LS2026-990001' },
  { name: 'two-digit year', at: house(12), licenceNo: '(苏)LS〔26〕990002' },
  { name: 'full-width', at: house(13), licenceNo: '（苏）LS〔2026〕990003' },
]

export const layoutSites = [
  { name: 'school 99.5 m from B', kind: 'school', at: school },
  { name: 'kindergarten 100.5 m from C', kind: 'kindergarten', at: kindergarten },
]

export const positions = { a, b, c, d, e, zoneCorner, school, kindergarten }

export type Layout = { outlets: Map<string, number>; sites: Map<string, number>; zoneId: number }

const point = ([lon, lat]: readonly number[]) => sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`

export async function insertLayout(db: Database): Promise<Layout> {
  const outlets = new Map<string, number>()
  for (const [i, o] of layoutOutlets.entries()) {
    const [row] = await db.rows<{ id: number }>(sql`
      INSERT INTO fireworks_outlets (licence_no, name, kind, status, floor_area_m2, dedicated_shop, shares_residence,
        licence_valid_from, licence_valid_to, geom)
      VALUES (${o.licenceNo ?? `(苏)LS〔2026〕99${String(100 + i)}`}, ${`layout ${o.name}`}, 'fixed', 'active',
        ${o.floor ?? 20}, ${o.dedicatedShop ?? true}, ${o.sharesResidence ?? false},
        ${o.from ?? '2026-01-01'}::date, ${o.to ?? '2026-12-31'}::date, ${point(o.at)})
      RETURNING id`)
    outlets.set(o.name, row!.id)
  }
  const sites = new Map<string, number>()
  for (const s of layoutSites) {
    const [row] = await db.rows<{ id: number }>(sql`
      INSERT INTO sensitive_sites (name, kind, geom) VALUES (${s.name}, ${s.kind}, ${point(s.at)}) RETURNING id`)
    sites.set(s.name, row!.id)
  }
  const ring = zoneRing.map(([lon, lat]) => `${lon} ${lat}`).join(', ')
  const [zone] = await db.rows<{ id: number }>(sql`
    INSERT INTO zones (name, kind, geom)
    VALUES ('layout zone', 'no_fireworks', ST_Multi(ST_GeomFromText(${`POLYGON((${ring}))`}, 4326)))
    RETURNING id`)
  return { outlets, sites, zoneId: zone!.id }
}

export async function removeLayout(db: Database, layout: Layout | undefined) {
  if (!layout) return
  await db.rows(sql`DELETE FROM fireworks_outlets WHERE id IN (${sql.join([...layout.outlets.values()], sql`, `)})`)
  await db.rows(sql`DELETE FROM sensitive_sites WHERE id IN (${sql.join([...layout.sites.values()], sql`, `)})`)
  await db.rows(sql`DELETE FROM zones WHERE id = ${layout.zoneId}`)
}

/** Sets a settings row for the length of `run`, then puts the old value back. */
export async function withSetting<T>(db: Database, key: string, value: unknown, run: () => Promise<T>): Promise<T> {
  const [old] = await db.rows<{ value: unknown }>(sql`SELECT value FROM settings WHERE key = ${key}`)
  await db.rows(sql`UPDATE settings SET value = ${JSON.stringify(value)}::jsonb WHERE key = ${key}`)
  try {
    return await run()
  } finally {
    await db.rows(sql`UPDATE settings SET value = ${JSON.stringify(old!.value)}::jsonb WHERE key = ${key}`)
  }
}
