import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Database } from '../../db/client.ts'
import { demoPassword } from '../../db/seed/users.ts'
import { createApp } from '../../server/app.ts'

export type Served = {
  base: string
  /** The session cookie of the demo account the bench logged in as (`sid=…`). */
  cookie: string
  close: () => Promise<void>
}

/**
 * The whole app on a loopback port over `db`, logged in as a demo account (every /api, /ogc and
 * /tiles path needs a log-in), as each bench measures it: with its authentication, scope and
 * validation on.
 */
export async function serveApp(db: Database, asOf: string, username = 'county'): Promise<Served> {
  const app = createApp({ db, today: () => asOf })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
  // The floor runs leave the connection idle for longer than Node's 5 s default, after which a
  // reused keep-alive socket is reset under fetch's feet.
  server.keepAliveTimeout = 120_000
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  })
  if (!login.ok) throw new Error(`log-in as ${username}: ${login.status}`)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  return { base, cookie, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
