import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { createToken } from './auth/fixtures.ts'
import { authedRequest, json, testApp, type Request } from '../support/test-app.ts'
import { testDemo } from '../support/fixture.ts'

type SseEvent = { event: string; data: string }

/** Reads server-sent events from a response body until `count` have arrived or `ms` pass. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number, ms: number): Promise<SseEvent[]> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let buffer = ''
  const deadline = Date.now() + ms
  try {
    while (events.length < count && Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
      ])
      if (!chunk || chunk.done) break
      buffer += decoder.decode(chunk.value, { stream: true })
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2)
        if (field('event')) events.push({ event: field('event')!, data: field('data') ?? '' })
      }
    }
  } finally {
    await reader.cancel()
  }
  return events
}

describe('get /api/events', () => {
  it('announces ready, then one change naming the tables a write touched', async () => {
    const { request, db } = await testApp()
    const response = await request('/api/events')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(response.headers.get('etag')).toBeNull()

    const reading = readEvents(response.body!, 2, 10_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Two statements on two tables inside the debounce window arrive as one change.
    await db.rows(sql`UPDATE settings SET updated_at = updated_at WHERE key = 'dust_shift_threshold'`)
    await db.rows(sql`UPDATE annual_targets SET note = note WHERE year = 2026 AND key = 'special_inspections'`)
    const events = await reading

    expect(events.map((event) => event.event)).toEqual(['ready', 'change'])
    expect(JSON.parse(events[1]!.data).tables).toEqual(['annual_targets', 'settings'])
  })
})

describe('writes announce themselves on /api/events', () => {
  it('post /api/inspections with a hazard is one change naming hazards and inspections', async () => {
    const { request, db } = await testApp()
    const [enterprise] = await db.rows<{ id: number; grid_code: string }>(
      sql`SELECT id, grid_code FROM enterprises WHERE grid_code IS NOT NULL AND status = 'active' ORDER BY id LIMIT 1`,
    )
    const response = await request('/api/events', {}, 'viewer')
    const reading = readEvents(response.body!, 2, 10_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const created = await request(
      '/api/inspections',
      json('POST', {
        enterprise_id: enterprise!.id,
        kind: 'routine',
        inspected_on: '2026-10-15',
        inspectors: ['测试员'],
        hazards: [{ level: 'general', description: '测试' }],
      }),
      `grid-${enterprise!.grid_code}`,
    )
    expect(created.status).toBe(201)
    const events = await reading
    const { inspection } = (await created.json()) as { inspection: { id: number } }
    await db.rows(sql`DELETE FROM hazards WHERE inspection_id = ${inspection.id}::int`)
    await db.rows(sql`DELETE FROM inspections WHERE id = ${inspection.id}::int`)
    expect(events.map((event) => event.event)).toEqual(['ready', 'change'])
    expect(JSON.parse(events[1]!.data).tables).toEqual(['hazards', 'inspections'])
  })
})

describe('an open stream ends when its credential does', () => {
  it('closes the stream of a kiosk token revoked while the wall is showing, and refuses a new ticket', async () => {
    const { db, request } = await testApp()
    const app = createApp({ db, today: () => testDemo.asOf, streamTiming: { keepAliveMs: 100, recheckEveryMs: 200 } })
    const kiosk = await createToken(request, db, 'county', 'kiosk')
    const response = await authedRequest(app)('/api/events', {}, { token: kiosk.token })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    // Still open after several re-checks while the token stands.
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return Date.now()
    })()
    const stillOpen = await Promise.race([ended.then(() => false), new Promise((r) => setTimeout(() => r(true), 700))])
    expect(stillOpen).toBe(true)

    const revokedAt = Date.now()
    expect((await request(`/api/admin/tokens/${kiosk.id}`, { method: 'DELETE' }, 'admin')).status).toBe(200)
    const endedAt = await Promise.race([
      ended,
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('stream still open')), 5_000)),
    ])
    expect(endedAt - revokedAt).toBeLessThan(5_000)
    const ticket = await app.request('/api/events/ticket', {
      method: 'POST',
      headers: { authorization: `Bearer ${kiosk.token}` },
    })
    expect(ticket.status).toBe(401)
  })
})

/** One open stream per listener, each read until `count` events or 3 s; resolves once all are open. */
async function openStreams(request: Request, listeners: string[], count: number) {
  const bodies = await Promise.all(listeners.map(async (who) => (await request('/api/events', {}, who)).body!))
  return bodies.map((body) => readEvents(body, count, 3_000))
}

