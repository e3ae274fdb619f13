import type { Principal, Role } from '../auth/principal.ts'
import { fireworksEditors } from './fireworks-actions.ts'

/**
 * Which of the app's role-bound pages the caller may open, decided once on the server: the routes
 * behind each page admit these roles, and GET /api/auth/me lists the caller's `pages`, so the menus
 * and the pages themselves show exactly what the server would serve (the web decides no role).
 *
 * | page        | roles (the routes that admit them)                                     |
 * |-------------|------------------------------------------------------------------------|
 * | `draws`     | admin, county (server/draws/routes.ts)                                 |
 * | `fireworks` | planner, county, admin (server/rules/fireworks-actions.ts)             |
 * | `admin`     | admin (server/admin/routes.ts)                                         |
 * | `import`    | admin, county (server/imports/routes.ts)                               |
 * | `registers` | admin, county, town (the editing routes of issue 12, scoped)           |
 * | `settings`  | admin (PATCH /api/settings/{key}, /api/targets/{year}/{key})           |
 */
export const pages = ['draws', 'fireworks', 'admin', 'import', 'registers', 'settings'] as const
export type Page = (typeof pages)[number]

/** The roles of the 双随机 draws (every /api/draws route). */
export const drawRoles: readonly Role[] = ['admin', 'county']
/** The roles of the administration (every /api/admin route). */
export const adminRoles: readonly Role[] = ['admin']
/** Who imports files (every /api/imports route): county-wide data, so county-wide roles. */
export const importRoles: readonly Role[] = ['admin', 'county']
/**
 * Who creates and edits the registers (enterprises, outlets, sensitive sites, zones, grids, confined
 * spaces, accidents, drills): a town user within its town, by the scope of every write.
 */
export const registerEditors: readonly Role[] = ['admin', 'county', 'town']
/** Who changes the settings and the year's targets. */
export const settingsRoles: readonly Role[] = ['admin']

const pageRoles: Record<Page, readonly Role[]> = {
  draws: drawRoles,
  fireworks: fireworksEditors,
  admin: adminRoles,
  import: importRoles,
  registers: registerEditors,
  settings: settingsRoles,
}

export const pagesOf = (principal: Pick<Principal, 'role'>): Page[] =>
  pages.filter((page) => pageRoles[page].includes(principal.role))
