/** What the wall display shows, each fetched separately. */
export const wallResources = ['summary', 'lists', 'townStats', 'gridStats', 'towns', 'grids', 'enterprises'] as const
export type WallResource = (typeof wallResources)[number]

/**
 * The tables each resource is computed from (the names /api/events announces). A change to a
 * table refetches only what it feeds: a hazard closed refetches the KPIs, the lists and the town
 * roll-up, not the map geometry.
 */
export const wallFeeds: Record<WallResource, readonly string[]> = {
  summary: [
    'hazards',
    'inspections',
    'inspection_campaigns',
    'enterprises',
    'drills',
    'accidents',
    'annual_targets',
    'settings',
    'regions',
  ],
  lists: ['hazards', 'inspections', 'enterprises', 'fireworks_outlets', 'regions', 'settings'],
  townStats: [
    'hazards',
    'inspections',
    'enterprises',
    'confined_spaces',
    'fireworks_outlets',
    'grids',
    'regions',
    'settings',
  ],
  gridStats: ['enterprises', 'grids', 'settings'],
  towns: ['regions'],
  grids: ['grids'],
  enterprises: ['enterprises'],
}

/** The resources to refetch after `tables` changed, in wallResources order. */
export function resourcesFor(tables: readonly string[]): WallResource[] {
  return wallResources.filter((resource) => wallFeeds[resource].some((table) => tables.includes(table)))
}
