import { existsSync } from 'node:fs'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'

// DESIGN §8: database and API suites (test/server/**, *.db.test.ts) run on embedded PGlite and,
// when TEST_DATABASE_URL is set, again on real PostGIS. A suite that cannot run is skipped with a
// printed reason, except under CI=true, where a skip is a failure.
const ci = process.env.CI === 'true'
const databaseSuites = ['test/server/**/*.test.ts', 'test/**/*.db.test.ts']
const browserSuites = ['test/e2e/**/*.test.ts']
// Suites that compare PostgreSQL with an embedded PGlite of their own: they run in the PostGIS project only.
const engineComparisons = ['test/server/**/engines.test.ts']

function unavailable(reason: string): never[] {
  if (ci) throw new Error(`CI=true and ${reason}: refusing to skip`)
  console.warn(`[vitest] skipping: ${reason}`)
  return []
}

const databaseProject = (name: string, kind: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name,
    include: databaseSuites,
    exclude: kind === 'pglite' ? engineComparisons : [],
    env: { TEST_DB_KIND: kind },
    globalSetup: ['test/support/global-setup.ts'],
    // One database per worker, shared by the worker's files (loading it costs seconds).
    isolate: false,
    // Real PostGIS is one database for every worker: suites that write (and the NOTIFYs they
    // cause) must not run beside suites that count, so its files run one at a time.
    fileParallelism: kind === 'pglite',
    // Projects that differ in parallelism must run as separate groups: PostGIS after the rest.
    sequence: { groupOrder: kind === 'pglite' ? 0 : 1 },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})

const browserProject: TestProjectInlineConfiguration = {
  extends: true,
  test: { name: 'e2e', include: browserSuites, testTimeout: 60_000, hookTimeout: 180_000, fileParallelism: false },
}

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...databaseSuites, ...browserSuites] },
  },
  databaseProject('pglite', 'pglite'),
  ...(process.env.TEST_DATABASE_URL
    ? [databaseProject('postgis', 'postgres')]
    : unavailable('TEST_DATABASE_URL is not set, so the PostGIS suites cannot run')),
  ...(existsSync('/usr/bin/chromium')
    ? [browserProject]
    : unavailable('/usr/bin/chromium is missing, so the browser suites cannot run')),
]

export default defineConfig({
  // Component tests under test/web mount .vue files.
  plugins: [vue()],
  test: {
    projects,
    maxWorkers: 2,
    hookTimeout: 120_000,
  },
})
