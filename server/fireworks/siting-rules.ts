import { inArray } from 'drizzle-orm'
import { z } from 'zod'
import type { Database } from '../../db/client.ts'
import { defaultSettings } from '../../db/defaults.ts'
import { settings } from '../../db/schema.ts'
import { sensitiveSiteKinds } from '../../db/vocabulary.ts'

/**
 * The fireworks siting thresholds (DOMAIN §6), read from `settings` on every evaluation so an edited
 * row changes the next answer without a restart. A missing or malformed row falls back to its
 * default in db/defaults.ts, the one place the DOMAIN defaults are written down.
 */
const fallback = <T>(key: string) => defaultSettings.find((s) => s.key === key)!.value as T

type SiteKind = (typeof sensitiveSiteKinds)[number]
const distance = z.number().finite().nonnegative()
const siteDefaults = fallback<Record<SiteKind, number>>('fireworks_site_distance_m')

const rulesSchema = {
  fireworks_outlet_spacing_m: distance.catch(fallback('fireworks_outlet_spacing_m')),
  // Kinds left out of an edited row keep their default; 0 switches a kind off.
  fireworks_site_distance_m: z
    .record(z.string(), z.unknown())
    .transform(
      (edited) =>
        Object.fromEntries(
          sensitiveSiteKinds.map((kind) => {
            const parsed = distance.safeParse(edited[kind])
            return [kind, parsed.success ? parsed.data : siteDefaults[kind]]
          }),
        ) as Record<SiteKind, number>,
    )
    .catch(siteDefaults),
  fireworks_forbid_in_no_fireworks_zone: z.boolean().catch(fallback('fireworks_forbid_in_no_fireworks_zone')),
  fireworks_forbid_shared_residence: z.boolean().catch(fallback('fireworks_forbid_shared_residence')),
  fireworks_require_dedicated_shop: z.boolean().catch(fallback('fireworks_require_dedicated_shop')),
  fireworks_min_floor_area_m2: distance.catch(fallback('fireworks_min_floor_area_m2')),
  fireworks_licence_max_years: z.number().int().positive().max(100).catch(fallback('fireworks_licence_max_years')),
  fireworks_licence_expiry_warning_days: z
    .number()
    .int()
    .nonnegative()
    .max(3650)
    .catch(fallback('fireworks_licence_expiry_warning_days')),
  fireworks_outlets_per_1000_households_max: distance.catch(fallback('fireworks_outlets_per_1000_households_max')),
  fireworks_yearly_reduction: z
    .object({ rate_pct: z.number().finite().min(0).max(100), years: z.number().int().min(0).max(20) })
    .catch(fallback('fireworks_yearly_reduction')),
  fireworks_check_radius_m: distance.max(100_000).catch(fallback('fireworks_check_radius_m')),
}

type RuleKey = keyof typeof rulesSchema

/** The settings rows by key, each parsed (or defaulted); snake_case as they are stored and sent. */
export type SitingRules = { [K in RuleKey]: z.infer<(typeof rulesSchema)[K]> }

/** What a candidate-site check needs: the location rules only (server and browser alike). */
export type LocationRules = Pick<
  SitingRules,
  | 'fireworks_outlet_spacing_m'
  | 'fireworks_site_distance_m'
  | 'fireworks_forbid_in_no_fireworks_zone'
  | 'fireworks_check_radius_m'
>

export async function readSitingRules(db: Pick<Database, 'orm'>): Promise<SitingRules> {
  const keys = Object.keys(rulesSchema) as RuleKey[]
  const rows = await db.orm
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(inArray(settings.key, keys))
  const stored = new Map(rows.map((row) => [row.key, row.value]))
  return Object.fromEntries(keys.map((key) => [key, rulesSchema[key].parse(stored.get(key))])) as SitingRules
}
