import { sql } from 'drizzle-orm'
import type { Database } from '../../../db/client.ts'
import { hazardOverdue } from '../../../server/rules/overdue.ts'
import { lastVisitSql } from '../../../server/rules/visit-due.ts'
import { scopeCondition } from '../../../server/scope.ts'
import {
  enterpriseConditions,
  enterpriseCountsSql,
  rowConditions,
  yearStart,
  type EnterpriseRow,
  type HazardRow,
  type HistoryCounts,
  type InspectionRow,
  type MetricsQuery,
} from '../../../server/stats/area-metrics.ts'
import type { FoundHazards } from '../../../server/stats/summary.ts'
import type { TownHazards } from '../../../server/wall/queries.ts'

/*
 * The statistics as they were computed before the facts of migration 0006: straight from the
 * inspection and hazard history on every request. The facts must give exactly these answers
 * (test/server/stats/facts-oracle.test.ts), and the bench prints both (test/bench/stats.ts).
 */

function enterpriseCounts(db: Database, query: MetricsQuery) {
  const lastVisit = {
    join: sql`LEFT JOIN LATERAL (SELECT ${lastVisitSql('e', sql`${query.today}::date`)} AS inspected_on) last_visit ON true`,
    date: sql`last_visit.inspected_on`,
  }
  return db.rows<EnterpriseRow>(enterpriseCountsSql(query, lastVisit))
}

function hazardCounts(db: Database, query: MetricsQuery) {
  const today = sql`${query.today}::date`
  const thisYear = (column: string) => sql`h.${sql.raw(column)} BETWEEN ${yearStart(query.today)}::date AND ${today}`
  return db.rows<HazardRow>(sql`
    SELECT h.${sql.raw(query.by)} AS key,
      count(*) FILTER (WHERE h.status <> 'closed')::int AS open,
      count(*) FILTER (WHERE ${hazardOverdue('h', today)})::int AS overdue,
      count(*) FILTER (WHERE h.status <> 'closed' AND h.level = 'major')::int AS major_open,
      count(*) FILTER (WHERE h.listed_on IS NOT NULL AND h.delisted_on IS NULL)::int AS listed,
      count(*) FILTER (WHERE ${thisYear('found_on')})::int AS found,
      count(*) FILTER (WHERE ${thisYear('found_on')} AND h.status = 'closed')::int AS found_closed,
      count(*) FILTER (WHERE ${thisYear('found_on')} AND h.level = 'major')::int AS major_found,
      count(*) FILTER (WHERE ${thisYear('found_on')} AND h.level = 'major' AND h.status = 'closed')::int
        AS major_found_closed,
      count(*) FILTER (WHERE ${thisYear('closed_on')})::int AS closed
    FROM hazards h JOIN enterprises e ON e.id = h.enterprise_id
    WHERE ${rowConditions('h', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY h.${sql.raw(query.by)}`)
}

function inspectionCounts(db: Database, query: MetricsQuery) {
  return db.rows<InspectionRow>(sql`
    SELECT i.${sql.raw(query.by)} AS key, count(*)::int AS done, count(DISTINCT i.enterprise_id)::int AS enterprises
    FROM inspections i JOIN enterprises e ON e.id = i.enterprise_id
    WHERE i.status = 'done' AND i.inspected_on BETWEEN ${yearStart(query.today)}::date AND ${query.today}::date
      AND ${rowConditions('i', query)} AND ${enterpriseConditions('e', query.filter)}
    GROUP BY i.${sql.raw(query.by)}`)
}

export const historyFromScratch: HistoryCounts = {
  enterprises: enterpriseCounts,
  hazards: hazardCounts,
  inspections: inspectionCounts,
}

export const foundHazardsFromScratch: FoundHazards = ({ scope, year, to }) => sql`(
  SELECT count(*)::int AS found,
    count(*) FILTER (WHERE h.status = 'closed')::int AS closed,
    count(*) FILTER (WHERE h.level = 'major')::int AS major_found,
    count(*) FILTER (WHERE h.level = 'major' AND h.status = 'closed')::int AS major_closed
  FROM hazards h
  WHERE h.found_on BETWEEN ${`${year}-01-01`}::date AND ${to}::date AND ${scopeCondition(scope, 'h')})`

export const townHazardsFromScratch: TownHazards = (scope, today) => sql`(
  SELECT h.town_code, count(*) AS open, count(*) FILTER (WHERE ${hazardOverdue('h', today)}) AS overdue,
    count(*) FILTER (WHERE h.level = 'major') AS major_open
  FROM hazards h WHERE h.status <> 'closed' AND ${scopeCondition(scope, 'h')}
  GROUP BY h.town_code)`
