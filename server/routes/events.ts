import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../app-env.ts'
import type { Change } from '../events/change-hub.ts'

const keepAliveMs = 20_000

/**
 * GET /api/events — Server-Sent Events (DESIGN §4). `ready` on connect, then `change` with
 * `{ tables, at }` whenever data changes, and a comment every 20 s so proxies keep the stream
 * open. Clients refetch what the tables feed; after a reconnect they refetch everything, since
 * changes made while they were away are not replayed. Like every /api path it needs a session or
 * a Bearer token; because EventSource cannot send headers, this GET alone also takes
 * `?access_token=<token>` (server/auth/authenticate.ts) — the token then appears in URLs, so use a
 * kiosk token, which is read-only.
 */
export const events = new Hono<AppEnv>().get('/', (c) =>
  streamSSE(c, async (stream) => {
    const queue: Change[] = []
    let wake: (() => void) | undefined
    const unsubscribe = await c.get('changes').subscribe((change) => {
      queue.push(change)
      wake?.()
    })
    stream.onAbort(() => wake?.())
    let id = 0
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
        if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n')
      }
    } finally {
      unsubscribe()
    }
  }),
)
