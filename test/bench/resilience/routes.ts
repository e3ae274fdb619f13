/**
 * What the fuzz knows of each route beyond its method and path (which come from the app itself):
 * who normally calls it, a valid body to break field by field, its query parameters, and the
 * values of its path parameters — valid, and someone else's (out of the caller's scope).
 * A route missing here is still fuzzed, with generic bodies and queries, as the county user.
 */
import { collections, filterableProperties } from '../../../server/ogc/collections.ts'
import type { Cast } from './cast.ts'

export type CastRole = Exclude<keyof Cast, 'origin' | 'ids'>

export type RouteInfo = {
  /** The credential that may normally use the route. */
  as: CastRole
  /** A valid JSON body (`n` makes values that must be unique unique), or the multipart form it takes. */
  body?: ((n: number) => Record<string, unknown>) | 'photos' | 'inspection'
  query?: readonly string[]
  /** Never sent with these credentials (a log-out with a session would end the fuzz's own session). */
  never?: readonly CastRole[]
}

const statsFilter = ['town_code', 'sector', 'risk_level'] as const
const ogcItems = (collectionId: string) => [
  'bbox',
  'bbox-crs',
  'limit',
  'offset',
  'f',
  'crs',
  ...filterableProperties(collections.find((c) => c.id === collectionId)!).map((p) => p.name),
]

export function routeInfo(cast: Cast): Record<string, RouteInfo> {
  const { ids } = cast
  return {
    'POST /api/auth/login': {
      as: 'anonymous',
      body: () => ({ username: 'resilience-nobody', password: 'not-the-password' }),
    },
    'POST /api/auth/logout': { as: 'anonymous', never: ['admin', 'county', 'town', 'grid', 'viewer'] },
    'POST /api/auth/password': {
      as: 'county',
      body: () => ({ old_password: 'not-the-password', new_password: 'resilience-new-1' }),
    },
    'POST /api/admin/users': {
      as: 'admin',
      body: (n) => ({
        username: `resilience-${n}`,
        display_name: '压测',
        password: 'resilience-pass-1',
        role: 'town',
        town_code: ids.townCode,
        grid_codes: [],
      }),
    },
    'PATCH /api/admin/users/:id': {
      as: 'admin',
      body: () => ({ display_name: '压测改', role: 'viewer', town_code: null, grid_codes: [], active: true }),
    },
    'POST /api/admin/users/:id/deactivate': { as: 'admin' },
    'POST /api/admin/users/:id/password': { as: 'admin', body: () => ({ password: 'resilience-pass-2' }) },
    'GET /api/admin/tokens': { as: 'admin', query: ['user_id'] },
    'POST /api/admin/tokens': {
      as: 'admin',
      body: () => ({ user_id: ids.spareUser, name: '压测', kind: 'personal' }),
    },
    'DELETE /api/admin/tokens/:id': { as: 'admin' },
    'GET /api/admin/audit': {
      as: 'admin',
      query: ['entity', 'entity_id', 'user_id', 'action', 'from', 'to', 'limit', 'offset'],
    },
    'GET /api/admin/users': { as: 'admin' },
    'GET /api/admin/places': { as: 'admin' },
    'GET /api/admin/audit/facets': { as: 'admin' },
    'GET /api/draws': { as: 'county', query: ['limit', 'offset'] },
    'GET /api/draws/candidates': { as: 'county', query: statsFilter },
    'GET /api/draws/inspectors': { as: 'county', query: ['town_code'] },
    'POST /api/draws': {
      as: 'county',
      body: () => ({
        name: '压测',
        filters: { town_code: [ids.townCode] },
        inspectors: ['甲', '乙'],
        enterprises: 2,
        inspectors_per_enterprise: 1,
        seed: 'resilience',
        planned_on: '2026-10-20',
      }),
    },
    'GET /api/events': { as: 'grid', query: ['ticket', 'access_token'] },
    'POST /api/events/ticket': { as: 'grid' },
    'POST /api/inspections': { as: 'grid', body: 'inspection' },
    'POST /api/hazards/escalate': { as: 'town' },
    'POST /api/hazards/:id/transition': {
      as: 'grid',
      body: () => ({ to: 'rectifying', version: 1, note: '压测', rectification_cost_yuan: 100 }),
    },
    'POST /api/hazards/:id/listing': {
      as: 'county',
      body: () => ({
        version: 1,
        listed_by_unit: '县应急管理局',
        listing_round: '2026-1',
        listed_on: '2026-10-15',
        listing_deadline: '2026-11-30',
        note: '压测',
      }),
    },
    'POST /api/hazards/:id/extension': {
      as: 'grid',
      body: () => ({ version: 1, action: 'request', requested_deadline: '2026-12-31', note: '压测' }),
    },
    'POST /api/hazards/:id/delist': {
      as: 'county',
      body: () => ({ version: 1, delisted_on: '2026-10-15', note: '压测' }),
    },
    'POST /api/hazards/:id/photos': { as: 'grid', body: 'photos' },
    'DELETE /api/hazards/:id/photos/:photo': { as: 'grid' },
    'GET /api/stats/grids': { as: 'county', query: statsFilter },
    'GET /api/stats/grids/:code': { as: 'grid', query: statsFilter },
    'GET /api/stats/towns': { as: 'county', query: statsFilter },
    'GET /api/stats/summary': { as: 'county', query: ['year'] },
    'GET /api/wall/lists': { as: 'kiosk', query: ['limit'] },
    'GET /api/rules': { as: 'kiosk' },
    'GET /api/grids/:code/worklist': { as: 'grid' },
    'GET /api/enterprises/:id': { as: 'grid' },
    'GET /api/enterprises/:id/inspections': { as: 'grid' },
    'GET /api/hazards/:id': { as: 'grid' },
    'GET /api/hazards/:id/photos/:photo': { as: 'grid' },
    'GET /ogc/collections/:collectionId/items': { as: 'county', query: ogcItems('enterprises') },
    'GET /ogc/collections/:collectionId/items/:featureId': { as: 'county', query: ['f', 'crs'] },
    'GET /ogc/collections/:collectionId': { as: 'county', query: ['f'] },
    'GET /ogc/collections': { as: 'county', query: ['f'] },
  }
}

