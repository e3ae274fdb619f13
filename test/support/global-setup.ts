import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase, type Database } from '../../db/client.ts'
import { ensureDefaults } from '../../db/defaults.ts'
import { migrate } from '../../db/migrate.ts'
import { generateDemoData } from '../../db/seed/generate.ts'
import { loadDemoData } from '../../db/seed/load.ts'
import { testDemo, testYear } from './fixture.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string
    databaseUrl: string
  }
}

async function prepare(db: Database) {
  await migrate(db)
  await loadDemoData(db, generateDemoData(testDemo))
  await ensureDefaults(db, [testYear - 1, testYear])
}

/**
 * Builds the demo database once per run: PGlite is dumped to a file each worker loads in ~3 s
 * (creating PostGIS from scratch takes ~10 s); real PostGIS gets a fresh schema in
 * TEST_DATABASE_URL. Suites treat it as read-only unless they restore what they change.
 */
export default async function setup(project: TestProject) {
  const kind = project.config.env.TEST_DB_KIND
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!
    const db = await openDatabase({ kind: 'postgres', url, max: 1 })
    await db.exec('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
    await prepare(db)
    await db.close()
    project.provide('databaseUrl', url)
    return
  }
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  await prepare(db)
  const client = (db.orm as unknown as { $client: { dumpDataDir(compression: 'gzip'): Promise<Blob> } }).$client
  const dump = await client.dumpDataDir('gzip')
  await db.close()
  const folder = mkdtempSync(join(tmpdir(), 'sheyang-test-'))
  const path = join(folder, 'pglite.tar.gz')
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteDump', path)
  return () => rmSync(folder, { recursive: true, force: true })
}
