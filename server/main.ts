import { existsSync, readdirSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { openDatabase, type Database } from '../db/client.ts'
import { isDriverNullSocketWrite } from '../db/driver-guard.ts'
import { ensureDefaults } from '../db/defaults.ts'
import { migrate } from '../db/migrate.ts'
import { users } from '../db/schema.ts'
import { generateDemoData } from '../db/seed/generate.ts'
import { isDatabaseEmpty, loadDemoData } from '../db/seed/load.ts'
import { createApp } from './app.ts'
import { logErrorSafely } from './http/error-log.ts'
import { parseEnv } from './env.ts'
import { answerClientErrors } from './http/client-error.ts'
import { serveWeb } from './web.ts'

const env = parseEnv()
const log = (message: string) => console.log(`[sheyang] ${message}`)
const today = new Date().toISOString().slice(0, 10)
const thisYear = Number(today.slice(0, 4))

async function openEmbedded(): Promise<Database> {
  const firstStart = !existsSync(env.PGLITE_DIR) || readdirSync(env.PGLITE_DIR).length === 0
  log(
    firstStart
      ? `First start: creating the embedded PostgreSQL + PostGIS database in ${env.PGLITE_DIR} (about 15 s)…`
      : `Opening the embedded database in ${env.PGLITE_DIR}…`,
  )
  const db = await openDatabase({ kind: 'pglite', dataDir: env.PGLITE_DIR })
  await migrate(db)
  if (await isDatabaseEmpty(db)) {
    log(`Generating the Sheyang demo data (seed "${env.DEMO_SEED}", as of ${today})…`)
    const data = generateDemoData({ seed: env.DEMO_SEED, scale: 1, asOf: today })
    let lastTable = ''
    await loadDemoData(db, data, (table, done, total) => {
      if (table !== lastTable || done === total) log(`  loading ${table}: ${done}/${total}`)
      lastTable = table
    })
    log('Demo data loaded. Town and grid boundaries are synthetic (no public boundaries exist).')
  }
  return db
}

async function openServer(url: string): Promise<Database> {
  log(`Connecting to PostgreSQL at ${new URL(url).host}…`)
  const db = await openDatabase({ kind: 'postgres', url })
  await migrate(db)
  if (await isDatabaseEmpty(db)) log('The database has no data yet. Load the demo data with `npm run seed`.')
  return db
}

const db = env.DATABASE_URL ? await openServer(env.DATABASE_URL) : await openEmbedded()
await ensureDefaults(db, [thisYear - 1, thisYear])
const [anyUser] = await db.orm.select({ id: users.id }).from(users).limit(1)
if (!anyUser) {
  log('No user can log in yet. Create the first admin (asks for the password, or reads ADMIN_PASSWORD):')
  log(`  ${env.DATABASE_URL ? 'DATABASE_URL=… ' : ''}npm run create-admin -- --username <name>`)
}

const app = createApp({ db, trustedProxies: env.TRUSTED_PROXIES, publicOrigin: env.PUBLIC_ORIGIN })
serveWeb(app)
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  log(`Ready: http://${info.address === '0.0.0.0' ? '127.0.0.1' : info.address}:${info.port}/`)
  log(`OGC API – Features: http://127.0.0.1:${info.port}/ogc`)
})

answerClientErrors(server)

server.on('error', (error: NodeJS.ErrnoException) => {
  const reason =
    error.code === 'EADDRINUSE' ? `port ${env.PORT} is already in use (set PORT to another port)` : error.message
  console.error(`[sheyang] Cannot listen on ${env.HOST}:${env.PORT}: ${reason}`)
  void db.close().finally(() => process.exit(1))
})

// A promise nobody awaited that fails (e.g. a LISTEN connection lost while PostgreSQL restarts)
// must not end a server that wall displays rely on for weeks: it is logged, without parameters.
process.on('unhandledRejection', (reason) => {
  console.error('[sheyang] Unhandled rejection (the server keeps running):')
  logErrorSafely(reason)
})
// The one known driver throw outside any request (db/driver-guard.ts) is survived; anything else
// still ends the process, as Node would.
process.on('uncaughtException', (error) => {
  if (isDriverNullSocketWrite(error)) {
    console.error('[sheyang] postgres.js wrote to a closed connection (its queries were already refused); continuing')
    return
  }
  logErrorSafely(error)
  process.exit(1)
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log('Shutting down…')
    server.close()
    void db.close().finally(() => process.exit(0))
  })
}
