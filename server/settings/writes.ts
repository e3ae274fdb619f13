import { and, eq, sql } from 'drizzle-orm'
import type { z } from 'zod'
import { defaultSettings } from '../../db/defaults.ts'
import { annualTargets, settings } from '../../db/schema.ts'
import { ApiError, notFound } from '../api-error.ts'
import { audit, snake, type Writer } from '../writes/tx.ts'
import { staleVersion } from '../writes/versioned.ts'
import { settingsCatalogue, targetEntry } from './catalogue.ts'

/**
 * Setting and target writes (admin: settingsRoles), versioned and audited. The rule modules read
 * the settings on every request, so a change applies to the next answer.
 */

const issues = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))

/** The new value of `key`, checked by the catalogue's schema: 422 `invalid_setting` with the reason. */
function checkedValue(key: string, value: unknown): unknown {
  const parsed = settingsCatalogue[key]!.schema.safeParse(value)
  if (parsed.success) return parsed.data
  const found = issues(parsed.error)
  throw new ApiError(
    422,
    `${key}: ${found.map((issue) => `${issue.path || 'value'}: ${issue.message}`).join('; ')}`,
    { key, issues: found },
    'invalid_setting',
  )
}

/** A setting's new value; version 0 names a setting not stored yet (its default shown). */
export function changeSetting({ db, principal }: Writer, key: string, version: number, value: unknown) {
  if (!Object.hasOwn(settingsCatalogue, key)) throw notFound(`No setting ${key}`)
  const checked = checkedValue(key, value)
  return db.orm.transaction(async (tx) => {
    const [before] = await tx.select().from(settings).where(eq(settings.key, key)).for('update')
    const current = before
      ? snake(before)
      : { key, value: defaultSettings.find((s) => s.key === key)?.value, version: 0 }
    if (current.version !== version) throw staleVersion('setting', current, version)
    const description = defaultSettings.find((s) => s.key === key)?.description ?? null
    const [after] = before
      ? await tx
          .update(settings)
          .set({ value: checked, version: before.version + 1, updatedAt: new Date() })
          .where(eq(settings.key, key))
          .returning()
      : await tx.insert(settings).values({ key, value: checked, description }).returning()
    await audit(tx, principal, {
      action: 'update',
      entity: 'settings',
      entityId: key,
      before: before ? snake(before) : null,
      after: snake(after!),
    })
  })
}

/** A target of the year; a percentage at most 100 (422 `invalid_target`). */
export function changeTarget(
  { db, principal }: Writer,
  year: number,
  key: string,
  version: number,
  values: { target: number; note?: string | null },
) {
  if (targetEntry(key).percentage && values.target > 100)
    throw new ApiError(422, `${key} is a percentage: at most 100`, { key, max: 100 }, 'invalid_target')
  return db.orm.transaction(async (tx) => {
    const where = and(eq(annualTargets.year, year), eq(annualTargets.key, key))
    const [before] = await tx.select().from(annualTargets).where(where).for('update')
    if (!before) throw notFound(`No target ${key} for ${year}`)
    if (before.version !== version) throw staleVersion('target', snake(before), version)
    const [after] = await tx
      .update(annualTargets)
      .set({ ...values, version: before.version + 1, updatedAt: new Date() })
      .where(where)
      .returning()
    await audit(tx, principal, {
      action: 'update',
      entity: 'annual_targets',
      entityId: `${year}/${key}`,
      before: snake(before),
      after: snake(after!),
    })
  })
}

/** A year's targets started from another's: 409 `targets_exist` if it has any, 404 if the other has none. */
export function copyTargets({ db, principal }: Writer, year: number, from: number) {
  return db.orm.transaction(async (tx) => {
    // One year at a time: two admins starting the same year do not both copy.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${4_200_000 + year}::int)`)
    const existing = await tx.select({ key: annualTargets.key }).from(annualTargets).where(eq(annualTargets.year, year))
    if (existing.length > 0)
      throw new ApiError(409, `${year} has targets already`, { year, count: existing.length }, 'targets_exist')
    const source = await tx.select().from(annualTargets).where(eq(annualTargets.year, from))
    if (source.length === 0) throw notFound(`No targets for ${from} to start from`, { copy_from: from })
    const rows = await tx
      .insert(annualTargets)
      .values(source.map((row) => ({ year, key: row.key, target: row.target, note: row.note })))
      .returning()
    await audit(tx, principal, {
      action: 'create',
      entity: 'annual_targets',
      entityId: String(year),
      after: { copy_from: from, targets: rows.map(snake) },
    })
  })
}
