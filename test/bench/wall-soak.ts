/**
 * Wall-display soak (issue #5): keeps /wall open in headless Chromium at 3840×2160 with the tour
 * running while the database changes every few seconds (hazards recorded and closed, inspections
 * saved, old soak rows removed so the data stays the same size), and samples once a minute:
 *   - the page's JS heap after a forced GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage),
 *   - DOM nodes and JS event listeners (CDP Memory.getDOMCounters: listeners that pile up show here),
 *   - the whole browser's memory (PSS, else RSS, summed over Chromium's processes from /proc),
 *   - how many data updates the page applied.
 * Prints every sample and the growth from the first sample after warm-up to the last one.
 * The goal is flat memory: under 10% growth after warm-up.
 *
 *   npm run bench -- wall-soak                                # 10 minutes
 *   WALL_SOAK_MINUTES=30 npm run bench -- wall-soak
 *   WALL_SOAK_MINUTES=720 nohup npm run bench -- wall-soak > soak.log 2>&1 &   # 12 hours; tail -f soak.log
 * Other settings: WALL_SOAK_WARMUP_MINUTES (default 4: one full tour of the 19 towns fills MapLibre's tile caches), WALL_SOAK_WRITE_SECONDS (default 3),
 * WALL_SOAK_SAMPLE_SECONDS (default 60), WALL_SOAK_TOUR_SECONDS (default 10).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { launchBrowser } from '../e2e/support/browser.ts'
import { startDemoServer } from '../e2e/support/demo-server.ts'
import { kioskToken } from '../e2e/support/session.ts'

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

type Sample = {
  minute: number
  heapMiB: number
  nodes: number
  listeners: number
  browserMiB: number
  updates: number
  writes: number
}

/** Every process under `root` (Chromium's browser, GPU, renderer and utility processes). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      parents.set(Number(entry), Number(fields[1]))
    } catch {
      // The process ended meanwhile.
    }
  }
  const found = [root]
  for (let i = 0; i < found.length; i++) {
    for (const [pid, parent] of parents) if (parent === found[i]) found.push(pid)
  }
  return found
}

/** Proportional set size (or resident size) of the Chromium processes this process started, in KiB. */
function browserMemoryKiB(): number {
  const roots = descendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')
    } catch {
      return false
    }
  })
  const pids = new Set(roots.flatMap((pid) => descendants(pid)))
  let total = 0
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0)
    } catch {
      try {
        total += Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
      } catch {
        // Gone.
      }
    }
  }
  return total
}

const growth = (from: number, to: number) => `${(((to - from) / from) * 100).toFixed(1)}%`

/** Least-squares slope of `value` over minutes, per hour: a trend the minute-to-minute noise hides. */
function slopePerHour(samples: Sample[], value: (s: Sample) => number): number {
  const n = samples.length
  if (n < 2) return 0
  const mx = samples.reduce((sum, s) => sum + s.minute, 0) / n
  const my = samples.reduce((sum, s) => sum + value(s), 0) / n
  const sxy = samples.reduce((sum, s) => sum + (s.minute - mx) * (value(s) - my), 0)
  const sxx = samples.reduce((sum, s) => sum + (s.minute - mx) ** 2, 0)
  return sxx === 0 ? 0 : (60 * sxy) / sxx
}

