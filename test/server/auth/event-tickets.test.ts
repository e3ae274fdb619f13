import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../db/client.ts'
import { createEventTickets, ticketTtlMs } from '../../../server/auth/event-tickets.ts'
import { createApp, type App } from '../../../server/app.ts'
import { testDemo } from '../../support/fixture.ts'
import { json, logIn, testApp, type Request } from '../../support/test-app.ts'
import { createToken } from './fixtures.ts'

let app: App
let db: Database
let request: Request
let kiosk: string

beforeAll(async () => {
  ;({ app, db, request } = await testApp())
  kiosk = (await createToken(request, db, 'viewer', 'kiosk')).token
})

const bearer = (token: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, authorization: `Bearer ${token}` },
})
const withCookie = (cookie: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...init.headers, cookie },
})

async function ticketFor(init: RequestInit, target: App = app): Promise<string> {
  const response = await target.request('/api/events/ticket', { method: 'POST', ...init })
  expect(response.status).toBe(200)
  const body = (await response.json()) as { ticket: string; expires_in: number }
  expect(body.expires_in).toBe(60)
  expect(body.ticket).toMatch(/^[\w-]{43}$/)
  return body.ticket
}

/** Opens the stream and reports the status; a 200 stream is cancelled at once. */
async function openStream(path: string, init?: RequestInit, target: App = app) {
  const response = await target.request(path, init)
  const body = response.status === 200 ? null : await response.json()
  if (response.status === 200) {
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    await response.body?.cancel()
  }
  return { status: response.status, body }
}

const invalidTicket = {
  error: 'Unknown, used or expired event-stream ticket; POST /api/events/ticket for a new one',
  code: 'invalid_ticket',
}

describe('post /api/events/ticket, then get /api/events?ticket=', () => {
  it('a kiosk token (read-only, so otherwise refused any POST) gets a ticket that opens the stream once', async () => {
    const ticket = await ticketFor(bearer(kiosk))
    expect(await openStream(`/api/events?ticket=${ticket}`)).toEqual({ status: 200, body: null })
    expect(await openStream(`/api/events?ticket=${ticket}`)).toEqual({ status: 401, body: invalidTicket })
  })

  it('a session gets one too; a wrong or empty ticket is 401 with its code, never the cookie-less stream', async () => {
    const cookie = await logIn(app, 'county')
    const ticket = await ticketFor(withCookie(cookie))
    expect((await openStream(`/api/events?ticket=${ticket}`)).status).toBe(200)
    expect(await openStream('/api/events?ticket=not-a-ticket')).toEqual({ status: 401, body: invalidTicket })
    expect(await openStream('/api/events')).toEqual({
      status: 401,
      body: { error: 'Log in or send Authorization: Bearer <token>', code: 'unauthenticated' },
    })
  })

  it('is bound to the credential that asked: a log-out or a revoked token kills an unused ticket', async () => {
    const cookie = await logIn(app, 'town-320924100')
    const ticket = await ticketFor(withCookie(cookie))
    expect((await app.request('/api/auth/logout', withCookie(cookie, { method: 'POST' }))).status).toBe(204)
    expect(await openStream(`/api/events?ticket=${ticket}`)).toEqual({ status: 401, body: invalidTicket })

    const { token, id } = await createToken(request, db, 'viewer', 'kiosk')
    const tokenTicket = await ticketFor(bearer(token))
    await db.rows(sql`UPDATE api_tokens SET revoked_at = now() WHERE id = ${id}`)
    expect(await openStream(`/api/events?ticket=${tokenTicket}`)).toEqual({ status: 401, body: invalidTicket })
  })

  it('stands for its principal only: the stream runs as the kiosk token, and a ticket opens nothing else', async () => {
    const ticket = await ticketFor(bearer(kiosk))
    // Any other path, or a POST to the stream, ignores ?ticket= (and does not use it up).
    const stats = await app.request(`/api/stats/summary?ticket=${ticket}`)
    expect(stats.status).toBe(401)
    expect((await app.request(`/api/events?ticket=${ticket}`, { method: 'POST' })).status).toBe(401)
    expect((await app.request(`/api/inspections?ticket=${ticket}`, json('POST', {}))).status).toBe(401)
    expect((await openStream(`/api/events?ticket=${ticket}`)).status).toBe(200)
  })

  it('a ticket wins over a cookie sent with it, so a used ticket is refused even for a logged-in browser', async () => {
    const cookie = await logIn(app, 'county')
    const ticket = await ticketFor(withCookie(cookie))
    expect((await openStream(`/api/events?ticket=${ticket}`, withCookie(cookie))).status).toBe(200)
    expect(await openStream(`/api/events?ticket=${ticket}`, withCookie(cookie))).toEqual({
      status: 401,
      body: invalidTicket,
    })
  })

  it('expires after 60 s unused', async () => {
    let now = 1_000_000
    const tickets = createEventTickets(() => now)
    const timed = createApp({ db, today: () => testDemo.asOf, eventTickets: tickets })
    const early = await ticketFor(bearer(kiosk), timed)
    const late = await ticketFor(bearer(kiosk), timed)
    now += ticketTtlMs - 1
    expect((await openStream(`/api/events?ticket=${early}`, undefined, timed)).status).toBe(200)
    now += 1
    expect(await openStream(`/api/events?ticket=${late}`, undefined, timed)).toEqual({
      status: 401,
      body: invalidTicket,
    })
    expect(tickets.size).toBe(0)
  })

  it('nobody gets a ticket without a credential', async () => {
    const response = await app.request('/api/events/ticket', { method: 'POST' })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({
      error: 'Log in or send Authorization: Bearer <token>',
      code: 'unauthenticated',
    })
  })
})

describe('?access_token= (deprecated: wall displays still running the previous web app)', () => {
  it('get /api/events still accepts a kiosk token in the query, for one release', async () => {
    expect((await openStream(`/api/events?access_token=${kiosk}`)).status).toBe(200)
  })

  it('get /api/events with a personal token in the query is 401 invalid_token: only kiosk tokens go in URLs', async () => {
    const personal = (await createToken(request, db, 'viewer', 'personal')).token
    expect(await openStream(`/api/events?access_token=${personal}`)).toEqual({
      status: 401,
      body: { error: 'Invalid or revoked API token', code: 'invalid_token' },
    })
    expect((await openStream('/api/events', bearer(personal))).status).toBe(200)
  })

  it('get /api/events with an unknown token in the query is 401 naming the token', async () => {
    expect(await openStream('/api/events?access_token=not-a-token')).toEqual({
      status: 401,
      body: { error: 'Invalid or revoked API token', code: 'invalid_token' },
    })
  })

  it('every other path ignores ?access_token=', async () => {
    const stats = await app.request(`/api/stats/summary?access_token=${kiosk}`)
    expect(stats.status).toBe(401)
    expect(await stats.json()).toEqual({
      error: 'Log in or send Authorization: Bearer <token>',
      code: 'unauthenticated',
    })
    const ogc = await app.request(`/ogc/collections?access_token=${kiosk}`)
    expect(ogc.status).toBe(401)
  })

  it('a POST to /api/events ignores ?access_token=', async () => {
    const response = await app.request(`/api/events?access_token=${kiosk}`, { method: 'POST' })
    expect(response.status).toBe(401)
  })
})
