import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { openDatabase, type Database } from '../../db/client.ts'

let shared: Promise<Database> | undefined

/**
 * The demo database for this worker, on the engine of the running Vitest project (pglite or
 * postgres): opened once and shared by every suite in the worker.
 */
export function testDatabase(): Promise<Database> {
  shared ??=
    process.env.TEST_DB_KIND === 'postgres'
      ? openDatabase({ kind: 'postgres', url: inject('databaseUrl'), max: 4 })
      : openDatabase({
          kind: 'pglite',
          dataDir: 'memory://',
          loadDataDir: new Blob([readFileSync(inject('pgliteDump'))]),
        })
  return shared
}
