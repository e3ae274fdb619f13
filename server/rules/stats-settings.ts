import { inArray } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { settings } from '../../db/schema.ts'

/**
 * The thresholds the statistics apply, read from the settings table (keys of db/defaults.ts). A
 * missing or malformed row falls back to the DOMAIN default, so a half-edited setting never turns
 * the statistics into a 500.
 */
const rulesSchema = {
  dust_shift_threshold: z.number().int().nonnegative().catch(30),
  ammonia_major_hazard_tonnes: z.number().nonnegative().catch(10),
  visit_frequency_days: z
    .object({
      major: z.number().int().positive(),
      high: z.number().int().positive(),
      general: z.number().int().positive(),
      low: z.number().int().positive(),
    })
    .catch({ major: 30, high: 30, general: 90, low: 90 }),
  fireworks_outlets_per_1000_households_max: z.number().nonnegative().catch(2),
}

type RuleKey = keyof typeof rulesSchema

export type StatsRules = {
  /** Dust enterprises with MORE than this many exposed workers on one shift need verification. */
  dustShiftThreshold: number
  /** Ammonia refrigeration at or above this many tonnes is a major hazard source. */
  ammoniaMajorHazardTonnes: number
  /** Longest interval between two visits, in days, by risk level. */
  visitFrequencyDays: z.infer<(typeof rulesSchema)['visit_frequency_days']>
  /** Fireworks retail outlets allowed per 1,000 households of a town. */
  outletsPer1000Households: number
}

export async function readStatsRules(db: Database): Promise<StatsRules> {
  const keys = Object.keys(rulesSchema) as RuleKey[]
  const rows = await db.orm
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, keys))
  const value = <K extends RuleKey>(key: K): z.infer<(typeof rulesSchema)[K]> =>
    rulesSchema[key].parse(rows.find((row) => row.key === key)?.value) as z.infer<(typeof rulesSchema)[K]>
  return {
    dustShiftThreshold: value('dust_shift_threshold'),
    ammoniaMajorHazardTonnes: value('ammonia_major_hazard_tonnes'),
    visitFrequencyDays: value('visit_frequency_days'),
    outletsPer1000Households: value('fireworks_outlets_per_1000_households_max'),
  }
}

/** The rules under the settings' own keys (db/defaults.ts), as answers send them: GET /api/rules, the statistics. */
export function statsRulesAnswer(rules: StatsRules) {
  return {
    dust_shift_threshold: rules.dustShiftThreshold,
    ammonia_major_hazard_tonnes: rules.ammoniaMajorHazardTonnes,
    visit_frequency_days: rules.visitFrequencyDays,
    fireworks_outlets_per_1000_households_max: rules.outletsPer1000Households,
  }
}
