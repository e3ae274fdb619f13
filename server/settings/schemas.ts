import { z } from 'zod'
import { settingsLimits as limits } from '../../lib/limits.ts'
import { multilineText, rowId, text } from '../http/values.ts'

/** The bodies and paths of server/settings/routes.ts. */

export const settingPath = z.object({ key: text(80) })

const yearParam = z
  .string()
  .regex(/^\d{4}$/, `a year from ${limits.minYear} to ${limits.maxYear}`)
  .transform(Number)
  .pipe(z.number().int().min(limits.minYear).max(limits.maxYear))
export const yearPath = z.object({ year: yearParam })
export const targetPath = z.object({ year: yearParam, key: text(80) })

/** PATCH /api/settings/{key}: the new value (checked against the key's schema, 422) and the version read. */
export const settingPatch = z.strictObject({ value: z.json(), version: z.number().int().min(0).optional() })

/** PATCH /api/targets/{year}/{key}: a percentage is at most 100 (422 `invalid_target`). */
export const targetPatch = z.strictObject({
  target: z.number().finite().min(0).max(limits.target),
  note: multilineText(limits.note).nullable().optional(),
  version: rowId.optional(),
})

/** POST /api/targets/{year}: the year whose targets it starts from. */
export const targetsCopy = z.strictObject({
  copy_from: z.number().int().min(limits.minYear).max(limits.maxYear),
})
