import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Database } from '../../../db/client.ts'
import { ensureDefaults } from '../../../db/defaults.ts'
import { migrate } from '../../../db/migrate.ts'
import { generateDemoData } from '../../../db/seed/generate.ts'
import { loadDemoData } from '../../../db/seed/load.ts'
import { testDemo, testYear } from '../../support/fixture.ts'

/** Migrates `db` and loads the fixed test demo data (test/support/fixture.ts). */
export async function loadDemo(db: Database) {
  await migrate(db)
  await loadDemoData(db, generateDemoData(testDemo))
  await ensureDefaults(db, [testYear - 1, testYear])
}

/**
 * The demo database once, dumped to a file in a new temp folder: each server the bench starts
 * loads it in a few seconds instead of building PostGIS and the data again (as the tests do).
 * Returns the folder (the caller removes it) and the dump's path.
 */
export async function demoDump(): Promise<{ folder: string; path: string }> {
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
  try {
    await loadDemo(db)
    const client = (db.orm as unknown as { $client: { dumpDataDir(compression: 'gzip'): Promise<Blob> } }).$client
    const dump = await client.dumpDataDir('gzip')
    const folder = mkdtempSync(join(tmpdir(), 'sheyang-resilience-'))
    const path = join(folder, 'demo.tar.gz')
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()))
    return { folder, path }
  } finally {
    await db.close()
  }
}

/** Wipes the PostgreSQL database at `url` and loads the demo data into it. */
export async function loadDemoIntoPostgres(url: string) {
  const db = await openDatabase({ kind: 'postgres', url, max: 1 })
  try {
    await db.exec('DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;')
    await loadDemo(db)
  } finally {
    await db.close()
  }
}