export async function benchWallSoak() {
  const minutes = setting('WALL_SOAK_MINUTES', 10)
  const warmupMinutes = Math.min(setting('WALL_SOAK_WARMUP_MINUTES', 4), minutes / 2)
  const writeSeconds = setting('WALL_SOAK_WRITE_SECONDS', 3)
  const sampleSeconds = setting('WALL_SOAK_SAMPLE_SECONDS', 60)
  const tourSeconds = setting('WALL_SOAK_TOUR_SECONDS', 10)
  console.log(
    `wall soak: ${minutes} min at 3840×2160, tour every ${tourSeconds} s, a write every ${writeSeconds} s, ` +
      `a sample every ${sampleSeconds} s, warm-up ${warmupMinutes} min`,
  )

  const server = await startDemoServer()
  const browser = await launchBrowser()
  const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(String(error)))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(`${server.url}/wall?tour=1&period=${tourSeconds}&token=${await kioskToken(server.url, 'soak')}`)
  await page.waitForFunction(() => window.__sheyang?.ready === true, null, { timeout: 180_000 })
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.enable')

  // Writes: record a hazard, close one, save an inspection, and drop soak rows older than a minute.
  const [enterprise] = await server.db.rows<{ id: number }>(sql`SELECT id FROM enterprises ORDER BY id LIMIT 1`)
  let writes = 0
  let writing: Promise<unknown> = Promise.resolve()
  const write = async () => {
    const step = writes++ % 4
    if (step === 0) {
      await server.db.rows(sql`
        INSERT INTO hazards (enterprise_id, level, status, description, found_on, deadline, geom)
        SELECT id, 'general', 'assigned', 'soak', '2026-09-01', '2026-09-15', geom FROM enterprises
        WHERE id = ${enterprise!.id}::int`)
    } else if (step === 1) {
      await server.db.rows(sql`
        UPDATE hazards SET status = 'closed', closed_on = '2026-10-15'
        WHERE id = (SELECT min(id) FROM hazards WHERE description = 'soak' AND status <> 'closed')`)
    } else if (step === 2) {
      await server.db.rows(sql`
        INSERT INTO inspections (enterprise_id, kind, status, inspected_on, findings)
        VALUES (${enterprise!.id}::int, 'routine', 'done', '2026-10-15', 'soak')`)
    } else {
      await server.db.rows(sql`DELETE FROM hazards WHERE description = 'soak' AND status = 'closed'`)
      await server.db.rows(sql`
        DELETE FROM inspections WHERE findings = 'soak'
          AND id < (SELECT max(id) FROM inspections WHERE findings = 'soak')`)
    }
  }
  const writer = setInterval(() => {
    writing = writing.then(write).catch((error: unknown) => errors.push(`write: ${String(error)}`))
  }, writeSeconds * 1000)

  let updates = 0
  let lastUpdatedAt: number | null = null
  const started = Date.now()
  const samples: Sample[] = []
  const sample = async (): Promise<Sample> => {
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = await cdp.send('Runtime.getHeapUsage')
    const dom = await cdp.send('Memory.getDOMCounters')
    return {
      minute: (Date.now() - started) / 60_000,
      heapMiB: heap.usedSize / 2 ** 20,
      nodes: dom.nodes,
      listeners: dom.jsEventListeners,
      browserMiB: browserMemoryKiB() / 1024,
      updates,
      writes,
    }
  }
  const print = (s: Sample) =>
    console.log(
      `${s.minute.toFixed(1).padStart(6)} min  heap ${s.heapMiB.toFixed(1).padStart(6)} MiB  ` +
        `DOM nodes ${String(s.nodes).padStart(5)}  listeners ${String(s.listeners).padStart(4)}  ` +
        `browser ${s.browserMiB.toFixed(0).padStart(5)} MiB  updates ${s.updates}  writes ${s.writes}`,
    )

  const end = started + minutes * 60_000
  let nextSample = started
  while (Date.now() < end) {
    const probe = await page.evaluate(() => window.__sheyang!.wall!())
    if (probe.updatedAt !== lastUpdatedAt) {
      if (lastUpdatedAt !== null) updates++
      lastUpdatedAt = probe.updatedAt
    }
    if (Date.now() >= nextSample) {
      const s = await sample()
      samples.push(s)
      print(s)
      nextSample += sampleSeconds * 1000
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  clearInterval(writer)
  await writing
  const last = await sample()
  samples.push(last)
  print(last)

  const afterWarmup = samples.find((s) => s.minute >= warmupMinutes) ?? samples[0]!
  const measured = samples.filter((s) => s.minute >= warmupMinutes)
  const peakHeap = Math.max(...measured.map((s) => s.heapMiB))
  console.log(`after warm-up (${afterWarmup.minute.toFixed(1)} → ${last.minute.toFixed(1)} min):`)
  console.log(
    `  JS heap ${afterWarmup.heapMiB.toFixed(1)} → ${last.heapMiB.toFixed(1)} MiB (${growth(afterWarmup.heapMiB, last.heapMiB)}), peak ${peakHeap.toFixed(1)} MiB`,
  )
  console.log(
    `  trend: JS heap ${slopePerHour(measured, (s) => s.heapMiB).toFixed(2)} MiB/h, ` +
      `browser ${slopePerHour(measured, (s) => s.browserMiB).toFixed(0)} MiB/h (least squares over ${measured.length} samples)`,
  )
  console.log(
    `  browser ${afterWarmup.browserMiB.toFixed(0)} → ${last.browserMiB.toFixed(0)} MiB (${growth(afterWarmup.browserMiB, last.browserMiB)})`,
  )
  console.log(
    `  DOM nodes ${afterWarmup.nodes} → ${last.nodes}, JS listeners ${afterWarmup.listeners} → ${last.listeners}`,
  )
  console.log(`  ${last.writes} writes, ${last.updates} screen updates; page errors: ${errors.length}`)
  for (const error of errors.slice(0, 5)) console.log(`    ${error}`)

  await browser.close()
  await server.close()
}
