/**
 * The fireworks outlets as the planner edits them, mounted at /api/fireworks/outlets.
 *
 * | method | path                          | body                                   | returns |
 * |--------|-------------------------------|----------------------------------------|---------|
 * | GET    | /api/fireworks/outlets        | —                                      | GeoJSON FeatureCollection of every outlet in scope, any status, with the caller's `actions` (a foreign member: `edit_outlet` when the writes are theirs, server/rules/fireworks-actions.ts); properties: the ledger fields, supplier, town, grid, `version`, `violation_count` (error rules broken in today's layout) |
 * | POST   | /api/fireworks/outlets        | `{ name, kind, lon, lat, floor_area_m2, licence_no?, status?, … }` (or `location: { lon, lat, crs? }` instead of lon, lat) | 201 outlet |
 * | PATCH  | /api/fireworks/outlets/{id}   | `{ version, …any field, lon and lat together }` (or If-Match) | outlet; 409 `stale_version` with `details.current` |
 *
 * The same routes are mounted at /api/outlets for the registers' editors (admin, county, town;
 * a town user's outlets stay in its town: 403 `outside_scope`). A `location` in another system
 * (lib/crs.ts) is kept as `source_crs`; a move by lon/lat (on the map) sets it back to null.
 *
 * An outlet answer is the feature's properties with `lon`, `lat` (WGS84, as stored: the browser's
 * candidate check needs them unrounded). Writes are for planner, county and admin (403
 * `forbidden_role`; kiosk tokens and viewers never write), versioned and audited. An active
 * outlet needs a licence number (422 `licence_required`); a licence number is unique (409
 * `licence_taken`); a supplier must exist (422 `unknown_enterprise`).
 */
import { Hono } from 'hono'
import { notFound } from '../../api-error.ts'
import type { AppEnv } from '../../app-env.ts'
import { allow, principalOf, writerOf, type Role } from '../../auth/principal.ts'
import { pointOf } from '../../registers/places.ts'
import { registerEditors } from '../../rules/page-access.ts'
import { fireworksActions } from '../../rules/fireworks-actions.ts'
import { sentVersion } from '../../http/sent-version.ts'
import { json, param, query } from '../../http/validate.ts'
import { fireworksEditors, ruleContextOf } from '../rule-context.ts'
import { outletFeatures, outletsInScope } from './queries.ts'
import { newOutlet, outletPatch, outletPath } from './schemas.ts'
import { changeOutlet, createOutlet, type OutletValues } from './writes.ts'
import { z } from 'zod'

type Body = z.output<typeof outletPatch>

/** The body's fields as the table's columns; absent fields stay absent; a `location` becomes lon/lat and source_crs. */
function outletValues(body: Omit<Body, 'version'>): OutletValues {
  const point = body.location ? pointOf(body.location) : undefined
  const values: OutletValues = {
    name: body.name,
    kind: body.kind,
    status: body.status,
    floorAreaM2: body.floor_area_m2,
    licenceNo: body.licence_no,
    operator: body.operator,
    phone: body.phone,
    address: body.address,
    storageLimitKg: body.storage_limit_kg,
    dedicatedShop: body.dedicated_shop,
    sharesResidence: body.shares_residence,
    licenceValidFrom: body.licence_valid_from,
    licenceValidTo: body.licence_valid_to,
    supplierEnterpriseId: body.supplier_enterprise_id,
    lon: point ? point.geom.coordinates[0] : body.lon,
    lat: point ? point.geom.coordinates[1] : body.lat,
    // A point placed on the map (lon/lat) was made here: its system is no longer another's.
    sourceCrs: point ? point.sourceCrs : body.lon !== undefined ? null : undefined,
  }
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as OutletValues
}

/**
 * The outlet routes for `roles`: mounted at /api/fireworks/outlets for the planner's editors and at
 * /api/outlets for the registers' editors (issue 12: admin, county, town — a town user's writes
 * stay in its town, 403 `outside_scope`). Same bodies, same answers.
 */
export const outletRoutes = (roles: readonly Role[]) => {
  const editors = allow(roles, 'Editing fireworks outlets')
  return new Hono<AppEnv>()
    .get('/', query(z.strictObject({})), async (c) => {
      const context = await ruleContextOf(c)
      const features = outletFeatures(await outletsInScope(c.get('db'), context))
      return c.json({ ...features, actions: fireworksActions(principalOf(c)) })
    })
    .post('/', editors, json(newOutlet), async (c) => {
      const body = c.req.valid('json')
      const values = outletValues(body)
      const id = await createOutlet(writerOf(c), {
        ...values,
        name: body.name,
        kind: body.kind,
        floorAreaM2: body.floor_area_m2,
        // The schema asks for lon and lat, or a location: outletValues has made both.
        lon: values.lon!,
        lat: values.lat!,
      })
      const [outlet] = await outletsInScope(c.get('db'), await ruleContextOf(c), [id])
      if (!outlet) throw notFound(`Outlet ${id} lies outside your area`)
      return c.json(outlet, 201)
    })
    .patch('/:id', editors, param(outletPath), json(outletPatch), async (c) => {
      const { id } = c.req.valid('param')
      const { version, ...body } = c.req.valid('json')
      await changeOutlet(writerOf(c), id, sentVersion(c, version), outletValues(body))
      const [outlet] = await outletsInScope(c.get('db'), await ruleContextOf(c), [id])
      if (!outlet) throw notFound(`No outlet ${id}`)
      return c.json(outlet)
    })
}

export const outlets = outletRoutes(fireworksEditors)
/** /api/outlets: the same writes for the registers' editors. */
export const registerOutlets = outletRoutes(registerEditors)
