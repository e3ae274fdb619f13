import { z } from 'zod'
import { maxInt, rowId, townCode } from '../../http/values.ts'

/** PATCH /api/fireworks/towns/{code} (server/fireworks/towns/routes.ts). */

export const townPath = z.object({ code: townCode })

const count = z.number().int().min(0).max(maxInt)

/** The version read, and households and/or the cap set by hand (null: computed from households again). */
export const townPatch = z
  .strictObject({
    version: rowId.optional(),
    households: count.nullable().optional(),
    outlet_cap: count.nullable().optional(),
  })
  .refine((body) => body.households !== undefined || body.outlet_cap !== undefined, {
    message: 'send households or outlet_cap',
  })

export type TownPatch = z.input<typeof townPatch>
