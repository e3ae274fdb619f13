import type { WallLists } from '../../server/routes/wall.ts'
import { api, type ApiClient } from './client.ts'

export type { LatestInspection, ListedHazard, OverdueHazard, WallLists, WallTown } from '../../server/routes/wall.ts'

/** server/routes/wall.ts: the wall display's lists in one response. */
export function fetchWallLists(limit: number, client: ApiClient = api): Promise<WallLists> {
  return client.getJson<WallLists>('/api/wall/lists', { limit })
}
