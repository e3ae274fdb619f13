/**
 * Web benchmark (not part of npm test): time from navigation to the first complete map render (the
 * default layers' data and grid statistics on the map, map idle) at 1920×1080 in headless
 * Chromium, median of 5 runs with a cold cache each, and the gzipped size of the JavaScript the
 * first view loads. Usage: npx tsx test/bench/web-render.ts [--scale 10]
 */
import { gzipSync } from 'node:zlib'
import { launchBrowser } from '../e2e/support/browser.ts'
import { startDemoServer } from '../e2e/support/demo-server.ts'

const scaleArg = process.argv.indexOf('--scale')
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1
const runs = 5

const startedServer = performance.now()
const server = await startDemoServer({ scale })
console.log(`demo server at scale ${scale} ready in ${((performance.now() - startedServer) / 1000).toFixed(1)} s`)
const browser = await launchBrowser()

const times: number[] = []
let scripts: { url: string; raw: number; gzip: number }[] = []
let enterprises = 0
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  const page = await context.newPage()
  const loaded: Promise<{ url: string; raw: number; gzip: number }>[] = []
  page.on('response', (response) => {
    const url = response.url()
    if (!/\.m?js(\?|$)/.test(url)) return
    loaded.push(
      response.body().then((body) => ({
        url: url.replace(server.url, ''),
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
      })),
    )
  })
  const start = performance.now()
  await page.goto(server.url + '/')
  await page.waitForFunction(() => window.__sheyang?.ready === true, null, { timeout: 300_000, polling: 20 })
  times.push(performance.now() - start)
  enterprises = (await page.evaluate(() => window.__sheyang!.sourceFeatureCounts())).enterprises ?? 0
  scripts = await Promise.all(loaded)
  await context.close()
}

const sorted = [...times].sort((a, b) => a - b)
const median = sorted[Math.floor(runs / 2)]!
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const main = scripts.filter((s) => !s.url.includes('worker'))
const worker = scripts.filter((s) => s.url.includes('worker'))
const sum = (list: typeof scripts, key: 'raw' | 'gzip') => list.reduce((total, s) => total + s[key], 0)

console.log(`enterprises on the map: ${enterprises}`)
console.log(
  `navigation → first complete render (1920×1080), ${runs} runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
)
console.log(`median: ${median.toFixed(0)} ms`)
console.log(`first-view JavaScript: ${main.length} files, ${kb(sum(main, 'raw'))} raw, ${kb(sum(main, 'gzip'))} gzip`)
console.log(`MapLibre worker: ${kb(sum(worker, 'raw'))} raw, ${kb(sum(worker, 'gzip'))} gzip`)
for (const s of [...scripts].sort((a, b) => b.gzip - a.gzip))
  console.log(`  ${s.url.padEnd(48)} ${kb(s.gzip).padStart(11)} gzip`)

await browser.close()
await server.close()
