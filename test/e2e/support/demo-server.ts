import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { openDatabase } from '../../../db/client.ts'
import { ensureDefaults } from '../../../db/defaults.ts'
import { migrate } from '../../../db/migrate.ts'
import { generateDemoData } from '../../../db/seed/generate.ts'
import { loadDemoData } from '../../../db/seed/load.ts'
import { createApp } from '../../../server/app.ts'
import { serveWeb } from '../../../server/web.ts'
import { ensureWebBuild } from '../../../web/build-if-stale.ts'
import { testDemo, testYear } from '../../support/fixture.ts'

export type DemoServer = { url: string; close(): Promise<void> }

/**
 * The real server (createApp + the built web app) in this process on a free port, over an
 * in-memory PGlite with the fixed test demo data (test/support/fixture.ts), today pinned to its date.
 */
export async function startDemoServer(options: { scale?: number } = {}): Promise<DemoServer> {
  await ensureWebBuild()
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await migrate(db)
  await loadDemoData(db, generateDemoData({ ...testDemo, scale: options.scale ?? testDemo.scale }))
  await ensureDefaults(db, [testYear - 1, testYear])
  const app = createApp({ db, today: () => testDemo.asOf, logError: () => {} })
  serveWeb(app)
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.close()
    },
  }
}
