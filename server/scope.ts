import { sql, type SQL } from 'drizzle-orm'

/**
 * What the caller may see. Every data query filters through `scopeCondition`, so log-in (a later
 * issue) changes what a request sees in this one place. Today every request sees everything.
 */
export type Scope = { kind: 'all' } | { kind: 'town'; townCode: string } | { kind: 'grids'; gridCodes: string[] }

export const fullScope: Scope = { kind: 'all' }

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
