import { riskLevels, sectors } from '../../db/schema.ts'
import { zhCN } from '../../web/i18n/zh-CN.ts'
import type { Cell, Table } from '../http/table-files.ts'
import { visitStates } from '../rules/visit-due.ts'
import type { AreaMetrics } from './area-metrics.ts'
import type { GridStats } from './grid-stats.ts'
import type { TownStats } from './town-stats.ts'

/**
 * The per-grid and per-town statistics as workbooks (GET /api/stats/grids.xlsx, towns.xlsx): one
 * row per area, one column per figure of the JSON, under the zh-CN catalogue's words. Rates stay
 * the JSON's fractions (0–1, formatted as percentages by the cell format the reader chooses).
 */
const words = zhCN.exports.stats

type Column<Row> = [header: string, value: (row: Row) => Cell]

const metricColumns: Column<AreaMetrics>[] = [
  [words.enterprises, (m) => m.enterprises.total],
  [words.aboveSize, (m) => m.enterprises.above_size],
  ...riskLevels.map((level): Column<AreaMetrics> => [zhCN.risk[level], (m) => m.enterprises.by_risk_level[level]]),
  [words.highestRisk, (m) => (m.enterprises.highest_risk_level ? zhCN.risk[m.enterprises.highest_risk_level] : null)],
  ...sectors.map((sector): Column<AreaMetrics> => [zhCN.sector[sector], (m) => m.enterprises.by_sector[sector]]),
  [words.dust, (m) => m.dust.enterprises],
  [words.dustOver, (m) => m.dust.over_threshold],
  [words.dustOverUnverified, (m) => m.dust.over_threshold_unverified],
  [words.confinedSpaces, (m) => m.confined_spaces.spaces],
  [words.confinedSpaceEnterprises, (m) => m.confined_spaces.enterprises],
  [words.ammonia, (m) => m.ammonia.enterprises],
  [words.ammoniaMajor, (m) => m.ammonia.major_hazard],
  [words.hazchem, (m) => m.hazchem.enterprises],
  [words.outletsActive, (m) => m.fireworks.outlets_active],
  [words.outletsTotal, (m) => m.fireworks.outlets_total],
  [words.wholesale, (m) => m.fireworks.wholesale_enterprises],
  [words.hazardsOpen, (m) => m.hazards.open],
  [words.hazardsOverdue, (m) => m.hazards.overdue],
  [words.hazardsMajorOpen, (m) => m.hazards.major_open],
  [words.hazardsListed, (m) => m.hazards.listed],
  [words.hazardsFound, (m) => m.hazards.found_this_year],
  [words.hazardsClosed, (m) => m.hazards.closed_this_year],
  [words.closureRate, (m) => m.hazards.closure_rate],
  [words.majorFound, (m) => m.hazards.major_found_this_year],
  [words.majorClosureRate, (m) => m.hazards.major_closure_rate],
  [words.inspections, (m) => m.inspections.done_this_year],
  [words.inspected, (m) => m.inspections.enterprises_inspected_this_year],
  [words.visitedOnTime, (m) => m.inspections.visited_on_time],
  [words.dueForVisit, (m) => m.inspections.due_for_visit],
  ...visitStates.map((state): Column<AreaMetrics> => [
    zhCN.ledgers.visitState[state],
    (m) => m.inspections.by_visit_state[state],
  ]),
  [words.visitedOnTimeShare, (m) => m.inspections.visited_on_time_share],
]

const gridColumns: Column<GridStats>[] = [
  [words.code, (g) => g.code],
  [words.name, (g) => g.name],
  [words.kind, (g) => zhCN.exports.gridKind[g.kind]],
  [words.town, (g) => g.town_name],
  ...metricColumns,
]

const townColumns: Column<TownStats>[] = [
  [words.code, (t) => t.code],
  [words.name, (t) => t.name],
  [words.kind, (t) => zhCN.exports.regionKind[t.kind]],
  [words.gridCount, (t) => t.grid_count],
  [words.households, (t) => t.households],
  [words.outletCapPer1000, (t) => t.outlet_cap.per_1000_households],
  [words.outletCap, (t) => t.outlet_cap.cap],
  [
    words.overCap,
    (t) => (t.outlet_cap.over_cap === null ? null : t.outlet_cap.over_cap ? zhCN.common.yes : zhCN.common.no),
  ],
  ...metricColumns,
]

const tableOf = <Row>(columns: Column<Row>[], rows: Row[]): Table => ({
  headers: columns.map(([header]) => header),
  rows: rows.map((row) => columns.map(([, value]) => value(row))),
})

export const gridStatsTable = (grids: GridStats[]) => tableOf(gridColumns, grids)
export const townStatsTable = (towns: TownStats[]) => tableOf(townColumns, towns)
