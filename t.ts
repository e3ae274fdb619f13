import { openDatabase } from './db/client.ts'
import { migrate } from './db/migrate.ts'
import { sql } from 'drizzle-orm'
let t = Date.now()
const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' })
console.log('open', Date.now() - t)
await migrate(db)
console.log('migrated', Date.now() - t)
console.log(await db.rows(sql`select count(*) n, count(*)::int m, 1.5::numeric x from information_schema.tables where table_schema='public'`))
const dump = await (db as any).orm.$client.dumpDataDir('gzip')
console.log('dump', Date.now() - t, dump.size)
t = Date.now()
const db2 = await openDatabase({ kind: 'pglite', dataDir: 'memory://', loadDataDir: dump })
console.log('load', Date.now() - t, await db2.rows(sql`select postgis_version()`))
const pg = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' })
await pg.exec('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;')
await migrate(pg)
console.log(await pg.rows(sql`select count(*) n, count(*)::int m, 1.5::numeric x, postgis_version() from information_schema.tables where table_schema='public'`))
await pg.close()
