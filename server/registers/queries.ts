import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { registerLimits } from '../../lib/limits.ts'
import { badRequest } from '../api-error.ts'
import { scopeCondition, type Scope } from '../scope.ts'
import { rowSql, type Row } from './rows.ts'
import type { RegisterQuery } from './schemas.ts'
import { registerTables, type Register } from './tables.ts'

/** `%`, `_` and `\` taken literally in ILIKE. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * One page of a register in the caller's scope, and how many rows match: `q` in the name (an
 * accident's description), `town_code`, `enterprise_id` (confined spaces, accidents, drills);
 * sorted by `sort` (a column of the register's, `-` first for descending; default its key), then key.
 */
export async function registerPage(
  db: Database,
  register: Register,
  scope: Scope,
  query: RegisterQuery,
): Promise<{ items: Row[]; total: number }> {
  const spec = registerTables[register]
  const key = spec.key.name
  const conditions = [spec.scoped?.(scope) ?? scopeCondition(scope, 't')]
  if (query.q) conditions.push(sql`t.${sql.identifier(spec.search)} ILIKE ${`%${literal(query.q)}%`}`)
  if (query.town_code) conditions.push(sql`t.town_code = ${query.town_code}`)
  if (query.enterprise_id !== undefined && ['confined-spaces', 'accidents', 'drills'].includes(register))
    conditions.push(sql`t.enterprise_id = ${query.enterprise_id}::int`)
  const where = sql.join(conditions, sql` AND `)
  const sort = query.sort ?? key
  const column = sort.replace(/^-/, '')
  if (!spec.sorts.includes(column))
    throw badRequest(`sort: ${register} sort by ${spec.sorts.join(', ')} (a - before for descending)`, {
      allowed: spec.sorts,
    })
  const direction = sort.startsWith('-') ? sql`DESC NULLS LAST` : sql`ASC NULLS LAST`
  const limit = query.limit ?? registerLimits.defaultPage
  const offset = query.offset ?? 0
  const [items, [count]] = await Promise.all([
    db.rows<{ row: Row }>(
      sql`${rowSql(spec, where, { geometry: query.geometry !== 'false' })}
        ORDER BY t.${sql.identifier(column)} ${direction}, t.${sql.identifier(key)}
        LIMIT ${limit}::int OFFSET ${offset}::int`,
    ),
    db.rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM ${sql.identifier(spec.name)} t WHERE ${where}`),
  ])
  return { items: items.map((item) => item.row), total: count!.total }
}
