import { sql } from 'drizzle-orm'
import { scopeCondition } from '../scope.ts'
import { groundDistance, mayLieWithin } from './ground-distance.ts'
import { activeOutlet, ifVisible, type RuleFragment } from './rule-context.ts'

/**
 * 65号令 / AQ 4128-2019: two retail outlets at least `fireworks_outlet_spacing_m` apart. Closer is a
 * breach; exactly the distance is allowed. Each outlet of a close pair names the other.
 */
export const outletSpacing: RuleFragment = ({ rules, scope }) => {
  const spacing = rules.fireworks_outlet_spacing_m
  if (spacing <= 0) return null
  return sql`SELECT s.id, 'outlet_spacing', 'error', d.m, ${spacing}::float8, 'outlet',
      ${ifVisible(scopeCondition(scope, 'p'), sql`p.id`)}, ${ifVisible(scopeCondition(scope, 'p'), sql`p.name`)},
      p.kind::text, d.m
    FROM subject s
    JOIN fireworks_outlets p ON ${activeOutlet('p')} AND p.id IS DISTINCT FROM s.id
      AND ${mayLieWithin(sql`p.geom`, sql`s.geom`, spacing)}
    CROSS JOIN LATERAL (SELECT ${groundDistance(sql`p.geom`, sql`s.geom`)} AS m) d
    WHERE d.m < ${spacing}::float8`
}
