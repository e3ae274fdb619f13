import type { SQL } from 'drizzle-orm'
import type { Database, Orm } from '../../db/client.ts'
import { auditLog } from '../../db/schema.ts'
import type { Principal } from '../auth/principal.ts'
import type { Scope } from '../scope.ts'

/** A Drizzle transaction on either engine. */
export type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0]

/** Plain rows of a hand-written statement inside a transaction, whichever driver answers. */
export async function txRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as T[] | { rows: T[] }
  return Array.isArray(result) ? result : result.rows
}

const snakeKey = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/** `snakeKey` for the type checker: each capital letter becomes `_` and its small letter. */
type SnakeKey<K extends string> = K extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeKey<Tail>}`
  : K

/** A row's type with its keys snake_cased, as `snake` returns it (the typed client reads it). */
export type Snake<T> = { [K in keyof T as K extends string ? SnakeKey<K> : K]: T[K] }

/** A Drizzle row with the column names the API speaks (snake_case, as in the OGC properties). */
export function snake<T extends Record<string, unknown>>(row: T): Snake<T> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [snakeKey(key), value])) as Snake<T>
}

/** JSON as jsonb will store it (Dates become ISO strings), so audit rows compare exactly. */
export const asJson = (value: unknown) => (value === undefined ? null : JSON.parse(JSON.stringify(value)))

/** DESIGN §6: who, when (audit_log.at), what, before and after — in the write's own transaction. */
export async function audit(
  tx: Tx,
  principal: Principal,
  entry: { action: string; entity: string; entityId: string | number; before?: unknown; after?: unknown },
): Promise<void> {
  await tx.insert(auditLog).values({
    userId: principal.userId,
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId),
    before: asJson(entry.before),
    after: asJson(entry.after),
  })
}

/** Who writes, where: the database, the caller's scope (every write locks its row through it) and the caller. */
export type Writer = { db: Database; scope: Scope; principal: Principal }
