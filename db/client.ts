import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema.ts'

export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>

/**
 * One handle for both engines (DESIGN §2). `orm` is Drizzle; `rows` runs a Drizzle `sql`
 * fragment and returns plain rows whichever driver answers, so hand-written SQL (GeoJSON built in
 * PostgreSQL, statistics) stays engine-neutral.
 */
export type Database = {
  kind: 'pglite' | 'postgres'
  orm: Orm
  rows<T>(query: SQL): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations, set-up). */
  exec(script: string): Promise<void>
  /** LISTEN on a channel; returns the function that stops listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

export type OpenOptions =
  | { kind: 'postgres'; url: string; max?: number }
  /** dataDir: a folder, or 'memory://'. loadDataDir: a dump made by `dumpDataDir` (tests). */
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob }

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options.url, options.max) : openPglite(options)
}

async function openPglite(options: { dataDir: string; loadDataDir?: Blob }): Promise<Database> {
  if (!options.dataDir.includes('://')) mkdirSync(options.dataDir, { recursive: true })
  const client = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { postgis },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  })
  const orm = drizzlePglite(client, { schema }) as unknown as Orm
  return {
    kind: 'pglite',
    orm,
    rows: async <T>(query: SQL) => ((await orm.execute(query)) as unknown as { rows: T[] }).rows,
    exec: async (script) => {
      await client.exec(script)
    },
    listen: async (channel, onPayload) => client.listen(channel, onPayload),
    close: () => client.close(),
  }
}

async function openPostgres(url: string, max = 10): Promise<Database> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // While the server restarts, a request fails within seconds (503) instead of waiting 30 s.
    connect_timeout: 5,
    connection: { application_name: 'sheyang-grid' },
  })
  const orm = drizzlePostgres(client, { schema }) as unknown as Orm
  return {
    kind: 'postgres',
    orm,
    rows: async <T>(query: SQL) => (await orm.execute(query)) as unknown as T[],
    exec: async (script) => {
      await client.unsafe(script)
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload)
      return unlisten
    },
    close: () => client.end({ timeout: 5 }),
  }
}
