import { z } from 'zod'
import { outletKinds } from '../../../db/schema.ts'
import { outletLimits, planLimits } from '../../../lib/limits.ts'
import { countParam, idParam, multilineText, rowId, text } from '../../http/values.ts'
import { latitude, longitude } from '../outlets/schemas.ts'

/**
 * What-if plans of the fireworks planner (server/fireworks/plans/routes.ts): their change lists
 * and bodies, for the validator and, by `import type`, the web's plan editor.
 */

export const closeChange = z.strictObject({ kind: z.literal('close'), outlet_id: rowId })
export const moveChange = z.strictObject({ kind: z.literal('move'), outlet_id: rowId, lon: longitude, lat: latitude })
export const addChange = z.strictObject({
  kind: z.literal('add'),
  /** The client's id of the new outlet, unique in the plan. */
  ref: text(planLimits.ref),
  name: text(outletLimits.name),
  outlet_kind: z.enum(outletKinds),
  lon: longitude,
  lat: latitude,
  floor_area_m2: z.number().positive().max(outletLimits.floorAreaM2),
  dedicated_shop: z.boolean().default(true),
  shares_residence: z.boolean().default(false),
  operator: text(outletLimits.person).nullable().optional(),
  address: text(outletLimits.address).nullable().optional(),
  supplier_enterprise_id: rowId.nullable().optional(),
})

export const planChange = z.discriminatedUnion('kind', [closeChange, moveChange, addChange])

/** At most `planLimits.changes` changes; one close or move per outlet; each added outlet's ref once. */
export const planChanges = z
  .array(planChange)
  .max(planLimits.changes)
  .superRefine((changes, ctx) => {
    const outlets = new Set<number>()
    const refs = new Set<string>()
    changes.forEach((change, index) => {
      if (change.kind === 'add') {
        if (refs.has(change.ref)) {
          ctx.addIssue({ code: 'custom', path: [index, 'ref'], message: `ref ${change.ref} is used twice` })
        }
        refs.add(change.ref)
      } else {
        if (outlets.has(change.outlet_id)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'outlet_id'],
            message: `outlet ${change.outlet_id} is closed or moved twice`,
          })
        }
        outlets.add(change.outlet_id)
      }
    })
  })

export type PlanChange = z.output<typeof planChange>

export const evaluateBody = z.strictObject({ changes: planChanges })

const planName = text(planLimits.name)
const note = multilineText(planLimits.note, 0).nullable().optional()

export const newPlan = z.strictObject({ name: planName, year: z.number().int().min(2000).max(2099), note })

/** PUT /api/fireworks/plans/{id}: replaces the change list (and the name or note when sent). */
export const planPut = z.strictObject({
  version: rowId.optional(),
  name: planName.optional(),
  note,
  changes: planChanges,
})

export const plansQuery = z.strictObject({ year: countParam(2099, 2000).optional() })
export const planPath = z.object({ id: idParam })
export const versionQuery = z.strictObject({ version: idParam.optional() })
export const adoptBody = z.strictObject({ version: rowId.optional() })

export type EvaluateBody = z.input<typeof evaluateBody>
export type NewPlan = z.input<typeof newPlan>
export type PlanPut = z.input<typeof planPut>
export type PlanChangeInput = z.input<typeof planChange>
