import { Hono } from 'hono'
import type { AppEnv } from '../app-env.ts'
import { postgisVersion } from './queries.ts'

const timeoutMs = 2000

/** DESIGN §4: reports the database state; 503 while the database is unreachable. */
export const health = new Hono<AppEnv>().get('/', async (c) => {
  const db = c.get('db')
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const postgis = await Promise.race([postgisVersion(db), timeout])
    const latencyMs = Math.round(performance.now() - started)
    return c.json({ status: 'ok', database: { kind: db.kind, state: 'up', postgis, latencyMs } })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return c.json({ status: 'degraded', database: { kind: db.kind, state: 'down', error: message } }, 503)
  } finally {
    clearTimeout(timer)
  }
})
