import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { scopeCondition } from '../scope.ts'
import { locationRuleCodes, violationOrder, violationsUnion, type Violation } from './engine.ts'
import { groundDistance, mayLieWithin } from './ground-distance.ts'
import { inLayout, todaysLayout } from './layout.ts'
import { ifVisible, type RuleContext } from './rule-context.ts'
import { siteThresholds } from './site-distance.ts'

/**
 * POST /api/fireworks/check: may an outlet go at this point, and why not. The location rules of
 * the engine run on one candidate point (a `subject` with a NULL id); around it, within
 * `fireworks_check_radius_m`, the nearest outlet of the layout, the nearest site of each kind and the
 * nearest no-fireworks zone. web/features/fireworks/candidate-check.ts answers the same in the browser;
 * test/server/fireworks/agreement.test.ts holds them to the same answer.
 */
export type CandidateCheck = {
  lon: number
  lat: number
  town_code: string | null
  grid_code: string | null
  allowed: boolean
  violations: Violation[]
  nearest: {
    outlet: { id: number | null; name: string | null; distance_m: number } | null
    sites: { kind: string; id: number | null; name: string | null; distance_m: number; threshold_m: number }[]
    zone: { id: number | null; name: string | null; inside: boolean; edge_distance_m: number } | null
  }
}

type Place = { town_code: string | null; grid_code: string | null }

const pointOf = (lon: number, lat: number) => sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`

/** The town and grid a point falls in, as the spatial-join trigger would assign them. */
export function placeSql(point: SQL): SQL {
  return sql`SELECT coalesce(g.town_code, r.code) AS town_code, g.code AS grid_code
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT code, town_code FROM grids WHERE ST_Intersects(geom, ${point}) ORDER BY code LIMIT 1) g ON true
    LEFT JOIN LATERAL (SELECT code FROM regions WHERE kind <> 'county' AND ST_Intersects(geom, ${point})
      ORDER BY code LIMIT 1) r ON true`
}

/** The check, or null when the point lies outside the caller's scope. */
export async function checkCandidate(
  db: Database,
  context: RuleContext,
  lon: number,
  lat: number,
): Promise<CandidateCheck | null> {
  const point = pointOf(lon, lat)
  const [place] = await db.rows<Place & { visible: boolean }>(
    sql`SELECT p.*, (${scopeCondition(context.scope, 'p')}) AS visible FROM (${placeSql(point)}) p`,
  )
  if (!place?.visible) return null
  const { scope, rules } = context
  const radius = rules.fireworks_check_radius_m
  const { relation } = siteThresholds(rules)
  const [violations, outlets, sites, zones] = await Promise.all([
    db.rows<Violation>(sql`
      WITH ${todaysLayout.ctes}, subject AS (SELECT NULL::int AS id, ${point} AS geom)
      SELECT v.rule, v.severity, v.value, v.threshold, v.other_type, v.other_id, v.other_name, v.other_kind, v.distance_m
      FROM (${violationsUnion(context, locationRuleCodes)}) v ORDER BY ${violationOrder('v')}`),
    db.rows<NonNullable<CandidateCheck['nearest']['outlet']>>(sql`
      SELECT ${ifVisible(scopeCondition(scope, 'p'), sql`p.id`)} AS id,
        ${ifVisible(scopeCondition(scope, 'p'), sql`p.name`)} AS name, d.m AS distance_m
      FROM fireworks_outlets p CROSS JOIN LATERAL (SELECT ${groundDistance(sql`p.geom`, point)} AS m) d
      WHERE ${inLayout('p')} AND ${mayLieWithin(sql`p.geom`, point, radius)} AND d.m <= ${radius}::float8
      ORDER BY d.m, p.id LIMIT 1`),
    relation
      ? db.rows<CandidateCheck['nearest']['sites'][number]>(sql`
          SELECT p.kind::text AS kind, ${ifVisible(scopeCondition(scope, 'p'), sql`p.id`)} AS id,
            ${ifVisible(scopeCondition(scope, 'p'), sql`p.name`)} AS name, p.m AS distance_m, t.threshold_m
          FROM (SELECT DISTINCT ON (p.kind) p.id, p.kind, p.name, p.town_code, p.grid_code, d.m
            FROM sensitive_sites p CROSS JOIN LATERAL (SELECT ${groundDistance(sql`p.geom`, point)} AS m) d
            WHERE ${mayLieWithin(sql`p.geom`, point, radius)} AND d.m <= ${radius}::float8
            ORDER BY p.kind, d.m, p.id) p
          JOIN ${relation} t(kind, threshold_m) ON t.kind = p.kind
          ORDER BY p.m, p.kind`)
      : Promise.resolve([]),
    db.rows<NonNullable<CandidateCheck['nearest']['zone']>>(sql`
      SELECT ${ifVisible(scopeCondition(scope, 'z'), sql`z.id`)} AS id,
        ${ifVisible(scopeCondition(scope, 'z'), sql`z.name`)} AS name, z.inside, z.m AS edge_distance_m
      FROM (SELECT z.*, ST_Intersects(z.geom, ${point}) AS inside, d.m
        FROM zones z CROSS JOIN LATERAL (SELECT ${groundDistance(sql`ST_Boundary(z.geom)`, point)} AS m) d
        WHERE z.kind = 'no_fireworks' AND ${mayLieWithin(sql`z.geom`, point, radius)}) z
      WHERE z.inside OR z.m <= ${radius}::float8
      ORDER BY z.inside DESC, z.m, z.id LIMIT 1`),
  ])
  return {
    lon,
    lat,
    town_code: place.town_code,
    grid_code: place.grid_code,
    allowed: !violations.some((v) => v.severity === 'error'),
    violations,
    nearest: { outlet: outlets[0] ?? null, sites, zone: zones[0] ?? null },
  }
}
