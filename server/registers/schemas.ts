import { z } from 'zod'
import {
  accidentLevels,
  confinedSpaceTypes,
  drillKinds,
  drillLevels,
  sensitiveSiteKinds,
  zoneKinds,
} from '../../db/vocabulary.ts'
import { registerLimits as limits } from '../../lib/limits.ts'
import { countParam, gridCode, idParam, isoDate, maxInt, multilineText, rowId, text, townCode } from '../http/values.ts'
import { geometrySchema, locationSchema } from './places.ts'
import { registerTables, registers, type Register } from './tables.ts'

/**
 * The bodies of the register writes (server/registers/routes.ts, server/grids/routes.ts) and the
 * register lists' query. Each register has its POST body and its PATCH body: the version read (or
 * If-Match) and any of the POST fields.
 */

const optionalText = (max: number) => text(max).nullable().optional()
const people = (max: number) => z.number().int().min(0).max(max)
const version = { version: rowId.optional() }
const crs = text(limits.crs).optional()

/** A POST body's fields made optional, with the version, for the PATCH of the same register. */
const patchOf = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ ...version, ...z.object(shape).partial().shape })

const sensitiveSiteFields = {
  name: text(limits.name),
  kind: z.enum(sensitiveSiteKinds),
  address: optionalText(limits.address),
  location: locationSchema,
}
export const newSensitiveSite = z.strictObject(sensitiveSiteFields)
export const sensitiveSitePatch = patchOf(sensitiveSiteFields)

const zoneFields = {
  name: text(limits.name),
  kind: z.enum(zoneKinds),
  note: multilineText(limits.note).nullable().optional(),
  geometry: geometrySchema,
  crs,
}
export const newZone = z.strictObject(zoneFields)
export const zonePatch = patchOf(zoneFields)

const confinedSpaceFields = {
  enterprise_id: rowId,
  name: text(limits.name),
  space_type: z.enum(confinedSpaceTypes),
  gases: z.array(text(limits.gas)).max(limits.gases).optional(),
  warning_sign: z.boolean().optional(),
  permit_required: z.boolean().optional(),
  outsourced: z.boolean().optional(),
  /** Default: the enterprise's position. */
  location: locationSchema.optional(),
}
export const newConfinedSpace = z.strictObject(confinedSpaceFields)
export const confinedSpacePatch = patchOf(confinedSpaceFields)

const accidentFields = {
  occurred_on: isoDate,
  enterprise_id: rowId.nullable().optional(),
  level: z.enum(accidentLevels),
  deaths: people(limits.casualties).optional(),
  serious_injuries: people(limits.casualties).optional(),
  direct_loss_wan_yuan: z.number().min(0).max(limits.lossWanYuan).optional(),
  description: multilineText(limits.note),
  /** Required unless enterprise_id is given (then the enterprise's position). */
  location: locationSchema.optional(),
}
export const newAccident = z
  .strictObject(accidentFields)
  .refine((body) => body.location !== undefined || (body.enterprise_id ?? null) !== null, {
    message: 'send a location, or the enterprise_id whose position it takes',
    path: ['location'],
  })
export const accidentPatch = patchOf(accidentFields)

const drillFields = {
  held_on: isoDate,
  level: z.enum(drillLevels),
  kind: z.enum(drillKinds),
  name: text(limits.name),
  /** Default: the enterprise's town. */
  town_code: townCode.nullable().optional(),
  enterprise_id: rowId.nullable().optional(),
  participants: people(limits.people).nullable().optional(),
}
export const newDrill = z.strictObject(drillFields)
export const drillPatch = patchOf(drillFields)

const gridFields = {
  code: gridCode,
  name: text(limits.name),
  town_code: townCode,
  kind: z.enum(['village', 'community', 'park']),
  officer_name: optionalText(limits.person),
  officer_phone: optionalText(limits.phone),
  geometry: geometrySchema,
  crs,
}
export const newGrid = z.strictObject(gridFields)
const { code: _code, ...gridPatchFields } = gridFields
export const gridPatch = patchOf(gridPatchFields)

export const idPath = z.object({ id: idParam })
export const gridCodePath = z.object({ code: gridCode })
/** DELETE /{id}?version= (or If-Match). */
export const deleteQuery = z.strictObject({ version: countParam(maxInt, 1).optional() })

/** GET /api/registers/{register}. */
export const registerPath = z.object({ register: z.enum(registers) })
const sortable = [...new Set(Object.values(registerTables).flatMap((table) => table.sorts))]
export const registerQuery = z.strictObject({
  q: text(limits.text).optional(),
  town_code: townCode.optional(),
  enterprise_id: idParam.optional(),
  offset: countParam(maxInt).optional(),
  limit: countParam(limits.page, 1).optional(),
  /** A column, `-` before it for descending; each register sorts by its own (server/registers/tables.ts). */
  sort: z.enum([...sortable, ...sortable.map((column) => `-${column}`)] as [string, ...string[]]).optional(),
  /** `false` leaves zones' and grids' boundaries out (smaller answers). */
  geometry: z.enum(['true', 'false']).optional(),
})
export type RegisterQuery = z.output<typeof registerQuery>
export type { Register }
