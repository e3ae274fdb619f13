import { sql } from 'drizzle-orm'
import { hc, type InferResponseType } from 'hono/client'
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type { AppType } from '../../server/app.ts'
import type { transitionBody } from '../../server/hazards/schemas.ts'
import type { HazardAction } from '../../server/rules/listing-actions.ts'
import { testApp, type Request } from '../support/test-app.ts'
import { hazardMaker, type Hazard } from './hazards/support.ts'

// Issue 10: the route chain's type is the contract. A client typed by hc<AppType> knows each
// route's input (from its validator) and its answer (from its handler); these calls go through
// app.request, so the runtime answers are checked against the same types vue-tsc checks.

let request: Request
let maker: ReturnType<typeof hazardMaker>
let hazard: Hazard

/** A typed client whose requests are the county user's, through the app itself. */
const clientFor = (send: Request) =>
  hc<AppType>('http://sheyang.test', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => send(String(input), init),
  })
let client: ReturnType<typeof clientFor>

beforeAll(async () => {
  const app = await testApp()
  request = app.request
  client = clientFor(request)
  maker = hazardMaker(request, app.db)
  const [enterprise] = await app.db.rows<{ id: number }>(
    sql`SELECT id FROM enterprises WHERE status = 'active' ORDER BY id LIMIT 1`,
  )
  ;[hazard] = (await maker.inspect(enterprise!.id, [{ level: 'general', description: '消防通道堵塞' }], 'county'))
    .hazards as [Hazard]
})

afterAll(() => maker.cleanUp())

type HazardAnswer = InferResponseType<(typeof client.api.hazards)[':id']['$get'], 200>
type TransitionJson = Parameters<(typeof client.api.hazards)[':id']['transition']['$post']>[0]['json']

describe('the typed client hc<AppType>', () => {
  it('types get /api/hazards/{id} with the actions the caller may take, and gets them', async () => {
    expectTypeOf<HazardAnswer['hazard']['actions']>().toEqualTypeOf<HazardAction[]>()
    expectTypeOf<HazardAnswer['hazard']['actions']>().toExtend<string[]>()
    const response = await client.api.hazards[':id'].$get({ param: { id: String(hazard.id) } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as HazardAnswer
    expect([body.hazard.id, body.hazard.status, body.hazard.actions, body.next]).toEqual([
      hazard.id,
      'reported',
      ['transition:assigned', 'photo_add'],
      ['assigned'],
    ])
  })

  it('types post /api/hazards/{id}/transition from its schema and moves the hazard', async () => {
    expectTypeOf<TransitionJson>().toEqualTypeOf<z.input<typeof transitionBody>>()
    const response = await client.api.hazards[':id'].transition.$post({
      param: { id: String(hazard.id) },
      json: { to: 'assigned', version: hazard.version, deadline: '2026-10-30' },
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as HazardAnswer
    expect([body.hazard.status, body.hazard.deadline, body.hazard.version, body.hazard.actions]).toEqual([
      'assigned',
      '2026-10-30',
      hazard.version + 1,
      ['transition:rectifying', 'photo_add'],
    ])
  })

  it('gets the one 400 of the validator for a body its schema refuses', async () => {
    const refused = { to: 'nowhere', version: hazard.version } as unknown as TransitionJson
    const response = await client.api.hazards[':id'].transition.$post({
      param: { id: String(hazard.id) },
      json: refused,
    })
    expect([response.status, await response.json()]).toEqual([
      400,
      {
        error: 'to: Invalid option: expected one of "reported"|"assigned"|"rectifying"|"awaiting_recheck"|"closed"',
        code: 'bad_request',
        details: {
          issues: [
            {
              path: 'to',
              message: 'Invalid option: expected one of "reported"|"assigned"|"rectifying"|"awaiting_recheck"|"closed"',
            },
          ],
        },
      },
    ])
  })
})
