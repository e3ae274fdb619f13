import { sql } from 'drizzle-orm'
import type { RuleFragment } from './rule-context.ts'

const none = sql`NULL::float8, NULL::float8, NULL::text, NULL::int, NULL::text, NULL::text, NULL::float8`

/** "两关闭" (65号令): no outlet in a building shared with a residence (下店上宅 / 前店后宅). */
export const sharesResidence: RuleFragment = ({ rules }) =>
  rules.fireworks_forbid_shared_residence
    ? sql`SELECT s.id, 'shares_residence', 'error', ${none} FROM subject s WHERE s.shares_residence`
    : null

/** "两关闭" (65号令): an outlet is a dedicated shop (专店). */
export const notDedicatedShop: RuleFragment = ({ rules }) =>
  rules.fireworks_require_dedicated_shop
    ? sql`SELECT s.id, 'not_dedicated_shop', 'error', ${none} FROM subject s WHERE NOT s.dedicated_shop`
    : null

/** AQ 4128-2019: a floor area of at least `fireworks_min_floor_area_m2`; exactly the minimum is allowed. */
export const floorArea: RuleFragment = ({ rules }) => {
  const minimum = rules.fireworks_min_floor_area_m2
  return sql`SELECT s.id, 'floor_area', 'error', s.floor_area_m2::float8, ${minimum}::float8,
      NULL::text, NULL::int, NULL::text, NULL::text, NULL::float8
    FROM subject s WHERE s.floor_area_m2 < ${minimum}::float8`
}
