/**
 * The registers' editing routes (issue 12), for `registerEditors` (admin, county, town — a town user
 * only inside its town; kiosk tokens never write). Every write is versioned (body `version` or
 * If-Match: 409 `stale_version` with `details.current`, 428 without one), scoped (404 outside the
 * caller's area; 403 `outside_scope` when the row would land outside it) and audited.
 *
 * | method | path                                  | body / query | returns |
 * |--------|---------------------------------------|--------------|---------|
 * | GET    | /api/registers/{register}             | `q, town_code, enterprise_id, offset, limit, sort, geometry=false` | `{ items, total }` |
 * | POST   | /api/sensitive-sites                  | `{ name, kind, address?, location }` | 201 the row |
 * | PATCH  | /api/sensitive-sites/{id}             | `{ version, …any field }` | the row |
 * | DELETE | /api/sensitive-sites/{id}?version=    | — (or If-Match) | 204 |
 * | POST   | /api/zones                            | `{ name, kind, note?, geometry, crs? }` | 201 the row |
 * | PATCH  | /api/zones/{id}                       | `{ version, …any field }` | the row |
 * | DELETE | /api/zones/{id}?version=              | — (or If-Match) | 204 |
 * | POST   | /api/confined-spaces                  | `{ enterprise_id, name, space_type, gases?, …, location? }` | 201 the row |
 * | PATCH  | /api/confined-spaces/{id}             | `{ version, …any field }` | the row |
 * | POST   | /api/accidents                        | `{ occurred_on, level, description, enterprise_id?, deaths?, …, location? }` | 201 the row |
 * | PATCH  | /api/accidents/{id}                   | `{ version, …any field }` | the row |
 * | POST   | /api/drills                           | `{ held_on, level, kind, name, town_code?, enterprise_id?, participants? }` | 201 the row |
 * | PATCH  | /api/drills/{id}                      | `{ version, …any field }` | the row |
 *
 * Registers: sensitive-sites, zones, grids, confined-spaces, accidents, drills (enterprises and
 * outlets are listed by /api/ledgers/enterprises and /api/fireworks/outlets). A row is the table's
 * columns in snake_case (`version`, `town_code`, `grid_code`, `source_crs`, …) with `lon`/`lat`
 * (WGS84) for a point or `geometry` (GeoJSON MultiPolygon, WGS84) for a boundary. Positions come as
 * `location: { lon, lat, crs? }`, boundaries as `geometry` (Polygon or MultiPolygon) and `crs`,
 * converted by lib/crs.ts (422 `unknown_crs`, `invalid_location`); a boundary must be valid (422
 * `invalid_geometry` with PostGIS's reason). A confined space, an accident or a drill names an
 * enterprise in the caller's area (422 `unknown_enterprise`) and takes its position (a drill: its
 * town) when it sends none.
 */
import { Hono } from 'hono'
import type { z } from 'zod'
import type { AppEnv } from '../app-env.ts'
import { allow, writerOf } from '../auth/principal.ts'
import { sentVersion, versionSent } from '../http/sent-version.ts'
import { json, param, query } from '../http/validate.ts'
import { registerEditors } from '../rules/page-access.ts'
import { registerPage } from './queries.ts'
import type { Row } from './rows.ts'
import {
  accidentPatch,
  confinedSpacePatch,
  deleteQuery,
  drillPatch,
  idPath,
  newAccident,
  newConfinedSpace,
  newDrill,
  newSensitiveSite,
  newZone,
  registerPath,
  registerQuery,
  sensitiveSitePatch,
  zonePatch,
} from './schemas.ts'
import type { AccidentRow, ConfinedSpaceRow, DrillRow, SensitiveSiteRow, ZoneRow } from './tables.ts'
import { changeRegisterRow, createRegisterRow, deleteRegisterRow, type Body } from './writes.ts'

export const editors = allow(registerEditors, 'Editing the registers')

/** POST / and PATCH /{id} of one register, answering its rows as `R`. */
function registerWrites<R extends Row, N extends z.ZodType, P extends z.ZodType>(
  register: 'sensitive-sites' | 'zones' | 'confined-spaces' | 'accidents' | 'drills',
  created: N,
  patch: P,
) {
  return new Hono<AppEnv>()
    .post('/', editors, json(created), async (c) => {
      const row = await createRegisterRow(writerOf(c), register, c.req.valid('json') as Body)
      return c.json(row as R, 201)
    })
    .patch('/:id', editors, param(idPath), json(patch), async (c) => {
      const { id } = c.req.valid('param')
      const { version, ...body } = c.req.valid('json') as Body & { version?: number }
      const row = await changeRegisterRow(writerOf(c), register, id, sentVersion(c, version), body)
      return c.json(row as R)
    })
}

/** DELETE /{id}?version= (or If-Match): only sensitive sites and zones are ever removed. */
const deletable = (register: 'sensitive-sites' | 'zones') =>
  new Hono<AppEnv>().delete('/:id', editors, param(idPath), query(deleteQuery), async (c) => {
    const { id } = c.req.valid('param')
    const version = sentVersion(c, versionSent(c, c.req.valid('query').version))
    await deleteRegisterRow(writerOf(c), register, id, version)
    return c.body(null, 204)
  })

export const sensitiveSites = registerWrites<SensitiveSiteRow, typeof newSensitiveSite, typeof sensitiveSitePatch>(
  'sensitive-sites',
  newSensitiveSite,
  sensitiveSitePatch,
).route('/', deletable('sensitive-sites'))
export const zones = registerWrites<ZoneRow, typeof newZone, typeof zonePatch>('zones', newZone, zonePatch).route(
  '/',
  deletable('zones'),
)
export const confinedSpaces = registerWrites<ConfinedSpaceRow, typeof newConfinedSpace, typeof confinedSpacePatch>(
  'confined-spaces',
  newConfinedSpace,
  confinedSpacePatch,
)
export const accidents = registerWrites<AccidentRow, typeof newAccident, typeof accidentPatch>(
  'accidents',
  newAccident,
  accidentPatch,
)
export const drills = registerWrites<DrillRow, typeof newDrill, typeof drillPatch>('drills', newDrill, drillPatch)

/** GET /api/registers/{register}: one page of a register in the caller's scope. */
export const registerLists = new Hono<AppEnv>().get(
  '/:register',
  editors,
  param(registerPath),
  query(registerQuery),
  async (c) => {
    const { register } = c.req.valid('param')
    return c.json(await registerPage(c.get('db'), register, c.get('scope'), c.req.valid('query')))
  },
)
