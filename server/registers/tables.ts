import { sql } from 'drizzle-orm'
import type { MultiPolygon } from 'geojson'
import { accidents, confinedSpaces, drills, grids, sensitiveSites, zones } from '../../db/schema.ts'
import type { Scope } from '../scope.ts'
import type { Snake } from '../writes/tx.ts'
import type { RegisterTable } from './rows.ts'

/** The registers GET /api/registers/{register} lists and server/registers/routes.ts edits. */
export const registers = ['sensitive-sites', 'zones', 'grids', 'confined-spaces', 'accidents', 'drills'] as const
export type Register = (typeof registers)[number]

/** Drills have a town but no grid: a grid officer's scope reaches none of them. */
const byTown = (scope: Scope) =>
  scope.kind === 'all' ? sql`true` : scope.kind === 'town' ? sql`t.town_code = ${scope.townCode}` : sql`false`

/** A grid is its own grid_code. */
const gridScope = (scope: Scope) => {
  if (scope.kind === 'all') return sql`true`
  if (scope.kind === 'town') return sql`t.town_code = ${scope.townCode}`
  if (scope.gridCodes.length === 0) return sql`false`
  return sql`t.code IN (${sql.join(
    scope.gridCodes.map((code) => sql`${code}`),
    sql`, `,
  )})`
}

const serial = <T extends { id: RegisterTable['key']['column'] }>(table: T) => ({
  column: table.id,
  name: 'id' as const,
})

/** What each register is in the database; `search` is the column `q` matches, `sorts` the columns it sorts by. */
export const registerTables: Record<Register, RegisterTable & { search: string; sorts: readonly string[] }> = {
  'sensitive-sites': {
    table: sensitiveSites,
    name: 'sensitive_sites',
    noun: 'sensitive site',
    shape: 'point',
    key: serial(sensitiveSites),
    stamped: true,
    search: 'name',
    sorts: ['id', 'name', 'kind', 'town_code', 'updated_at'],
  },
  zones: {
    table: zones,
    name: 'zones',
    noun: 'zone',
    shape: 'polygon',
    key: serial(zones),
    stamped: true,
    search: 'name',
    sorts: ['id', 'name', 'kind', 'town_code', 'updated_at'],
  },
  grids: {
    table: grids,
    name: 'grids',
    noun: 'grid',
    shape: 'polygon',
    key: { column: grids.code, name: 'code' },
    stamped: false,
    scoped: gridScope,
    search: 'name',
    sorts: ['code', 'name', 'kind', 'town_code'],
  },
  'confined-spaces': {
    table: confinedSpaces,
    name: 'confined_spaces',
    noun: 'confined space',
    shape: 'point',
    key: serial(confinedSpaces),
    stamped: true,
    search: 'name',
    sorts: ['id', 'name', 'space_type', 'enterprise_id', 'town_code', 'updated_at'],
  },
  accidents: {
    table: accidents,
    name: 'accidents',
    noun: 'accident',
    shape: 'point',
    key: serial(accidents),
    stamped: true,
    search: 'description',
    sorts: ['id', 'occurred_on', 'level', 'deaths', 'town_code', 'updated_at'],
  },
  drills: {
    table: drills,
    name: 'drills',
    noun: 'drill',
    shape: 'none',
    key: serial(drills),
    stamped: true,
    scoped: byTown,
    search: 'name',
    sorts: ['id', 'held_on', 'name', 'level', 'kind', 'town_code', 'updated_at'],
  },
}

type Stored<T extends { $inferSelect: Record<string, unknown> }> = Snake<Omit<T['$inferSelect'], 'geom'>>
type Point = { lon: number; lat: number }
/** Without `?geometry=false`, the boundary in WGS84. */
type Boundary = { geometry?: MultiPolygon }

/** The rows as the register routes answer them (server/registers/rows.ts rowSql). */
export type SensitiveSiteRow = Stored<typeof sensitiveSites> & Point
export type ZoneRow = Stored<typeof zones> & Boundary
export type GridRow = Stored<typeof grids> & Boundary
export type ConfinedSpaceRow = Stored<typeof confinedSpaces> & Point
export type AccidentRow = Stored<typeof accidents> & Point
export type DrillRow = Stored<typeof drills>
