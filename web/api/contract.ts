import type { hc, InferRequestType, InferResponseType } from 'hono/client'
import type { AppType } from '../../server/app.ts'

/**
 * The server's routes as a typed client (`hc<AppType>`, docs/decisions/typed-contract.md), used
 * only for its types: the web's answers and bodies are named from it here, so they follow the
 * server's handlers and schemas. Requests still go through web/api/client.ts (re-login, retries,
 * the last good answer).
 */
export type Api = ReturnType<typeof hc<AppType>>['api']

/** The good answer (200, or 201 for a creation) of an endpoint of `Api`. */
export type Answer<E, Status extends 200 | 201 = 200> = E extends (...args: never[]) => unknown
  ? InferResponseType<E, Status>
  : never

/** The JSON body an endpoint of `Api` takes. */
export type JsonBody<E> = E extends (...args: never[]) => unknown
  ? InferRequestType<E> extends { json: infer J }
    ? J
    : never
  : never
