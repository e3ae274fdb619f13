import { and, asc, eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { defaultSettings } from '../../db/defaults.ts'
import { annualTargets, settings } from '../../db/schema.ts'
import { settingsCatalogue, targetEntry, targetsCatalogue } from './catalogue.ts'

/** A setting as GET /api/settings answers it: the stored value (or the default, version 0, when none is stored). */
export type SettingAnswer = {
  key: string
  value: unknown
  description: string
  unit: string
  source: string
  kind: string
  fields: { key: string; label: string; unit: string }[] | null
  version: number
  updated_at: string | null
}

export type TargetAnswer = {
  year: number
  key: string
  target: number
  note: string | null
  description: string
  unit: string
  source: string
  percentage: boolean
  version: number
  updated_at: string
}

const settingAnswer = (key: string, row: typeof settings.$inferSelect | undefined): SettingAnswer => {
  const { schema: _schema, fields, ...entry } = settingsCatalogue[key]!
  return {
    key,
    ...entry,
    fields: fields ?? null,
    value: row ? row.value : defaultSettings.find((setting) => setting.key === key)?.value,
    version: row?.version ?? 0,
    updated_at: row ? row.updatedAt.toISOString() : null,
  }
}

/** Every setting of the catalogue, in its order. */
export async function allSettings(db: Database): Promise<SettingAnswer[]> {
  const rows = new Map((await db.orm.select().from(settings)).map((row) => [row.key, row]))
  return Object.keys(settingsCatalogue).map((key) => settingAnswer(key, rows.get(key)))
}

/** One setting of the catalogue, or undefined for a key the server does not read. */
export async function oneSetting(db: Database, key: string): Promise<SettingAnswer | undefined> {
  if (!Object.hasOwn(settingsCatalogue, key)) return undefined
  const [row] = await db.orm.select().from(settings).where(eq(settings.key, key))
  return settingAnswer(key, row)
}

const order = Object.keys(targetsCatalogue)
const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length)

export const targetAnswer = (row: typeof annualTargets.$inferSelect): TargetAnswer => ({
  year: row.year,
  key: row.key,
  target: row.target,
  note: row.note,
  ...targetEntry(row.key),
  version: row.version,
  updated_at: row.updatedAt.toISOString(),
})

/** The year's targets, in the catalogue's order (others after, by key). */
export async function targetsOf(db: Database, year: number): Promise<TargetAnswer[]> {
  const rows = await db.orm
    .select()
    .from(annualTargets)
    .where(eq(annualTargets.year, year))
    .orderBy(asc(annualTargets.key))
  return rows.sort((a, b) => rank(a.key) - rank(b.key)).map(targetAnswer)
}

export async function oneTarget(db: Database, year: number, key: string): Promise<TargetAnswer | undefined> {
  const [row] = await db.orm
    .select()
    .from(annualTargets)
    .where(and(eq(annualTargets.year, year), eq(annualTargets.key, key)))
  return row && targetAnswer(row)
}
