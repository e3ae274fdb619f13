import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/wall/lists: the wall display's lists in one response. */
export type WallLists = Answer<Api['wall']['lists']['$get']>
export type WallTown = WallLists['towns'][number]
export type OverdueHazard = WallLists['overdue_hazards'][number]
export type ListedHazard = WallLists['listed_hazards'][number]
export type LatestInspection = WallLists['latest_inspections'][number]

export function fetchWallLists(limit: number, client: ApiClient = api): Promise<WallLists> {
  return client.getJson<WallLists>('/api/wall/lists', { limit })
}
