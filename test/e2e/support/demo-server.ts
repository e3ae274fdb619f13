import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { openDatabase, type Database } from '../../../db/client.ts'
import { ensureDefaults } from '../../../db/defaults.ts'
import { migrate } from '../../../db/migrate.ts'
import { generateDemoData } from '../../../db/seed/generate.ts'
import { loadDemoData } from '../../../db/seed/load.ts'
import { createApp } from '../../../server/app.ts'
import { answerClientErrors } from '../../../server/http/client-error.ts'
import type { StreamTiming } from '../../../server/app-env.ts'
import { serveWeb } from '../../../server/web.ts'
import { ensureWebBuild } from '../../../web/build-if-stale.ts'
import { testDemo, testYear } from '../../support/fixture.ts'

export type DemoServer = {
  url: string
  /** The database behind the server, for tests that change data (there is no write API yet). */
  db: Database
  /** Stops the HTTP server (dropping open connections such as /api/events); the database stays. */
  stopHttp(): Promise<void>
  /** Starts the HTTP server again on the same port. */
  startHttp(): Promise<void>
  close(): Promise<void>
}

/**
 * The real server (createApp + the web app's e2e build, the one with test hooks) in this process on a free port, over an
 * in-memory PGlite with the fixed test demo data (test/support/fixture.ts), today pinned to its date.
 */
export async function startDemoServer(
  options: { scale?: number; streamTiming?: StreamTiming } = {},
): Promise<DemoServer> {
  const webRoot = await ensureWebBuild('e2e')
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await migrate(db)
  await loadDemoData(db, generateDemoData({ ...testDemo, scale: options.scale ?? testDemo.scale }))
  await ensureDefaults(db, [testYear - 1, testYear])
  const app = createApp({ db, today: () => testDemo.asOf, logError: () => {}, streamTiming: options.streamTiming })
  serveWeb(app, webRoot)
  const listen = (port: number): Promise<ServerType> =>
    new Promise((resolve) => {
      const started = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(started))
      answerClientErrors(started)
    })
  let server: ServerType | null = await listen(0)
  const { port } = server.address() as AddressInfo
  const stopHttp = async () => {
    if (!server) return
    const stopping = server
    server = null
    await new Promise<void>((resolve) => {
      stopping.close(() => resolve())
      if ('closeAllConnections' in stopping) stopping.closeAllConnections()
    })
  }
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    stopHttp,
    startHttp: async () => {
      server ??= await listen(port)
    },
    close: async () => {
      await stopHttp()
      await db.close()
    },
  }
}
