import { sql } from 'drizzle-orm'
import { scopeCondition } from '../scope.ts'
import { groundDistance } from './ground-distance.ts'
import { ifVisible, type RuleFragment } from './rule-context.ts'

/**
 * No outlet inside a no-fireworks zone (禁放区). "Inside" is decided on the geometry, in plain
 * longitude/latitude, boundary included: that is how the polygon was drawn on the map, and what
 * turf's booleanPointInPolygon answers in the browser, so both agree to the last bit. (On geography
 * a long edge is a great-circle arc that bows up to ~0.2 m off the drawn straight line over 4 km,
 * which would move the line a planner sees.) The depth inside — the ground distance to the zone's
 * edge in metres — is the measured value; the edge is measured as geography like every distance.
 */
export const noFireworksZone: RuleFragment = ({ rules, scope }) => {
  if (!rules.fireworks_forbid_in_no_fireworks_zone) return null
  return sql`SELECT s.id, 'no_fireworks_zone', 'error', d.m, 0::float8, 'zone',
      ${ifVisible(scopeCondition(scope, 'z'), sql`z.id`)}, ${ifVisible(scopeCondition(scope, 'z'), sql`z.name`)},
      z.kind::text, d.m
    FROM subject s
    JOIN zones z ON z.kind = 'no_fireworks' AND ST_Intersects(z.geom, s.geom)
    CROSS JOIN LATERAL (SELECT ${groundDistance(sql`ST_Boundary(z.geom)`, sql`s.geom`)} AS m) d`
}
