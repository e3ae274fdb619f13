import type { Context } from 'hono'
import type { z } from 'zod'
import { badRequest } from '../api-error.ts'
import { readJson } from './json-body.ts'

/** The JSON body parsed by `schema`; anything else is a 400 naming each problem and its field. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseValue(await readJson(c), schema)
}

/** `value` parsed by `schema`, or a 400 naming each problem and its field. */
export function parseValue<S extends z.ZodType>(value: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    throw badRequest(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '),
      { issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) },
    )
  }
  return parsed.data
}
