import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import type { App } from '../../../server/app.ts'
import { testApp, type Request } from '../../support/test-app.ts'
import { createToken } from './fixtures.ts'

let app: App
let db: Database
let request: Request
let kiosk: string

beforeAll(async () => {
  ;({ app, db, request } = await testApp())
  kiosk = (await createToken(request, db, 'viewer', 'kiosk')).token
})

describe('?access_token= (EventSource cannot send an Authorization header)', () => {
  it('get /api/events accepts a kiosk token in the query', async () => {
    const response = await app.request(`/api/events?access_token=${kiosk}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    await response.body?.cancel()
  })

  it('get /api/events with an unknown token in the query is 401 naming the token', async () => {
    const response = await app.request('/api/events?access_token=not-a-token')
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ error: 'Invalid or revoked API token' })
  })

  it('every other path ignores ?access_token=', async () => {
    const stats = await app.request(`/api/stats/summary?access_token=${kiosk}`)
    expect(stats.status).toBe(401)
    expect(await stats.json()).toEqual({ error: 'Log in or send Authorization: Bearer <token>' })
    const ogc = await app.request(`/ogc/collections?access_token=${kiosk}`)
    expect(ogc.status).toBe(401)
  })

  it('a POST to /api/events ignores ?access_token=', async () => {
    const response = await app.request(`/api/events?access_token=${kiosk}`, { method: 'POST' })
    expect(response.status).toBe(401)
  })
})
