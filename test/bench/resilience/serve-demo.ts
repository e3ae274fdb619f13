/**
 * The server the resilience bench attacks, in its own process so a request that blocks its event
 * loop cannot also stall the bench's clocks: createApp (+ the built web app when there is one) on
 * 127.0.0.1, a free port, over the demo dump in BENCH_DEMO_DUMP (PGlite, in memory) or the database
 * at BENCH_SERVER_DATABASE_URL, "today" pinned to the demo data's date. Prints "Ready: <url>/".
 */
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { openDatabase } from '../../../db/client.ts'
import { createApp } from '../../../server/app.ts'
import { answerClientErrors } from '../../../server/http/client-error.ts'
import { serveWeb } from '../../../server/web.ts'
import { testDemo } from '../../support/fixture.ts'

const url = process.env.BENCH_SERVER_DATABASE_URL
const db = url
  ? await openDatabase({ kind: 'postgres', url })
  : await openDatabase({
      kind: 'pglite',
      dataDir: 'memory://',
      loadDataDir: new Blob([readFileSync(process.env.BENCH_DEMO_DUMP!)]),
    })
const app = createApp({ db, today: () => testDemo.asOf })
serveWeb(app)
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`Ready: http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
})
// As server/main.ts does: Node's own 400/431 answers in JSON with a code.
answerClientErrors(server)
