import { sql } from 'drizzle-orm'
import { scopeCondition } from '../scope.ts'
import { groundDistance, mayLieWithin } from './ground-distance.ts'
import { ifVisible, type RuleFragment } from './rule-context.ts'

/**
 * 65号令 / AQ 4128-2019: two retail outlets at least `fireworks_outlet_spacing_m` apart. Closer is a
 * breach; exactly the distance is allowed. Each outlet of a close pair names the other. Measured
 * against the `layout` (server/fireworks/layout.ts): today's, or a plan's.
 * (OFFSET 0 keeps the lateral query apart, so the spheroidal distance is computed only for the
 * outlets the index prefilter lets through, whatever order the planner gives the conditions.)
 */
export const outletSpacing: RuleFragment = ({ rules, scope }) => {
  const spacing = rules.fireworks_outlet_spacing_m
  if (spacing <= 0) return null
  return sql`SELECT s.id, 'outlet_spacing', 'error', p.m, ${spacing}::float8, 'outlet',
      ${ifVisible(scopeCondition(scope, 'p'), sql`p.id`)}, ${ifVisible(scopeCondition(scope, 'p'), sql`p.name`)},
      p.kind::text, p.m
    FROM subject s
    CROSS JOIN LATERAL (
      SELECT p.id, p.name, p.kind, p.town_code, p.grid_code, ${groundDistance(sql`p.geom`, sql`s.geom`)} AS m
      FROM layout p
      WHERE ${mayLieWithin(sql`p.geom`, sql`s.geom`, spacing)} AND p.id IS DISTINCT FROM s.id
      OFFSET 0
    ) p
    WHERE p.m < ${spacing}::float8`
}
