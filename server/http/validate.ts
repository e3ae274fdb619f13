import type { MiddlewareHandler } from 'hono'
import { validator } from 'hono/validator'
import type { z } from 'zod'
import { badRequest } from '../api-error.ts'
import type { AppEnv } from '../app-env.ts'
import { readJson } from './json-body.ts'

/**
 * The one request validator: every JSON body, query string and path parameter an /api route takes
 * goes through `json`, `query` or `param` here, so every refusal is the same 400 and the route's
 * types (what it takes, what it gives) are its schema's, for the typed client (`hc<AppType>`).
 */

/** What a route may add to its refusals: its own sentence, and details beside the issues (e.g. `allowed`). */
export type Refusal = { error?: string; details?: Record<string, unknown> }

/**
 * `value` parsed by `schema`, or the one 400: `{ error, code: 'bad_request', details: { issues } }`,
 * each issue naming its field (`path`, e.g. `hazards.0.description`) and zod's message. `what`
 * names a problem without a field (the body, the query).
 */
export function parseValue<S extends z.ZodType>(
  value: unknown,
  schema: S,
  what = 'body',
  refusal: Refusal = {},
): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
  throw badRequest(refusal.error ?? issues.map((issue) => `${issue.path || what}: ${issue.message}`).join('; '), {
    issues,
    ...refusal.details,
  })
}

/** A validating middleware for `target`, typed as Hono's validator is: `c.req.valid(target)` and the client see the schema. */
type Validated<Target extends 'json' | 'query' | 'param', S extends z.ZodType> = MiddlewareHandler<
  AppEnv,
  string,
  { in: { [K in Target]: z.input<S> }; out: { [K in Target]: z.output<S> } }
>

/**
 * The JSON body parsed by `schema`. Read through server/http/json-body.ts rather than Hono's own
 * validator('json'): that one reads only an `application/json` body, parses before the depth check
 * (32 levels) and answers malformed JSON, and a body over its byte limit, with a bare 400 — here
 * they stay `bad_json`, `json_too_deep` and 413 `payload_too_large`.
 */
export const json =
  <S extends z.ZodType>(schema: S, refusal?: Refusal): Validated<'json', S> =>
  async (c, next) => {
    c.req.addValidatedData('json', parseValue(await readJson(c), schema, 'body', refusal) as object)
    await next()
  }

/**
 * The query string parsed by `schema`: a parameter given once is a string, given more than once a
 * list of strings (Hono's validator('query')), so a schema that takes one value refuses a repeat.
 */
export const query = <S extends z.ZodType>(schema: S, refusal?: Refusal): Validated<'query', S> =>
  validator('query', (value) => parseValue(value, schema, 'query', refusal)) as unknown as Validated<'query', S>

/** The path parameters parsed by `schema` (e.g. `z.object({ id: idParam })`). */
export const param = <S extends z.ZodType>(schema: S, refusal?: Refusal): Validated<'param', S> =>
  validator('param', (value) => parseValue(value, schema, 'path', refusal)) as unknown as Validated<'param', S>
