import type { Scope } from '../scope.ts'

/**
 * Where a change happened (db/migrations/0004_scoped_events_and_login_limits.sql): `everywhere`,
 * or the towns of the changed rows and, when the table has a grid column and few enough grids
 * changed, their grids too (`grids: null`: any grid of those towns).
 */
export type ChangeArea = { everywhere: true } | { everywhere: false; towns: string[]; grids: string[] | null }

export const everywhere: ChangeArea = { everywhere: true }

/** The table and area of one notification; a bare table name (the 0001 trigger) is everywhere. */
export function parseNotification(payload: string): { table: string; area: ChangeArea } | undefined {
  if (!payload.startsWith('{')) return payload ? { table: payload, area: everywhere } : undefined
  const note = JSON.parse(payload) as { table?: unknown; towns?: unknown; grids?: unknown }
  if (typeof note.table !== 'string') return undefined
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : undefined)
  const towns = strings(note.towns)
  if (!towns) return { table: note.table, area: everywhere }
  return { table: note.table, area: { everywhere: false, towns, grids: strings(note.grids) ?? null } }
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort()

/** Two changes of one table within the debounce window, as one. */
export function mergeAreas(a: ChangeArea, b: ChangeArea): ChangeArea {
  if (a.everywhere || b.everywhere) return everywhere
  return {
    everywhere: false,
    towns: union(a.towns, b.towns),
    grids: a.grids && b.grids ? union(a.grids, b.grids) : null,
  }
}

/**
 * Whether a caller with `scope` should hear of a change in `area` (DESIGN §6 scopes): the county
 * hears everything, a town its town, a grid officer its grids — or, when the change names no
 * grids, the towns its grids lie in (a grid code starts with its 9-digit town code).
 */
export function scopeHears(scope: Scope, area: ChangeArea): boolean {
  if (area.everywhere || scope.kind === 'all') return true
  if (scope.kind === 'town') return area.towns.includes(scope.townCode)
  const { grids, towns } = area
  if (grids) return scope.gridCodes.some((code) => grids.includes(code))
  return scope.gridCodes.some((code) => towns.includes(code.slice(0, 9)))
}
