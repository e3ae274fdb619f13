import { z } from 'zod'
import { hazardStatuses } from '../../db/schema.ts'
import { idParam, isoDate, multilineText, rowId, text } from '../http/values.ts'

/** The bodies the hazard routes take (server/hazards/routes.ts), for the validator and the typed client. */

const version = rowId.optional()
const note = multilineText(2000, 0).optional()

export const hazardPath = z.object({ id: idParam })
export const photoPath = z.object({ id: idParam, photo: idParam })

export const transitionBody = z.strictObject({
  to: z.enum(hazardStatuses),
  version,
  deadline: isoDate.optional(),
  note,
  rectification_cost_yuan: z.number().nonnegative().max(1e11).optional(),
})

export const listingBody = z.strictObject({
  version,
  listed_by_unit: text(200),
  listing_round: text(100),
  listed_on: isoDate.optional(),
  listing_deadline: isoDate,
  note,
})

export const extensionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('request'), version, requested_deadline: isoDate, note }),
  z.strictObject({ action: z.enum(['approve', 'reject']), version, note }),
])

export const delistBody = z.strictObject({ version, delisted_on: isoDate.optional(), note })

export type TransitionBody = z.input<typeof transitionBody>
export type ListingBody = z.input<typeof listingBody>
export type ExtensionBody = z.input<typeof extensionBody>
export type DelistBody = z.input<typeof delistBody>
