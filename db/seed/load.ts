import { sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Database } from '../client.ts'
import * as schema from '../schema.ts'
import type { DemoData } from './generate.ts'

const batchSize = 500

// Insert order follows the foreign keys; regions and grids go first because the spatial-join
// triggers (migration 0001) look them up for every point row.
const tables: { key: keyof DemoData; table: PgTable; name: string; serial: boolean }[] = [
  { key: 'regions', table: schema.regions, name: 'regions', serial: false },
  { key: 'grids', table: schema.grids, name: 'grids', serial: false },
  { key: 'enterprises', table: schema.enterprises, name: 'enterprises', serial: true },
  { key: 'confinedSpaces', table: schema.confinedSpaces, name: 'confined_spaces', serial: true },
  { key: 'sensitiveSites', table: schema.sensitiveSites, name: 'sensitive_sites', serial: true },
  { key: 'zones', table: schema.zones, name: 'zones', serial: true },
  { key: 'fireworksOutlets', table: schema.fireworksOutlets, name: 'fireworks_outlets', serial: true },
  { key: 'outletInspections', table: schema.outletInspections, name: 'outlet_inspections', serial: true },
  { key: 'inspectionCampaigns', table: schema.inspectionCampaigns, name: 'inspection_campaigns', serial: true },
  { key: 'inspections', table: schema.inspections, name: 'inspections', serial: true },
  { key: 'hazards', table: schema.hazards, name: 'hazards', serial: true },
  { key: 'accidents', table: schema.accidents, name: 'accidents', serial: true },
  { key: 'drills', table: schema.drills, name: 'drills', serial: true },
  { key: 'users', table: schema.users, name: 'users', serial: true },
]

/** The demo tables, in insert order (for TRUNCATE in the CLI and for tests). */
export const demoTableNames = tables.map((t) => t.name)

// The statistics facts' per-statement refresh (migration 0006) would recompute an enterprise for
// each batch its rows appear in; the load switches it off and refreshes every enterprise once.
const factTriggers = [
  ['inspections', 'inspections_facts_insert'],
  ['hazards', 'hazards_facts_insert'],
] as const
async function setFactTriggers(tx: { execute(query: SQL): Promise<unknown> }, state: 'ENABLE' | 'DISABLE') {
  for (const [table, trigger] of factTriggers)
    await tx.execute(sql.raw(`ALTER TABLE ${table} ${state} TRIGGER ${trigger}`))
}

/**
 * Loads demo data in one transaction (all or nothing) with multi-row inserts. Rows carry explicit
 * ids, so each serial sequence is moved past the largest id afterwards for later inserts. The
 * statistics facts are computed once at the end, as the migration's backfill does.
 */
export async function loadDemoData(
  db: Database,
  data: DemoData,
  onProgress?: (table: string, done: number, total: number) => void,
): Promise<void> {
  await db.orm.transaction(async (tx) => {
    await setFactTriggers(tx, 'DISABLE')
    for (const { key, table, name, serial } of tables) {
      const rows = data[key] as Record<string, unknown>[]
      for (let start = 0; start < rows.length; start += batchSize) {
        const insert = tx.insert(table).values(rows.slice(start, start + batchSize) as never)
        // A real database may already have its first admin (npm run create-admin): keep it.
        await (name === 'users' ? insert.onConflictDoNothing() : insert)
        onProgress?.(name, Math.min(start + batchSize, rows.length), rows.length)
      }
      if (rows.length === 0) onProgress?.(name, 0, 0)
      if (serial) {
        await tx.execute(
          sql`SELECT setval(pg_get_serial_sequence(${name}, 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${sql.identifier(name)}), false)`,
        )
      }
    }
    await tx.execute(sql`ANALYZE enterprises, inspections, hazards`)
    await tx.execute(sql`SELECT refresh_enterprise_facts(array_agg(id)) FROM enterprises`)
    await tx.execute(sql`ANALYZE enterprise_facts, hazard_facts, year_facts`)
    await setFactTriggers(tx, 'ENABLE')
  })
}

/** True when no region exists yet: the database has never been loaded. */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.orm.select({ code: schema.regions.code }).from(schema.regions).limit(1)
  return rows.length === 0
}
