import { sql } from 'drizzle-orm'
import { scopeCondition } from '../scope.ts'
import { groundDistance, mayLieWithin } from './ground-distance.ts'
import { ifVisible, type RuleFragment } from './rule-context.ts'
import type { SitingRules } from './siting-rules.ts'

/** The per-kind distances as a relation (kind, threshold_m), kinds switched off (0) left out. */
export function siteThresholds(rules: SitingRules) {
  const entries = Object.entries(rules.fireworks_site_distance_m).filter(([, metres]) => metres > 0)
  const rows = entries.map(([kind, metres]) => sql`(${kind}::text, ${metres}::float8)`)
  const largest = Math.max(0, ...entries.map(([, metres]) => metres))
  return { relation: rows.length > 0 ? sql`(VALUES ${sql.join(rows, sql`, `)})` : null, largest }
}

/**
 * 65号令 / AQ 4128-2019: an outlet keeps its kind's distance (`fireworks_site_distance_m`) from
 * schools, kindergartens, hospitals, markets, crowded places, gas stations, flammable storage,
 * high-rise buildings and residential-compound gates. Closer is a breach. (OFFSET 0: see
 * outlet-spacing.ts.)
 */
export const siteDistance: RuleFragment = ({ rules, scope }) => {
  const { relation, largest } = siteThresholds(rules)
  if (!relation) return null
  return sql`SELECT s.id, 'site_distance', 'error', p.m, t.threshold_m, 'site',
      ${ifVisible(scopeCondition(scope, 'p'), sql`p.id`)}, ${ifVisible(scopeCondition(scope, 'p'), sql`p.name`)},
      p.kind::text, p.m
    FROM subject s
    CROSS JOIN LATERAL (
      SELECT p.id, p.name, p.kind, p.town_code, p.grid_code, ${groundDistance(sql`p.geom`, sql`s.geom`)} AS m
      FROM sensitive_sites p WHERE ${mayLieWithin(sql`p.geom`, sql`s.geom`, largest)}
      OFFSET 0
    ) p
    JOIN ${relation} t(kind, threshold_m) ON t.kind = p.kind
    WHERE p.m < t.threshold_m`
}
