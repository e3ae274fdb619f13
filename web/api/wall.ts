import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/wall/lists: the wall display's lists in one response. */
export type WallLists = Answer<Api['wall']['lists']['$get']>
export type WallTown = WallLists['towns'][number]
export type OverdueHazard = WallLists['overdueHazards'][number]
export type ListedHazard = WallLists['listedHazards'][number]
export type LatestInspection = WallLists['latestInspections'][number]

export function fetchWallLists(limit: number, client: ApiClient = api): Promise<WallLists> {
  return client.getJson<WallLists>('/api/wall/lists', { limit })
}
