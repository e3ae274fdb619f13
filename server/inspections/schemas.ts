import { z } from 'zod'
import { inspectionLimits as limits } from '../../lib/limits.ts'
import { hazardLevels, inspectionKinds } from '../../db/schema.ts'
import { isoDate, multilineText, rowId, text } from '../http/values.ts'

/** The body of POST /api/inspections (server/inspections/routes.ts), as JSON or as a multipart's `inspection` part. */

const hazardBody = z.strictObject({
  level: z.enum(hazardLevels),
  description: multilineText(limits.description),
  deadline: isoDate.optional(),
  category: text(limits.category).optional(),
})

/**
 * What every recorded visit has, an enterprise's inspection or an outlet's
 * (server/outlet-inspections/schemas.ts): the date (≤ today, server/inspections/visit-save.ts),
 * who went, what they found, and the client's key for one save.
 */
export const visitFields = {
  inspected_on: isoDate,
  inspectors: z.array(text(limits.person)).min(1).max(limits.inspectors),
  findings: multilineText(limits.findings, 0).optional(),
  client_request_id: z
    .string()
    .regex(/^[\w-]{8,100}$/, 'expected 8–100 letters, digits, _ or -')
    .optional(),
}

export const inspectionBody = z.strictObject({
  enterprise_id: rowId,
  kind: z.enum(inspectionKinds),
  ...visitFields,
  hazards: z.array(hazardBody).max(limits.hazards).default([]),
  /** Completes this planned inspection (e.g. of a 双随机 draw) instead of adding a new one. */
  planned_inspection_id: rowId.optional(),
  version: rowId.optional(),
})

/** The body as parsed (defaults filled in). */
export type InspectionBody = z.output<typeof inspectionBody>
/** The body as a client sends it. */
export type InspectionRequest = z.input<typeof inspectionBody>
