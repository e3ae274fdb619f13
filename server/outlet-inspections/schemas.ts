import { z } from 'zod'
import { outletInspectionKinds } from '../../db/schema.ts'
import { visitFields } from '../inspections/schemas.ts'

/** The body of POST /api/fireworks/outlets/{id}/inspections: an enterprise inspection's fields, without hazards. */
export const outletInspectionBody = z.strictObject({
  kind: z.enum(outletInspectionKinds),
  ...visitFields,
})

/** The body as parsed. */
export type OutletInspectionBody = z.output<typeof outletInspectionBody>
/** The body as a client sends it. */
export type OutletInspectionRequest = z.input<typeof outletInspectionBody>
