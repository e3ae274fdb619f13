import { inArray } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { settings } from '../../db/schema.ts'

// The 挂牌督办 and escalation settings of db/defaults.ts; a malformed row falls back to the default.
const rulesSchema = {
  listing_deadline_max_days: z.number().int().positive().catch(365),
  listing_extension_request_working_days: z.number().int().nonnegative().catch(20),
  hazard_escalation: z
    .object({
      letter_after_days_overdue: z.number().int().positive(),
      public_criticism_after_days_overdue: z.number().int().positive(),
    })
    .catch({ letter_after_days_overdue: 7, public_criticism_after_days_overdue: 30 }),
}

export type HazardRules = { [K in keyof typeof rulesSchema]: z.infer<(typeof rulesSchema)[K]> }

export async function readHazardRules(db: Pick<Database, 'orm'>): Promise<HazardRules> {
  const keys = Object.keys(rulesSchema) as (keyof typeof rulesSchema)[]
  const rows = await db.orm.select().from(settings).where(inArray(settings.key, keys))
  const value = (key: keyof typeof rulesSchema) => rulesSchema[key].parse(rows.find((r) => r.key === key)?.value)
  return {
    listing_deadline_max_days: value('listing_deadline_max_days') as number,
    listing_extension_request_working_days: value('listing_extension_request_working_days') as number,
    hazard_escalation: value('hazard_escalation') as HazardRules['hazard_escalation'],
  }
}
