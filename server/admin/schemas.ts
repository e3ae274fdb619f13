import { z } from 'zod'
import { usernamePattern } from '../../lib/limits.ts'
import { tokenKinds, userRoles } from '../../db/schema.ts'
import { minPasswordLength } from '../auth/password.ts'
import {
  countParam,
  gridCode,
  idParam,
  isoDate,
  isoInstant,
  maxInt,
  passwordText,
  rowId,
  text,
  townCode,
} from '../http/values.ts'

/** What the administration routes take (server/admin/routes.ts), for the validator and the typed client. */

const gridCodes = z.array(gridCode).max(500)
const displayName = text(100)
const password = passwordText(1000, minPasswordLength, `at least ${minPasswordLength} characters`)

export const idPath = z.object({ id: idParam })

export const newUser = z
  .strictObject({
    username: z.string().regex(usernamePattern, 'lower-case letters, digits, . _ -; 2–63 characters'),
    display_name: displayName,
    password,
    role: z.enum(userRoles),
    town_code: townCode.optional(),
    grid_codes: gridCodes.default([]),
  })
  .refine((u) => u.role !== 'town' || u.town_code !== undefined, { message: 'a town user needs town_code' })
  .refine((u) => u.role !== 'grid' || u.grid_codes.length > 0, { message: 'a grid officer needs grid_codes' })

export const userPatch = z
  .strictObject({
    display_name: displayName.optional(),
    role: z.enum(userRoles).optional(),
    town_code: townCode.nullable().optional(),
    grid_codes: gridCodes.optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' })

export const passwordReset = z.strictObject({ password })

export const newToken = z.strictObject({
  user_id: rowId,
  name: text(100),
  kind: z.enum(tokenKinds),
})

export const tokensQuery = z.strictObject({ user_id: idParam.optional() })

/** The start of a day in China Standard Time (the county's), or the instant itself. */
export function auditStart(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value)
}
/** Exclusive end: a date includes its whole day. */
export function auditEnd(value: string): Date {
  const at = auditStart(value)
  return value.length === 10 ? new Date(at.getTime() + 86_400_000) : at
}

/** A whole day in China Standard Time (the county's), or an instant with its offset. */
const day = z.union([isoDate, isoInstant])
export const auditQuery = z
  .strictObject({
    entity: text(100).optional(),
    entity_id: text(100).optional(),
    user_id: idParam.optional(),
    action: text(100).optional(),
    from: day.optional(),
    to: day.optional(),
    limit: countParam(1000, 1).default(100),
    offset: countParam(maxInt).default(0),
  })
  .refine((q) => !q.from || !q.to || auditStart(q.from) < auditEnd(q.to), { message: 'from must not be after to' })
export type AuditQuery = z.output<typeof auditQuery>
