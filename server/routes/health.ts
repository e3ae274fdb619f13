import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppEnv } from '../app-env.ts'

const timeoutMs = 2000

/** DESIGN §4: reports the database state; 503 while the database is unreachable. */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  const db = c.get('db')
  const started = performance.now()
  try {
    const [row] = await Promise.race([
      db.rows<{ postgis: string }>(sql`SELECT postgis_lib_version() AS postgis`),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ])
    return c.json({
      status: 'ok',
      database: { kind: db.kind, state: 'up', postgis: row?.postgis, latencyMs: Math.round(performance.now() - started) },
    })
  } catch (error) {
    return c.json({ status: 'degraded', database: { kind: db.kind, state: 'down', error: String(error) } }, 503)
  }
})
