import { sql, type SQL } from 'drizzle-orm'

/**
 * The layout: the outlets that stand — active ones, and planned ones (sited by an adopted plan, not
 * yet licensed). The engine judges every outlet of the layout and measures the spacing rule
 * against it; a town's outlets count it against the cap. A closed outlet sells nothing, and a
 * suspended one (停业整顿) may not sell until it reopens, so neither stands.
 *
 * Every rule fragment reads the relation `layout` (never fireworks_outlets directly), so the same
 * fragments judge today's layout and a plan's (server/fireworks/plans/plan-layout.ts). Its columns
 * are `layoutColumns`; an outlet a plan adds has a negative `id` (−1, −2, … in the order of the
 * plan's adds), so an id still tells every outlet apart and no real id is ever taken.
 */
export const layoutStatuses = ['active', 'planned'] as const

/** An outlet row that stands in the layout, on `alias`. */
export const inLayout = (alias: string) => sql.raw(`${alias}.status IN ('active', 'planned')`)

export const layoutColumns = [
  'id',
  'name',
  'kind',
  'status',
  'licence_no',
  'floor_area_m2',
  'dedicated_shop',
  'shares_residence',
  'licence_valid_from',
  'licence_valid_to',
  'town_code',
  'grid_code',
  'geom',
] as const

/** The layout's columns selected from the outlets table aliased `alias`. */
export const outletLayoutColumns = (alias: string) => sql.raw(layoutColumns.map((c) => `${alias}.${c}`).join(', '))

/**
 * Today's layout. The CTE that names it is NOT MATERIALIZED (`withLayout`): PostgreSQL inlines it
 * into each rule's lateral lookup, so the spacing rule searches fireworks_outlets through its GiST
 * index.
 */
export const currentLayout: SQL = sql`SELECT ${outletLayoutColumns('o')} FROM fireworks_outlets o WHERE ${inLayout('o')}`

/** The CTEs that define `layout` (and what it needs), for the head of a WITH. */
export type LayoutSql = { ctes: SQL }

export const todaysLayout: LayoutSql = { ctes: sql`layout AS NOT MATERIALIZED (${currentLayout})` }