describe('the event stream is scoped like the data', () => {
  it('a change to a hazard in town A reaches the county, A’s town and grid officer, not town B or another grid', async () => {
    const { request, db } = await testApp()
    const [hazard] = await db.rows<{ id: number; town_code: string; grid_code: string }>(
      sql`SELECT id, town_code, grid_code FROM hazards WHERE grid_code IS NOT NULL ORDER BY id LIMIT 1`,
    )
    const [otherGrid] = await db.rows<{ code: string }>(
      sql`SELECT code FROM grids WHERE town_code = ${hazard!.town_code} AND code <> ${hazard!.grid_code} ORDER BY code LIMIT 1`,
    )
    const [otherTown] = await db.rows<{ code: string }>(
      sql`SELECT code FROM regions WHERE kind <> 'county' AND code <> ${hazard!.town_code} ORDER BY code LIMIT 1`,
    )
    const listeners = ['county', `town-${hazard!.town_code}`, `grid-${hazard!.grid_code}`, `town-${otherTown!.code}`]
    listeners.push(`grid-${otherGrid!.code}`)
    const readings = await openStreams(request, listeners, 2)
    // The other listeners' streams stay open until the deadline: a late change would show up.
    await new Promise((resolve) => setTimeout(resolve, 300))
    await db.rows(sql`UPDATE hazards SET updated_at = updated_at WHERE id = ${hazard!.id}::int`)
    const heard = (await Promise.all(readings)).map((events) => events.map((event) => event.event))
    expect(heard).toEqual([['ready', 'change'], ['ready', 'change'], ['ready', 'change'], ['ready'], ['ready']])
  })

  it('a hazard moved from town A to town B is news to both; a settings change to everyone', async () => {
    const { request, db } = await testApp()
    const [hazard] = await db.rows<{ id: number; town_code: string; grid_code: string }>(
      sql`SELECT id, town_code, grid_code FROM hazards WHERE grid_code IS NOT NULL ORDER BY id LIMIT 1`,
    )
    const [far] = await db.rows<{ code: string; town_code: string }>(
      sql`SELECT code, town_code FROM grids WHERE town_code <> ${hazard!.town_code} ORDER BY code LIMIT 1`,
    )
    const [third] = await db.rows<{ code: string }>(
      sql`SELECT code FROM regions WHERE kind <> 'county' AND code NOT IN (${hazard!.town_code}, ${far!.town_code}) ORDER BY code LIMIT 1`,
    )
    const listeners = [`town-${hazard!.town_code}`, `grid-${far!.code}`, `town-${third!.code}`]
    const readings = await openStreams(request, listeners, 3)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const move = (town: string, grid: string) =>
      db.rows(sql`UPDATE hazards SET town_code = ${town}, grid_code = ${grid} WHERE id = ${hazard!.id}::int`)
    await move(far!.town_code, far!.code)
    await move(hazard!.town_code, hazard!.grid_code)
    await new Promise((resolve) => setTimeout(resolve, 400))
    await db.rows(sql`UPDATE settings SET updated_at = updated_at WHERE key = 'dust_shift_threshold'`)
    const heard = (await Promise.all(readings)).map((events) =>
      events.map((event) => (event.event === 'change' ? JSON.parse(event.data).tables.join() : event.event)),
    )
    expect(heard).toEqual([
      ['ready', 'hazards', 'settings'],
      ['ready', 'hazards', 'settings'],
      ['ready', 'settings'],
    ])
  })
})
