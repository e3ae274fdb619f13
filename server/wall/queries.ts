import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { againstCap, outletCap } from '../rules/outlet-cap.ts'
import { hazardDaysOverdue, hazardOverdue, overdueAmongOpenDeadlines } from '../rules/overdue.ts'
import { scopeCondition, type Scope } from '../scope.ts'

export type OverdueHazard = {
  id: number
  level: 'general' | 'major'
  status: string
  description: string
  enterprise_name: string
  town_code: string | null
  town_name: string | null
  deadline: string
  /** Days between the deadline and today (≥ 1). */
  days_overdue: number
}

export type ListedHazard = {
  id: number
  description: string
  enterprise_name: string
  town_code: string | null
  town_name: string | null
  listed_by_level: string | null
  listing_round: string
  listed_on: string
  /**
   * The deadline in force: the listing deadline, or the extension's once approved (a pending request
   * does not move it; it used to show the requested date as the deadline).
   */
  deadline: string
  /** Days from today to the deadline; negative when it has passed. */
  days_left: number
}

export type LatestInspection = {
  id: number
  kind: string
  inspected_on: string
  enterprise_name: string
  town_code: string | null
  town_name: string | null
  hazards_found: number
}

export type WallTown = {
  code: string
  name: string
  open: number
  overdue: number
  major_open: number
  /** 1-based position when ranked by overdue, then open hazards, then code. */
  rank: number
  outlets: { active: number; cap: number | null; over_cap: boolean | null }
}

export type WallLists = {
  as_of: string
  limit: number
  overdue_hazards: OverdueHazard[]
  listed_hazards: ListedHazard[]
  latest_inspections: LatestInspection[]
  towns: WallTown[]
}

type ListsQuery = { scope: Scope; today: string; limit: number; outletsPer1000Households: number }

/** Open, overdue and major open hazards per town in scope: a subquery of (town_code, open, overdue, major_open). */
export type TownHazards = (scope: Scope, today: SQL) => SQL

/** From the statistics facts (db/schema.ts hazardFacts); overdue is decided against today here. */
const townHazardsFromFacts: TownHazards = (scope, today) => sql`(
  SELECT f.town_code, sum(f.open) AS open, sum(${overdueAmongOpenDeadlines(sql`f.open_deadlines`, today)}) AS overdue,
    sum(f.major_open) AS major_open
  FROM hazard_facts f WHERE f.open > 0 AND ${scopeCondition(scope, 'f')}
  GROUP BY f.town_code)`

/**
 * The wall's lists: the three row lists read by index (newest or most urgent first, `limit` rows),
 * the towns from the statistics facts; `townHazards` is replaced by the tests' from-scratch oracle.
 */
export async function wallLists(
  db: Database,
  query: ListsQuery,
  townHazards: TownHazards = townHazardsFromFacts,
): Promise<Omit<WallLists, 'as_of' | 'limit'>> {
  const { scope, today, limit } = query
  const day = sql`${today}::date`
  const townName = (alias: string) => sql`(SELECT r.name FROM regions r WHERE r.code = ${sql.raw(alias)}.town_code)`
  const [overdueHazards, listedHazards, latestInspections, towns] = await Promise.all([
    db.rows<OverdueHazard>(sql`
      SELECT h.id, h.level, h.status, h.description, e.name AS enterprise_name, h.town_code,
        ${townName('h')} AS town_name, h.deadline::text AS deadline, ${hazardDaysOverdue('h', day)} AS days_overdue
      FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE ${hazardOverdue('h', day)} AND h.deadline < ${day} AND ${scopeCondition(scope, 'h')}
      ORDER BY h.deadline, h.id
      LIMIT ${limit}::int`),
    db.rows<ListedHazard>(sql`
      SELECT h.id, h.description, e.name AS enterprise_name, h.town_code, ${townName('h')} AS town_name,
        h.listed_by_level, h.listing_round, h.listed_on::text AS listed_on,
        h.deadline::text AS deadline, (h.deadline - ${day})::int AS days_left
      FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE h.listed_on IS NOT NULL AND h.delisted_on IS NULL AND h.listed_on <= ${day}
        AND h.deadline IS NOT NULL AND ${scopeCondition(scope, 'h')}
      ORDER BY h.deadline, h.id
      LIMIT ${limit}::int`),
    db.rows<LatestInspection>(sql`
      SELECT i.id, i.kind, i.inspected_on::text AS inspected_on, e.name AS enterprise_name,
        i.town_code, ${townName('i')} AS town_name,
        (SELECT count(*) FROM hazards h WHERE h.inspection_id = i.id)::int AS hazards_found
      FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
      WHERE i.status = 'done' AND i.inspected_on <= ${day} AND ${scopeCondition(scope, 'i')}
      ORDER BY i.inspected_on DESC, i.id DESC
      LIMIT ${limit}::int`),
    db.rows<
      Omit<WallTown, 'outlets' | 'rank'> & { households: number | null; hand_cap: number | null; active: number }
    >(sql`
      SELECT t.town_code AS code, t.name, coalesce(h.open, 0)::int AS open, coalesce(h.overdue, 0)::int AS overdue,
        coalesce(h.major_open, 0)::int AS major_open, t.households, t.outlet_cap AS hand_cap,
        coalesce(o.active, 0)::int AS active
      FROM (SELECT code AS town_code, NULL::text AS grid_code, name, households, outlet_cap
        FROM regions WHERE kind <> 'county') t
      LEFT JOIN ${townHazards(scope, day)} h ON h.town_code = t.town_code
      LEFT JOIN (
        SELECT o.town_code, count(*) AS active FROM fireworks_outlets o
        WHERE o.status = 'active' AND ${scopeCondition(scope, 'o')}
        GROUP BY o.town_code
      ) o ON o.town_code = t.town_code
      WHERE ${scopeCondition(scope, 't')} OR h.town_code IS NOT NULL OR o.town_code IS NOT NULL
      ORDER BY coalesce(h.overdue, 0) DESC, coalesce(h.open, 0) DESC, t.town_code`),
  ])
  return {
    overdue_hazards: overdueHazards,
    listed_hazards: listedHazards,
    latest_inspections: latestInspections,
    towns: towns.map(({ households, hand_cap, active, ...town }, index) => {
      const { cap } = outletCap({ households, handCap: hand_cap }, query.outletsPer1000Households)
      return { ...town, rank: index + 1, outlets: { active, cap, over_cap: againstCap(active, cap).overCap } }
    }),
  }
}
