import { sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { riskLevels, sectors } from '../../db/schema.ts'
import { badRequest } from '../api-error.ts'
import type { Refusal } from '../http/validate.ts'
import { listParam } from '../http/values.ts'

/**
 * The map's filters, applied to the numbers too. `townCodes` restricts which grids / towns are
 * reported (and every row counted); `sectors` and `riskLevels` restrict the enterprise-based
 * numbers (enterprises, dust, confined spaces, ammonia, hazchem, wholesale, hazards, inspections).
 * An empty list means "no restriction".
 */
export type StatsFilter = {
  townCodes: string[]
  sectors: (typeof sectors)[number][]
  riskLevels: (typeof riskLevels)[number][]
}

export const noFilter: StatsFilter = { townCodes: [], sectors: [], riskLevels: [] }

const townCode = z.string().regex(/^\d{9}$/, 'a 9-digit region code, e.g. 320924100')

/**
 * `town_code`, `sector`, `risk_level`, each repeatable and/or comma-separated, as a StatsFilter;
 * any other parameter is refused (with `filterRefusal`, listing what is allowed).
 */
export const statsFilterQuery = z
  .strictObject({
    town_code: listParam(townCode).default([]),
    sector: listParam(z.enum(sectors)).default([]),
    risk_level: listParam(z.enum(riskLevels)).default([]),
  })
  .transform((query): StatsFilter => ({
    townCodes: query.town_code,
    sectors: query.sector,
    riskLevels: query.risk_level,
  }))

export const filterRefusal: Refusal = {
  error: 'Invalid filter',
  details: { allowed: { town_code: '9-digit region code', sector: sectors, risk_level: riskLevels } },
}

/** The codes of the towns and zones (every region but the county), in code order. */
export async function townCodes(db: Database): Promise<string[]> {
  const rows = await db.rows<{ code: string }>(sql`SELECT code FROM regions WHERE kind <> 'county' ORDER BY code`)
  return rows.map((row) => row.code)
}

/** 400 when the filter names a town that does not exist, listing those that do. */
export async function checkTownCodes(db: Database, filter: StatsFilter): Promise<void> {
  if (filter.townCodes.length === 0) return
  const known = await townCodes(db)
  const unknown = filter.townCodes.filter((code) => !known.includes(code))
  if (unknown.length > 0) {
    throw badRequest(`Unknown town_code: ${unknown.join(', ')}`, { allowed: { town_code: known } })
  }
}