/** A valid inspection of the grid officer's enterprise, with one hazard (POST /api/inspections). */
export const inspectionBody = (cast: Cast, n: number): Record<string, unknown> => ({
  enterprise_id: cast.ids.enterprise,
  kind: 'routine',
  inspected_on: '2026-10-14',
  inspectors: ['压测员'],
  findings: '压测',
  hazards: [{ level: 'general', description: '压测隐患', deadline: '2026-11-01', category: '消防' }],
  client_request_id: `resilience-fuzz-${n}`,
})

/**
 * A path parameter's valid value (for the route's usual caller) and a value outside the grid
 * officer's scope, by the route's path and the parameter's name.
 */
export function paramValues(cast: Cast, path: string, name: string): { valid: string; other: string } {
  const { ids } = cast
  const pick = (valid: string | number, other: string | number) => ({ valid: String(valid), other: String(other) })
  if (name === 'photo') return pick(ids.photo, ids.photo + 1000)
  if (name === 'code') return pick(ids.gridCode, ids.otherGridCode)
  if (name === 'collectionId') return pick('enterprises', 'no-such-collection')
  if (name === 'featureId') return pick(ids.enterprise, ids.otherEnterprise)
  if (path.startsWith('/api/hazards/')) return pick(ids.hazard, ids.otherHazard)
  if (path.startsWith('/api/enterprises/')) return pick(ids.enterprise, ids.otherEnterprise)
  if (path.startsWith('/api/admin/users/')) return pick(ids.spareUser, ids.otherSpareUser)
  if (path.startsWith('/api/admin/tokens/')) return pick(ids.spareToken, 1)
  if (path.startsWith('/api/draws/')) return pick(ids.draw, ids.draw)
  return pick(1, 2)
}
