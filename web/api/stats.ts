import type { GridStats } from '../../server/stats/grid-stats.ts'
import type { Summary } from '../../server/stats/summary.ts'
import type { TownStats } from '../../server/stats/town-stats.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

export type { GridStats, TownStats }
export type { AreaMetrics } from '../../server/stats/area-metrics.ts'
export type { Kpi, Summary } from '../../server/stats/summary.ts'

type StatsQuery = Record<string, string | undefined>

/** Lists come as a bare array or wrapped (`{ grids: [...] }` / `{ towns: [...] }`). */
function unwrapList<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[]
  const wrapped = (body as Record<string, unknown> | null)?.[key]
  return Array.isArray(wrapped) ? (wrapped as T[]) : []
}

function unwrapOne<T>(body: unknown, key: string): T {
  const record = body as Record<string, unknown> | null
  return (record && key in record && typeof record[key] === 'object' ? record[key] : body) as T
}

/** GET /api/stats/grids wraps its rows with the date, the rules and the filter; the web keeps the rules and rows. */
export type StatsRules = Answer<Api['stats']['grids']['$get']>['rules']
export type GridStatsList = { asOf?: string; rules?: StatsRules; grids: GridStats[] }

export async function fetchGridStats(query: StatsQuery, client: ApiClient = api): Promise<GridStatsList> {
  return { grids: unwrapList<GridStats>(await client.getJson<unknown>('/api/stats/grids', query), 'grids') }
}

export async function fetchOneGridStats(code: string, query: StatsQuery, client: ApiClient = api): Promise<GridStats> {
  return unwrapOne<GridStats>(await client.getJson(`/api/stats/grids/${encodeURIComponent(code)}`, query), 'grid')
}

export async function fetchTownStats(query: StatsQuery, client: ApiClient = api): Promise<TownStats[]> {
  return unwrapList<TownStats>(await client.getJson('/api/stats/towns', query), 'towns')
}

/** The county's KPIs for `year` (default: the server's current year) against that year's targets. */
export function fetchSummary(year?: number, client: ApiClient = api) {
  return client.getJson<Summary>('/api/stats/summary', { year })
}
