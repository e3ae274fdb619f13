/**
 * Section C: inspections saved by 4 clients (each with its own client_request_id) while the
 * database goes away mid-write — a private PostgreSQL cluster stopped with -m immediate and
 * started again, or the embedded server (PGlite in a folder) killed with SIGKILL and started
 * again on the same folder. Afterwards every save the server acknowledged (2xx with an id) is
 * looked up in the database: acknowledged / found / lost (target 0 lost), and the statuses the
 * clients saw while the database was away (target: no 500s; 503 is fine).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openDatabase, type Database } from '../../../db/client.ts'
import { logIn, type Credential } from './cast.ts'
import { freePort, startChild, type ChildServer } from './child-server.ts'
import { loadDemo } from './demo-db.ts'
import { printTable, timedFetch, type Outcome } from './http.ts'
import { createCluster } from './pg-cluster.ts'

const clients = 4
const mainScript = 'server/main.ts'

type Save = { at: number; outcome: Outcome; id?: number; key: string }
type Target = { origin: string; grid: Credential; enterprise: number }

export type RestartResult = {
  name: string
  saves: Save[]
  /** When the database went away and when the first save succeeded again (ms on performance.now()). */
  outage: { from: number; to: number }
  found: number
  note?: string
}

/** The grid officer of a grid with enterprises, logged in, and one of those enterprises. */
async function target(origin: string): Promise<Target> {
  const county = await logIn(origin, 'county')
  const response = await fetch(`${origin}/ogc/collections/enterprises/items?limit=50`, { headers: county.headers })
  const { features } = (await response.json()) as { features: { id: number; properties: { grid_code: string } }[] }
  const enterprise = features.find((f) => f.properties.grid_code)!
  return { origin, grid: await logIn(origin, `grid-${enterprise.properties.grid_code}`), enterprise: enterprise.id }
}

/** Yesterday in UTC: never after the server's today, whichever date it runs on. */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)

/**
 * Runs the write load for `seconds` (and at least 5 s after the restart), calling `disrupt` after
 * 40% of it; `disrupt` returns once the server could answer again. The outage lasts from the
 * disruption to the first acknowledged save sent after the database (or server) is back.
 */
async function writeLoad(
  name: string,
  first: Target,
  seconds: number,
  disrupt: () => Promise<Target>,
): Promise<{ saves: Save[]; outage: { from: number; to: number } }> {
  let current = first
  const saves: Save[] = []
  const started = performance.now()
  let until = started + seconds * 1000
  // However long the restart takes, the load stops by then (a server that never comes back).
  const deadline = started + (seconds + 180) * 1000
  let disrupted = false
  /** When `disrupt` returned: the database (or the server) is back. */
  let back = Number.POSITIVE_INFINITY
  const outage = { from: Number.NaN, to: Number.NaN }
  let loggingIn: Promise<void> | undefined
  const client = async (index: number) => {
    for (let i = 0; (performance.now() < until || !disrupted) && performance.now() < deadline && i < 20_000; i++) {
      const key = `restart-${name}-${index}-${i}`
      const at = performance.now()
      const outcome = await timedFetch(`${current.origin}/api/inspections`, {
        method: 'POST',
        headers: { ...current.grid.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          enterprise_id: current.enterprise,
          kind: 'routine',
          inspected_on: yesterday(),
          inspectors: ['压测员'],
          hazards: [{ level: 'general', description: '重启压测' }],
          client_request_id: key,
        }),
      })
      let id: number | undefined
      if (outcome.status >= 200 && outcome.status < 300) {
        id = (JSON.parse(outcome.body) as { inspection?: { id?: number } }).inspection?.id
        if (at >= back && Number.isNaN(outage.to)) outage.to = performance.now()
      }
      saves.push({ at, outcome, id, key })
      if (outcome.status === 0 || outcome.status >= 500) await new Promise((resolve) => setTimeout(resolve, 100))
      // A session the restart lost: log in again (once at a time), as the web app would.
      if (outcome.status === 401) {
        loggingIn ??= logIn(current.origin, current.grid.name)
          .then((grid) => {
            current = { ...current, grid }
          })
          .catch(() => {})
          .finally(() => {
            loggingIn = undefined
          })
        await loggingIn
      }
    }
  }
  const disruption = (async () => {
    await new Promise((resolve) => setTimeout(resolve, seconds * 400))
    outage.from = performance.now()
    current = await disrupt()
    back = performance.now()
    until = Math.max(until, back + 5000)
    disrupted = true
  })()
  await Promise.all([disruption, ...Array.from({ length: clients }, (_, i) => client(i))])
  return { saves, outage }
}

