import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

export type { AreaMetrics } from '../../server/stats/area-metrics.ts'

/** GET /api/stats/grids: `{ as_of, year, rules, filter, grids }`; the web keeps the rows. */
type GridStatsAnswer = Answer<Api['stats']['grids']['$get']>
export type GridStats = GridStatsAnswer['grids'][number]
export type GridStatsList = Pick<GridStatsAnswer, 'grids'>
/** One grid: GET /api/stats/grids/{code} answers its GridStats with `as_of`. */
export type OneGridStats = Answer<Api['stats']['grids'][':code']['$get']>
export type TownStats = Answer<Api['stats']['towns']['$get']>['towns'][number]
export type Summary = Answer<Api['stats']['summary']['$get']>
export type Kpi = Summary['kpis'][number]

type StatsQuery = Record<string, string | undefined>

export async function fetchGridStats(query: StatsQuery, client: ApiClient = api): Promise<GridStatsList> {
  const { grids } = await client.getJson<GridStatsAnswer>('/api/stats/grids', query)
  return { grids }
}

export function fetchOneGridStats(code: string, query: StatsQuery, client: ApiClient = api) {
  return client.getJson<OneGridStats>(`/api/stats/grids/${encodeURIComponent(code)}`, query)
}

export async function fetchTownStats(query: StatsQuery, client: ApiClient = api): Promise<TownStats[]> {
  return (await client.getJson<Answer<Api['stats']['towns']['$get']>>('/api/stats/towns', query)).towns
}

/** The county's KPIs for `year` (default: the server's current year) against that year's targets. */
export function fetchSummary(year?: number, client: ApiClient = api) {
  return client.getJson<Summary>('/api/stats/summary', { year })
}
