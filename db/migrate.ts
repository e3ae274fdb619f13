import { fileURLToPath } from 'node:url'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { Database } from './client.ts'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/** Applies the committed drizzle-kit migrations; PostGIS must exist before the first one. */
export async function migrate(db: Database): Promise<void> {
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  if (db.kind === 'pglite') await migratePglite(db.orm as never, { migrationsFolder })
  else await migratePostgres(db.orm as never, { migrationsFolder })
}
