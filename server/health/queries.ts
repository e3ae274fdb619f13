import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'

/** PostGIS's library version: a round trip that needs the database and its extension. */
export async function postgisVersion(db: Database): Promise<string | undefined> {
  const [row] = await db.rows<{ postgis: string }>(sql`SELECT postgis_lib_version() AS postgis`)
  return row?.postgis
}
