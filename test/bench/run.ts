/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all by default) and prints figures.
 * Benchmarks never assert timings; quote medians and ratios (the machines are noisy).
 */
import { benchApi } from './api.ts'
import { benchClients } from './clients.ts'
import { benchFireworks } from './fireworks.ts'
import { benchFireworksDrag } from './fireworks-drag.ts'
import { benchImportRead } from './import-read.ts'
import { benchImports } from './imports.ts'
import { benchPhotos } from './photos.ts'
import { benchResilience } from './resilience.ts'
import { benchTiles } from './tiles.ts'
import { benchStats } from './stats.ts'
import { benchWallSoak } from './wall-soak.ts'

const benchmarks: Record<string, () => Promise<void>> = {
  api: benchApi,
  // PyQGIS (python3-qgis) against the OGC API with Basic auth; skips with install steps without it.
  clients: benchClients,
  fireworks: benchFireworks,
  // Starts the demo server and headless Chromium: the planner drags an outlet (frames per second).
  'fireworks-drag': benchFireworksDrag,
  // Issue 12: the importer's file readers on 100,000 rows of each format (see import-read.ts).
  'import-read': benchImportRead,
  // Issue 12: reads during a 100,000-row import, beside their idle latency (see imports.ts).
  imports: benchImports,
  photos: benchPhotos,
  // A few minutes; starts servers and a private PostgreSQL cluster (see resilience.ts).
  resilience: benchResilience,
  tiles: benchTiles,
  // Issue 15: the statistics from the facts beside the from-scratch queries (see stats.ts).
  stats: benchStats,
  // Minutes long (WALL_SOAK_MINUTES, default 10): see wall-soak.ts.
  'wall-soak': benchWallSoak,
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !(name in benchmarks))
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(benchmarks).join(', ')}`)
  process.exit(2)
}
for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
  console.log(`== ${name}`)
  await benchmarks[name]!()
}
