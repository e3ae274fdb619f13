import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { againstCap, outletCap } from '../rules/outlet-cap.ts'
import { hazardDaysOverdue, hazardOverdue } from '../rules/overdue.ts'
import { scopeCondition, type Scope } from '../scope.ts'

export type OverdueHazard = {
  id: number
  level: 'general' | 'major'
  status: string
  description: string
  enterpriseName: string
  townCode: string | null
  townName: string | null
  deadline: string
  /** Days between the deadline and today (≥ 1). */
  daysOverdue: number
}

export type ListedHazard = {
  id: number
  description: string
  enterpriseName: string
  townCode: string | null
  townName: string | null
  listedByLevel: string | null
  listingRound: string
  listedOn: string
  /**
   * The deadline in force: the listing deadline, or the extension's once approved (a pending request
   * does not move it; it used to show the requested date as the deadline).
   */
  deadline: string
  /** Days from today to the deadline; negative when it has passed. */
  daysLeft: number
}

export type LatestInspection = {
  id: number
  kind: string
  inspectedOn: string
  enterpriseName: string
  townCode: string | null
  townName: string | null
  hazardsFound: number
}

export type WallTown = {
  code: string
  name: string
  open: number
  overdue: number
  majorOpen: number
  /** 1-based position when ranked by overdue, then open hazards, then code. */
  rank: number
  outlets: { active: number; cap: number | null; overCap: boolean | null }
}

export type WallLists = {
  asOf: string
  limit: number
  overdueHazards: OverdueHazard[]
  listedHazards: ListedHazard[]
  latestInspections: LatestInspection[]
  towns: WallTown[]
}

type ListsQuery = { scope: Scope; today: string; limit: number; outletsPer1000Households: number }

export async function wallLists(db: Database, query: ListsQuery): Promise<Omit<WallLists, 'asOf' | 'limit'>> {
  const { scope, today, limit } = query
  const day = sql`${today}::date`
  const townName = (alias: string) => sql`(SELECT r.name FROM regions r WHERE r.code = ${sql.raw(alias)}.town_code)`
  const [overdueHazards, listedHazards, latestInspections, towns] = await Promise.all([
    db.rows<OverdueHazard>(sql`
      SELECT h.id, h.level, h.status, h.description, e.name AS "enterpriseName", h.town_code AS "townCode",
        ${townName('h')} AS "townName", h.deadline::text AS deadline, ${hazardDaysOverdue('h', day)} AS "daysOverdue"
      FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE ${hazardOverdue('h', day)} AND ${scopeCondition(scope, 'h')}
      ORDER BY h.deadline, h.id
      LIMIT ${limit}::int`),
    db.rows<ListedHazard>(sql`
      SELECT h.id, h.description, e.name AS "enterpriseName", h.town_code AS "townCode", ${townName('h')} AS "townName",
        h.listed_by_level AS "listedByLevel", h.listing_round AS "listingRound", h.listed_on::text AS "listedOn",
        h.deadline::text AS deadline, (h.deadline - ${day})::int AS "daysLeft"
      FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
      WHERE h.listed_on IS NOT NULL AND h.delisted_on IS NULL AND h.listed_on <= ${day}
        AND h.deadline IS NOT NULL AND ${scopeCondition(scope, 'h')}
      ORDER BY h.deadline, h.id
      LIMIT ${limit}::int`),
    db.rows<LatestInspection>(sql`
      SELECT i.id, i.kind, i.inspected_on::text AS "inspectedOn", e.name AS "enterpriseName",
        i.town_code AS "townCode", ${townName('i')} AS "townName",
        (SELECT count(*) FROM hazards h WHERE h.inspection_id = i.id)::int AS "hazardsFound"
      FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
      WHERE i.status = 'done' AND i.inspected_on <= ${day} AND ${scopeCondition(scope, 'i')}
      ORDER BY i.inspected_on DESC, i.id DESC
      LIMIT ${limit}::int`),
    db.rows<
      Omit<WallTown, 'outlets' | 'rank'> & { households: number | null; handCap: number | null; active: number }
    >(sql`
      SELECT t.town_code AS code, t.name, coalesce(h.open, 0)::int AS open, coalesce(h.overdue, 0)::int AS overdue,
        coalesce(h.major_open, 0)::int AS "majorOpen", t.households, t.outlet_cap AS "handCap",
        coalesce(o.active, 0)::int AS active
      FROM (SELECT code AS town_code, NULL::text AS grid_code, name, households, outlet_cap
        FROM regions WHERE kind <> 'county') t
      LEFT JOIN (
        SELECT h.town_code, count(*) AS open, count(*) FILTER (WHERE ${hazardOverdue('h', day)}) AS overdue,
          count(*) FILTER (WHERE h.level = 'major') AS major_open
        FROM hazards h WHERE h.status <> 'closed' AND ${scopeCondition(scope, 'h')}
        GROUP BY h.town_code
      ) h ON h.town_code = t.town_code
      LEFT JOIN (
        SELECT o.town_code, count(*) AS active FROM fireworks_outlets o
        WHERE o.status = 'active' AND ${scopeCondition(scope, 'o')}
        GROUP BY o.town_code
      ) o ON o.town_code = t.town_code
      WHERE ${scopeCondition(scope, 't')} OR h.town_code IS NOT NULL OR o.town_code IS NOT NULL
      ORDER BY coalesce(h.overdue, 0) DESC, coalesce(h.open, 0) DESC, t.town_code`),
  ])
  return {
    overdueHazards,
    listedHazards,
    latestInspections,
    towns: towns.map(({ households, handCap, active, ...town }, index) => {
      const { cap } = outletCap({ households, handCap }, query.outletsPer1000Households)
      return { ...town, rank: index + 1, outlets: { active, cap, overCap: againstCap(active, cap).overCap } }
    }),
  }
}
