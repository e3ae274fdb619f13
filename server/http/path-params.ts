import type { Context } from 'hono'
import { badRequest } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { idParam } from './values.ts'

/**
 * The id in path parameter `name` (1…2^31−1, digits only), or a 400 "Malformed <what>: <raw>"
 * naming the parameter, as parseValue names a body field.
 */
export function pathId(c: Context<AppEnv>, name: string, what: string): number {
  const raw = c.req.param(name) ?? ''
  const parsed = idParam.safeParse(raw)
  if (parsed.success) return parsed.data
  throw badRequest(`Malformed ${what}: ${raw}`, {
    issues: parsed.error.issues.map((issue) => ({ path: name, message: issue.message })),
  })
}
