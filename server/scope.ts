import { sql, type SQL } from 'drizzle-orm'
import type { Principal } from './auth/principal.ts'

/**
 * What the caller may see and change. Every data query, read or write, filters through
 * `scopeCondition`; `scopeOf` derives the scope from the principal, once per request
 * (server/auth/authenticate.ts).
 */
export type Scope = { kind: 'all' } | { kind: 'town'; townCode: string } | { kind: 'grids'; gridCodes: string[] }

export const fullScope: Scope = { kind: 'all' }
/** Anonymous requests see nothing, should any reach a query. */
export const emptyScope: Scope = { kind: 'grids', gridCodes: [] }

/**
 * DESIGN §6: admin, county, viewer and the fireworks planner see everything; a town its town; a
 * grid officer its grids.
 */
export function scopeOf(principal: Principal | undefined): Scope {
  if (!principal) return emptyScope
  switch (principal.role) {
    case 'admin':
    case 'county':
    case 'viewer':
    case 'planner':
      return fullScope
    case 'town':
      return principal.townCode ? { kind: 'town', townCode: principal.townCode } : emptyScope
    case 'grid':
      return { kind: 'grids', gridCodes: principal.gridCodes }
  }
}

/** A WHERE condition on a row with town_code and grid_code columns, qualified by `alias`. */
export function scopeCondition(scope: Scope, alias?: string): SQL {
  const column = (name: string) => sql.raw(alias ? `${alias}.${name}` : name)
  switch (scope.kind) {
    case 'all':
      return sql`true`
    case 'town':
      return sql`${column('town_code')} = ${scope.townCode}`
    case 'grids':
      if (scope.gridCodes.length === 0) return sql`false`
      return sql`${column('grid_code')} IN (${sql.join(
        scope.gridCodes.map((code) => sql`${code}`),
        sql`, `,
      )})`
  }
}

/**
 * What a layer's row `t` the scope lets a request see: 'row' rows carry town_code/grid_code; a
 * 'town' row (the towns layer, keyed by `code`) is also visible to whoever sees one of its grids,
 * so a grid officer's map still draws the town around the grid. The OGC items and the tiles share it.
 */
export function visibleRow(scopedBy: 'row' | 'town', scope: Scope): SQL {
  const own = scopeCondition(scope, 't')
  if (scopedBy === 'row') return own
  return sql`(${own} OR EXISTS (SELECT 1 FROM (SELECT g.town_code, g.code AS grid_code FROM grids g) scoped_grid
    WHERE scoped_grid.town_code = t.code AND ${scopeCondition(scope, 'scoped_grid')}))`
}
