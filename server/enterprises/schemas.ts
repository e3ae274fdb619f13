import { z } from 'zod'
import {
  dustTypes,
  enterpriseStatuses,
  locationSources,
  riskLevels,
  sectors,
  standardizationLevels,
} from '../../db/vocabulary.ts'
import { registerLimits as limits } from '../../lib/limits.ts'
import { isoDate, rowId, text } from '../http/values.ts'
import { locationSchema } from '../registers/places.ts'

/** The bodies of the enterprise writes (server/enterprises/routes.ts): the whole 一企一档 record, DOMAIN §4. */

const optionalText = (max: number) => text(max).nullable().optional()
const day = isoDate.nullable().optional()
const flag = z.boolean().optional()
const count = (max: number) => z.number().int().min(0).max(max)

/** Form only: 18 characters of 0-9 and the capitals; the check character is db/uscc.ts's (422 or a warning). */
const uscc = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(
    z
      .string()
      .min(1)
      .max(18 * 2),
  )

/** Every column but id, town/grid, timestamps and version; the position as `location`. */
const enterpriseFields = {
  uscc,
  name: text(limits.name),
  legal_rep: optionalText(limits.person),
  safety_manager: optionalText(limits.person),
  safety_phone: optionalText(limits.phone),
  address: optionalText(limits.address),
  location_source: z.enum(locationSources).optional(),
  employees: count(limits.people).optional(),
  above_size: flag,
  sector: z.enum(sectors),
  risk_level: z.enum(riskLevels),
  status: z.enum(enterpriseStatuses).optional(),
  standardization_level: z.enum(standardizationLevels).optional(),
  standardization_on: day,
  standardization_expiry: day,
  dust: flag,
  dust_type: z.enum(dustTypes).nullable().optional(),
  dust_workers_per_shift: count(limits.people).nullable().optional(),
  dust_verified: flag,
  dust_verified_on: day,
  ammonia_tonnes: z.number().min(0).max(limits.ammoniaTonnes).nullable().optional(),
  hazchem_key_process: flag,
  hazchem_key_chemical: flag,
  /** 重大危险源 level 一级…四级. */
  major_hazard_level: z.number().int().min(1).max(4).nullable().optional(),
  dcs: flag,
  fireworks_wholesale: flag,
  confined_space_demo: flag,
  confined_space_demo_on: day,
  culture_demo_level: z.enum(['province', 'city']).nullable().optional(),
  culture_demo_on: day,
  location: locationSchema,
}

const datesInOrder = (body: { standardization_on?: string | null; standardization_expiry?: string | null }) =>
  !body.standardization_on || !body.standardization_expiry || body.standardization_on <= body.standardization_expiry

/** POST /api/enterprises: uscc, name, sector, risk_level and location are required. */
export const newEnterprise = z.strictObject(enterpriseFields).refine(datesInOrder, {
  message: 'standardization_on must not be after standardization_expiry',
  path: ['standardization_expiry'],
})

/** PATCH /api/enterprises/{id}: the version read (or If-Match) and any fields; `status: 'closed'` closes it. */
export const enterprisePatch = z
  .strictObject({ version: rowId.optional(), ...z.object(enterpriseFields).partial().shape })
  .refine(datesInOrder, {
    message: 'standardization_on must not be after standardization_expiry',
    path: ['standardization_expiry'],
  })

export type NewEnterprise = z.input<typeof newEnterprise>
export type EnterprisePatch = z.input<typeof enterprisePatch>
