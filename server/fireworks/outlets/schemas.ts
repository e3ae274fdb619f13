import { z } from 'zod'
import { outletKinds, outletStatuses } from '../../../db/schema.ts'
import { outletLimits } from '../../../lib/limits.ts'
import { idParam, isoDate, rowId, text } from '../../http/values.ts'
import { locationSchema } from '../../registers/places.ts'

/** The bodies of the outlet writes (server/fireworks/outlets/routes.ts), for the validator and the typed client. */

export const outletPath = z.object({ id: idParam })

/** WGS84 degrees, as every coordinate that crosses the API. */
export const longitude = z.number().min(-180).max(180)
export const latitude = z.number().min(-90).max(90)

/** numeric(8,1) columns: 0 … 9,999,999.9. */
const squareMetres = z.number().positive().max(outletLimits.floorAreaM2)
const optionalText = (max: number) => text(max).nullable().optional()

/** The fields an outlet's ledger row holds besides its place and status. */
const outletFields = {
  name: text(outletLimits.name),
  kind: z.enum(outletKinds),
  floor_area_m2: squareMetres,
  licence_no: optionalText(outletLimits.licenceNo),
  operator: optionalText(outletLimits.person),
  phone: optionalText(outletLimits.phone),
  address: optionalText(outletLimits.address),
  storage_limit_kg: z.number().nonnegative().max(outletLimits.storageLimitKg).nullable().optional(),
  dedicated_shop: z.boolean().optional(),
  shares_residence: z.boolean().optional(),
  licence_valid_from: isoDate.nullable().optional(),
  licence_valid_to: isoDate.nullable().optional(),
  supplier_enterprise_id: rowId.nullable().optional(),
  status: z.enum(outletStatuses).optional(),
}

const validityOrder = (body: { licence_valid_from?: string | null; licence_valid_to?: string | null }) =>
  !body.licence_valid_from || !body.licence_valid_to || body.licence_valid_from <= body.licence_valid_to

/**
 * POST /api/fireworks/outlets. Without `status` an outlet with a licence number is active, one
 * without is planned; an active outlet needs a licence number (422 `licence_required`).
 */
export const newOutlet = z
  .strictObject({
    ...outletFields,
    lon: longitude.optional(),
    lat: latitude.optional(),
    location: locationSchema.optional(),
  })
  .refine((body) => (body.lon !== undefined && body.lat !== undefined) !== (body.location !== undefined), {
    message: 'send lon and lat (WGS84), or a location in any system',
    path: ['lon'],
  })
  .refine(validityOrder, {
    message: 'licence_valid_from must not be after licence_valid_to',
    path: ['licence_valid_to'],
  })

/**
 * PATCH /api/fireworks/outlets/{id}: the version read and any fields; lon and lat together, or a
 * `location: { lon, lat, crs? }` in any system of lib/crs.ts (issue 12; its system kept as source_crs).
 */
export const outletPatch = z
  .strictObject({
    version: rowId.optional(),
    ...z.object(outletFields).partial().shape,
    name: outletFields.name.optional(),
    lon: longitude.optional(),
    lat: latitude.optional(),
    location: locationSchema.optional(),
  })
  .refine((body) => (body.lon === undefined) === (body.lat === undefined), {
    message: 'send lon and lat together',
    path: ['lon'],
  })
  .refine((body) => body.lon === undefined || body.location === undefined, {
    message: 'send lon and lat, or a location, not both',
    path: ['location'],
  })
  .refine(validityOrder, {
    message: 'licence_valid_from must not be after licence_valid_to',
    path: ['licence_valid_to'],
  })

export type NewOutlet = z.input<typeof newOutlet>
export type OutletPatch = z.input<typeof outletPatch>
