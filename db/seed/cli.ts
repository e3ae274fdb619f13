import { parseArgs } from 'node:util'
import { openDatabase } from '../client.ts'
import { ensureDefaults } from '../defaults.ts'
import { migrate } from '../migrate.ts'
import { yearOf } from './dates.ts'
import { generateDemoData } from './generate.ts'
import { demoTableNames, isDatabaseEmpty, loadDemoData } from './load.ts'

// npm run seed -- [--seed S] [--scale N] [--as-of YYYY-MM-DD] [--force | --if-empty]
//   --force     replaces the data of a database that already holds some
//   --if-empty  loads only into an empty database and otherwise succeeds without loading (docker-compose)
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: 'sheyang' },
    scale: { type: 'string', default: '1' },
    'as-of': { type: 'string', default: new Date().toISOString().slice(0, 10) },
    force: { type: 'boolean', default: false },
    'if-empty': { type: 'boolean', default: false },
  },
})
const scale = Number(values.scale)
const asOf = values['as-of']
if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${values.scale}`)
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`--as-of must be YYYY-MM-DD, got ${asOf}`)

const url = process.env.DATABASE_URL
const dataDir = process.env.PGLITE_DIR ?? './data/pglite'
const db = url ? await openDatabase({ kind: 'postgres', url }) : await openDatabase({ kind: 'pglite', dataDir })
console.log(`database: ${url ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}`)
try {
  await migrate(db)
  let load = true
  if (!(await isDatabaseEmpty(db))) {
    if (values['if-empty']) {
      console.log('The database already holds data; nothing loaded.')
      load = false
    } else if (!values.force) {
      console.error('The database already holds data; nothing loaded. Use --force to replace the demo tables.')
      process.exitCode = 1
      load = false
    } else {
      await db.exec(`TRUNCATE ${demoTableNames.join(', ')} RESTART IDENTITY CASCADE`)
      console.log('emptied the demo tables')
    }
  }
  if (load) {
    const started = performance.now()
    const data = generateDemoData({ seed: values.seed, scale, asOf })
    console.log(
      `generated seed '${values.seed}' scale ${scale} as of ${asOf} in ${Math.round(performance.now() - started)} ms`,
    )
    await loadDemoData(db, data, (table, done, total) => {
      if (done === total) console.log(`  ${table}: ${total}`)
    })
    console.log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const year = yearOf(asOf)
  await ensureDefaults(db, [year - 1, year])
} finally {
  await db.close()
}
