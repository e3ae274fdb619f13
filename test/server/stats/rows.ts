import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'

// Plain rows the statistics tests recount in JavaScript, fetched without the code under test.
// Dates come back as text so both drivers agree.

export type EnterpriseRow = {
  id: number
  town_code: string | null
  grid_code: string | null
  status: string
  sector: string
  risk_level: string
  above_size: boolean
  dust: boolean
  dust_workers_per_shift: number | null
  dust_verified: boolean
  ammonia_tonnes: number | null
  hazchem_key_process: boolean
  hazchem_key_chemical: boolean
  major_hazard_level: number | null
  fireworks_wholesale: boolean
  lon: number
  lat: number
}

export const enterpriseRows = (db: Database) =>
  db.rows<EnterpriseRow>(sql`
    SELECT id, town_code, grid_code, status, sector, risk_level, above_size, dust, dust_workers_per_shift,
      dust_verified, ammonia_tonnes::float8 AS ammonia_tonnes, hazchem_key_process, hazchem_key_chemical,
      major_hazard_level, fireworks_wholesale, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM enterprises ORDER BY id`)

export type HazardRow = {
  enterprise_id: number
  town_code: string | null
  grid_code: string | null
  level: string
  status: string
  found_on: string
  deadline: string | null
  closed_on: string | null
  listed_on: string | null
  delisted_on: string | null
}

export const hazardRows = (db: Database) =>
  db.rows<HazardRow>(sql`
    SELECT enterprise_id, town_code, grid_code, level, status, found_on::text AS found_on, deadline::text AS deadline,
      closed_on::text AS closed_on, listed_on::text AS listed_on, delisted_on::text AS delisted_on
    FROM hazards ORDER BY id`)

export type InspectionRow = {
  enterprise_id: number
  town_code: string | null
  grid_code: string | null
  status: string
  inspected_on: string
}

export const inspectionRows = (db: Database) =>
  db.rows<InspectionRow>(sql`
    SELECT enterprise_id, town_code, grid_code, status, inspected_on::text AS inspected_on FROM inspections ORDER BY id`)

export type GridRow = { code: string; town_code: string }

export const gridRows = (db: Database) => db.rows<GridRow>(sql`SELECT code, town_code FROM grids ORDER BY code`)

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000

/** Counts of `rows` by `key`, skipping rows whose key is null. */
export function countBy<T>(rows: T[], key: (row: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>()
  for (const row of rows) {
    const k = key(row)
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  return counts
}
