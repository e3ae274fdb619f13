import { sql, type SQL } from 'drizzle-orm'
import { badRequest } from '../api-error.ts'
import type { Collection } from './collections.ts'

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/
const isoDateTime = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** A real calendar date as YYYY-MM-DD, or undefined. */
export function calendarDate(text: string): string | undefined {
  const match = isoDate.exec(text)
  if (!match) return undefined
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined
}

/**
 * The local (China Standard Time, UTC+8, no DST) date of an RFC 3339 instant or a plain date: the
 * data's dates are local calendar days, so 2025-03-01T20:00:00Z is 2 March.
 */
export function localDate(text: string): string | undefined {
  if (calendarDate(text)) return text
  const match = isoDateTime.exec(text)
  if (!match || !calendarDate(match[1]!)) return undefined
  const time = Date.parse(text)
  if (Number.isNaN(time)) return undefined
  return new Date(time + 8 * 3600_000).toISOString().slice(0, 10)
}

/** `datetime` as local dates: an instant, or an interval whose ends may be open (undefined). */
export type Datetime = { kind: 'instant'; date: string } | { kind: 'interval'; start?: string; end?: string }

const refuse = (message: string, value: string, collection: Collection) =>
  badRequest(message, {
    parameter: 'datetime',
    value,
    ...(collection.temporal ? { temporal: collection.temporal } : {}),
  })

/**
 * OGC API – Features Part 1 `datetime`: `2025-03-01`, `2025-03-01T08:00:00Z`, or an interval
 * `start/end` where either end may be `..` or empty (open). Timestamps count by their China
 * Standard Time date, since the data's dates are local days.
 */
export function parseDatetime(collection: Collection, value: string): Datetime {
  if (!collection.temporal) {
    throw refuse(
      `${collection.id} has no date, so datetime does not apply; collections with one: hazards, dust, fireworks-outlets`,
      value,
      collection,
    )
  }
  const parts = value.split('/')
  const date = (text: string) => {
    const parsed = localDate(text)
    if (!parsed) {
      throw refuse(
        `datetime "${text.slice(0, 40)}" is not a date (YYYY-MM-DD) or RFC 3339 timestamp; intervals are start/end with .. for an open end`,
        value,
        collection,
      )
    }
    return parsed
  }
  if (parts.length === 1) return { kind: 'instant', date: date(parts[0]!) }
  if (parts.length !== 2) throw refuse('datetime is an instant or one interval start/end', value, collection)
  const open = (text: string) => text === '' || text === '..'
  const start = open(parts[0]!) ? undefined : date(parts[0]!)
  const end = open(parts[1]!) ? undefined : date(parts[1]!)
  if (start && end && start > end) throw refuse('datetime interval ends before it starts', value, collection)
  return { kind: 'interval', ...(start ? { start } : {}), ...(end ? { end } : {}) }
}

/**
 * The rows whose date (or validity, for a collection with start and end such as a licence) meets
 * the instant or interval. A row without a date never matches; an open-ended validity (no end
 * date) lasts.
 */
export function datetimeCondition(collection: Collection, datetime: Datetime): SQL {
  const temporal = collection.temporal!
  const startColumn = sql.raw(`t.${temporal.start}`)
  const endColumn = temporal.end ? sql.raw(`t.${temporal.end}`) : startColumn
  const day = (text: string) => sql`${text}::text::date`
  const [from, to] = datetime.kind === 'instant' ? [datetime.date, datetime.date] : [datetime.start, datetime.end]
  const conditions = [sql`${startColumn} IS NOT NULL`]
  if (to !== undefined) conditions.push(sql`${startColumn} <= ${day(to)}`)
  if (from !== undefined) {
    conditions.push(
      temporal.end ? sql`(${endColumn} IS NULL OR ${endColumn} >= ${day(from)})` : sql`${endColumn} >= ${day(from)}`,
    )
  }
  return sql`(${sql.join(conditions, sql` AND `)})`
}
