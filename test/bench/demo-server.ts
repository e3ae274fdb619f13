import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Database } from '../../db/client.ts'
import { ensureDefaults } from '../../db/defaults.ts'
import { migrate } from '../../db/migrate.ts'
import { generateDemoData } from '../../db/seed/generate.ts'
import { loadDemoData } from '../../db/seed/load.ts'
import { demoPassword } from '../../db/seed/users.ts'
import { createApp } from '../../server/app.ts'

/** Migrates `db` and loads the demo data at `scale` as of `asOf` (with that year's and the last year's defaults). */
export async function loadDemo(db: Database, scale: number, asOf: string): Promise<void> {
  await migrate(db)
  const started = performance.now()
  await loadDemoData(db, generateDemoData({ seed: 'sheyang', scale, asOf }))
  const year = Number(asOf.slice(0, 4))
  await ensureDefaults(db, [year - 1, year])
  await db.exec('ANALYZE')
  console.log(`  loaded scale ${scale} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

/** The app over `db` on a loopback port, logged in as a demo account: its origin and session cookie. */
export async function servedApp(db: Database, asOf: string, username = 'county') {
  const app = createApp({ db, today: () => asOf })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
  // Pauses between runs leave the connection idle for longer than Node's 5 s default, after which a
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
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return { base, cookie, close }
}
