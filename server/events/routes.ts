import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { ApiError } from '../api-error.ts'
import type { AppEnv, StreamTiming } from '../app-env.ts'
import { credentialStands } from '../auth/authenticate.ts'
import { principalOf } from '../auth/principal.ts'
import { scopeHears } from './change-area.ts'
import type { Change } from './change-hub.ts'

/** A comment every 20 s keeps proxies from closing the stream; every minute the stream checks that its session or token still stands. */
export const defaultStreamTiming: StreamTiming = { keepAliveMs: 20_000, recheckEveryMs: 60_000 }

/**
 * The live stream (DESIGN §4), mounted at /api/events.
 *
 * | method | path                | auth                              | returns                                        |
 * |--------|---------------------|-----------------------------------|------------------------------------------------|
 * | POST   | /api/events/ticket  | session or Bearer (kiosk too)     | 200 `{ ticket, expires_in }`: one use, 60 s     |
 * | GET    | /api/events         | `?ticket=`, session or Bearer     | text/event-stream; 401 `invalid_ticket`         |
 *
 * GET /api/events is Server-Sent Events: `ready` on connect, then `change` with `{ tables, at }`
 * whenever data in the caller's scope changes (a town user hears of its town, a grid officer of
 * its grids; server/events/change-area.ts), and a comment every 20 s so proxies keep the stream open. A stream whose
 * session ends or whose token is revoked closes within about a minute (re-checked then). Clients
 * refetch what the tables feed; after a reconnect they refetch everything, since changes made
 * while they were away are not replayed. EventSource cannot send headers, so a page on an API
 * token first POSTs for a ticket (with its Authorization header) and opens
 * `/api/events?ticket=<ticket>`: the ticket is bound to the session or token that asked for it,
 * works once, within 60 s, and is checked against that credential again when used
 * (server/auth/authenticate.ts). `?access_token=<token>` is still accepted for one release.
 */
export const events = new Hono<AppEnv>()
  .post('/ticket', (c) => {
    const principal = principalOf(c)
    const hash = principal.sessionHash ?? principal.tokenHash
    if (!hash) throw new ApiError(401, 'Log in or send Authorization: Bearer <token>', undefined, 'unauthenticated')
    const { ticket, expiresInMs } = c.get('eventTickets').issue({
      kind: principal.sessionHash ? 'session' : 'token',
      hash,
    })
    return c.json({ ticket, expires_in: expiresInMs / 1000 })
  })
  .get('/', (c) => {
    const principal = principalOf(c)
    const db = c.get('db')
    const { keepAliveMs, recheckEveryMs } = c.get('streamTiming')
    return streamSSE(c, async (stream) => {
      const queue: Pick<Change, 'tables' | 'at'>[] = []
      let wake: (() => void) | undefined
      const scope = c.get('scope')
      const unsubscribe = await c.get('changes').subscribe((change) => {
        // A town or grid officer hears only of changes in its own area, not of other towns' work.
        const tables = change.tables.filter((table) => scopeHears(scope, change.areas[table]!))
        if (tables.length === 0) return
        queue.push({ tables, at: change.at })
        wake?.()
      })
      stream.onAbort(() => wake?.())
      let id = 0
      let checkedAt = Date.now()
      try {
        await stream.writeSSE({
          event: 'ready',
          data: JSON.stringify({ at: new Date().toISOString() }),
          id: String(id++),
        })
        while (!stream.aborted && !stream.closed) {
          const change = queue.shift()
          if (change) {
            await stream.writeSSE({ event: 'change', data: JSON.stringify(change), id: String(id++) })
            continue
          }
          let timer: NodeJS.Timeout | undefined
          await new Promise<void>((resolve) => {
            wake = resolve
            timer = setTimeout(resolve, keepAliveMs)
          })
          clearTimeout(timer)
          wake = undefined
          // A log-out, an expired session or a revoked token ends the stream; the page's
          // reconnect then asks for a ticket, is refused, and says so.
          if (Date.now() - checkedAt >= recheckEveryMs) {
            checkedAt = Date.now()
            if (!(await credentialStands(db, principal))) break
          }
          if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n')
        }
      } finally {
        unsubscribe()
      }
    })
  })