/** How many acknowledged saves are in `db` under the id and client_request_id they were acknowledged with. */
async function countFound(db: Database, saves: Save[]): Promise<number> {
  const acknowledged = saves.filter((s) => s.id !== undefined)
  if (acknowledged.length === 0) return 0
  const rows = await db.rows<{ id: number; key: string }>(
    sql`SELECT id, client_request_id AS key FROM inspections WHERE client_request_id LIKE 'restart-%'`,
  )
  const stored = new Map(rows.map((row) => [row.key, Number(row.id)]))
  return acknowledged.filter((s) => stored.get(s.key) === s.id).length
}

export async function restartPostgres(seconds: number): Promise<RestartResult> {
  const cluster = await createCluster()
  let server: ChildServer | undefined
  try {
    const db = await openDatabase({ kind: 'postgres', url: cluster.url, max: 1 })
    try {
      await loadDemo(db)
    } finally {
      await db.close()
    }
    const port = String(await freePort())
    server = await startChild(mainScript, { DATABASE_URL: cluster.url, PORT: port, HOST: '127.0.0.1' })
    const first = await target(server.url)
    const { saves, outage } = await writeLoad('postgres', first, seconds, async () => {
      await cluster.crash()
      await new Promise((resolve) => setTimeout(resolve, 2000))
      await cluster.start()
      return first
    })
    const check = await openDatabase({ kind: 'postgres', url: cluster.url, max: 1 })
    try {
      const note = server.alive()
        ? undefined
        : `the server process died: ${lastLine(server.stderr())} (${keepLog(server.stderr())})`
      return {
        name: 'PostgreSQL stop -m immediate, 2 s, start',
        saves,
        outage,
        found: await countFound(check, saves),
        note,
      }
    } finally {
      await check.close()
    }
  } finally {
    await server?.stop()
    await cluster.remove()
  }
}

export async function restartEmbedded(seconds: number): Promise<RestartResult> {
  const folder = mkdtempSync(join(tmpdir(), 'sheyang-pglite-'))
  const env = { PGLITE_DIR: join(folder, 'pglite'), HOST: '127.0.0.1', PORT: String(await freePort()) }
  let server: ChildServer | undefined
  try {
    // The first start creates the database and loads the demo data (dated today).
    server = await startChild(mainScript, env)
    const first = await target(server.url)
    let note: string | undefined
    const { saves, outage } = await writeLoad('embedded', first, seconds, async () => {
      await server!.stop('SIGKILL')
      try {
        server = await startChild(mainScript, env)
      } catch (error) {
        note = `restart failed: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`
      }
      return first
    })
    // PGlite is one process's: the server closes it (SIGTERM) before the bench reads the folder.
    await server.stop('SIGTERM')
    const check = await openDatabase({ kind: 'pglite', dataDir: env.PGLITE_DIR })
    try {
      return { name: 'embedded kill -9, start again', saves, outage, found: await countFound(check, saves), note }
    } finally {
      await check.close()
    }
  } finally {
    await server?.stop()
    rmSync(folder, { recursive: true, force: true })
  }
}

/** Writes a dead server's whole error log to a file and says where. */
function keepLog(text: string) {
  const path = join(tmpdir(), `sheyang-resilience-server-${process.pid}.log`)
  writeFileSync(path, text)
  return `its log: ${path}`
}

const lastLine = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.trim() && !/^\s+at /.test(line))
    .slice(-3)
    .join(' | ')
    .slice(0, 300)

const statusCounts = (saves: Save[]) => {
  const counts = new Map<string, number>()
  for (const { outcome } of saves) {
    const key = outcome.status ? String(outcome.status) : outcome.error === 'timeout' ? 'timeout' : 'no answer'
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([status, count]) => `${status}×${count}`).join(' ') || '–'
}

export function printRestarts(results: RestartResult[]) {
  printTable(
    [
      'disruption',
      'saves sent',
      'acknowledged',
      'found',
      'lost',
      'outage',
      'statuses during the outage',
      'all statuses',
    ],
    results.map(({ name, saves, outage, found, note }) => {
      const acknowledged = saves.filter((s) => s.id !== undefined).length
      // Every save that was under way at some moment of the outage.
      const during = saves.filter(
        (s) => s.at + s.outcome.ms >= outage.from && (Number.isNaN(outage.to) || s.at <= outage.to),
      )
      return [
        name + (note ? ` (${note})` : ''),
        saves.length,
        acknowledged,
        found,
        acknowledged - found,
        Number.isNaN(outage.to) ? 'never recovered' : `${((outage.to - outage.from) / 1000).toFixed(1)} s`,
        statusCounts(during),
        statusCounts(saves),
      ]
    }),
  )
  for (const { name, saves } of results) {
    const errors = saves.filter((s) => s.outcome.status >= 500 || s.outcome.status === 0)
    const samples = [...new Map(errors.map((s) => [`${s.outcome.status} ${s.outcome.body.slice(0, 60)}`, s])).values()]
    for (const s of samples.slice(0, 3)) {
      console.log(
        `  ${name}: ${s.outcome.status || s.outcome.error} → ${s.outcome.body.replace(/\s+/g, ' ').slice(0, 160)}`,
      )
    }
  }
}
