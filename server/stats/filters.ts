import { z } from 'zod'
import { riskLevels, sectors } from '../../db/schema.ts'
import { badRequest } from '../api-error.ts'

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
const filterSchema = z.strictObject({
  town_code: z.array(townCode).default([]),
  sector: z.array(z.enum(sectors)).default([]),
  risk_level: z.array(z.enum(riskLevels)).default([]),
})

export const allowedFilterParameters = Object.keys(filterSchema.shape)

/**
 * Parses `town_code`, `sector`, `risk_level` (each repeatable and/or comma-separated) from the
 * query string. Anything else, or a value outside the schema's vocabulary, is a 400 that lists what
 * is allowed.
 */
export function parseStatsFilter(queries: Record<string, string[]>): StatsFilter {
  const unknown = Object.keys(queries).filter((name) => !allowedFilterParameters.includes(name))
  if (unknown.length > 0) {
    throw badRequest(`Unknown query parameter: ${unknown.join(', ')}`, { allowed: allowedFilterParameters })
  }
  const split = Object.fromEntries(
    Object.entries(queries).map(([name, values]) => [
      name,
      [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()))],
    ]),
  )
  const parsed = filterSchema.safeParse(split)
  if (!parsed.success) {
    throw badRequest('Invalid filter', {
      issues: parsed.error.issues.map((issue) => ({ parameter: issue.path[0], message: issue.message })),
      allowed: { sector: sectors, risk_level: riskLevels, town_code: '9-digit region code' },
    })
  }
  return { townCodes: parsed.data.town_code, sectors: parsed.data.sector, riskLevels: parsed.data.risk_level }
}
