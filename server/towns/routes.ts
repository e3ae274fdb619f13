/**
 * A town's name and boundary (issue 12), mounted at /api/towns; admin only (settingsRoles: the
 * county's map is the administration's), kiosk tokens never.
 *
 * | method | path               | body                                              | returns |
 * |--------|--------------------|---------------------------------------------------|---------|
 * | PATCH  | /api/towns/{code}  | `{ version, name?, geometry?, crs? }` (or If-Match) | the town (`code, name, kind, households, …, version, source_crs, geometry`) and `reassigned` |
 *
 * Versioned (409 `stale_version`), audited; a new boundary must be valid (422 `invalid_geometry`)
 * and re-places the rows under the old and the new one (server/towns/writes.ts).
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../app-env.ts'
import { allow, writerOf } from '../auth/principal.ts'
import { sentVersion } from '../http/sent-version.ts'
import { json, param } from '../http/validate.ts'
import { rowId, text, townCode } from '../http/values.ts'
import { registerLimits } from '../../lib/limits.ts'
import { geometrySchema } from '../registers/places.ts'
import type { Snake } from '../writes/tx.ts'
import type { regions } from '../../db/schema.ts'
import type { MultiPolygon } from 'geojson'
import { adminRoles } from '../rules/page-access.ts'
import { changeTown } from './writes.ts'

const townPatch = z.strictObject({
  version: rowId.optional(),
  name: text(registerLimits.name).optional(),
  geometry: geometrySchema.optional(),
  crs: text(registerLimits.crs).optional(),
})

type TownRow = Snake<Omit<typeof regions.$inferSelect, 'geom' | 'seat'>> & { geometry: MultiPolygon }

export const towns = new Hono<AppEnv>().patch(
  '/:code',
  allow(adminRoles, 'Changing a town'),
  param(z.object({ code: townCode })),
  json(townPatch),
  async (c) => {
    const { code } = c.req.valid('param')
    const { version, ...body } = c.req.valid('json')
    const { row, reassigned } = await changeTown(writerOf(c), code, sentVersion(c, version), body)
    return c.json({ ...(row as unknown as TownRow), reassigned })
  },
)
