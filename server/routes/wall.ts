/**
 * The web app's import path of the wall's answer type, kept while web/ is being reorganised into
 * features (issue 10): web/api/wall.ts imports it from here. Delete this file once the web imports
 * server/wall/lists.ts (or its typed client) instead.
 */
export type { LatestInspection, ListedHazard, OverdueHazard, WallLists, WallTown } from '../wall/queries.ts'
