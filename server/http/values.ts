import { z } from 'zod'
import { maxInt } from '../../lib/limits.ts'

/**
 * The values every request may carry, checked once here so that nothing the database would refuse
 * (a NUL byte, a lone UTF-16 surrogate, an int beyond 2^31−1, the year 0) gets past the edge: a
 * refusal is the ordinary 400 of parseValue, naming the field.
 */

/** PostgreSQL `integer`: ids, versions, OFFSET (lib/limits.ts, which the web reads too). */
export { maxInt }

/**
 * Where C0 (U+0000–U+001F), DEL and C1 (U+007F–U+009F) control characters are, or -1. Tab, line
 * feed and carriage return pass when `lineBreaks` is true (multi-line text such as findings).
 */
function controlCharacterAt(value: string, lineBreaks: boolean): number {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (lineBreaks && (code === 0x09 || code === 0x0a || code === 0x0d)) continue
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return i
  }
  return -1
}

/** Half of a surrogate pair without its other half (String#isWellFormed, before ES2024). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const isWellFormed = (value: string) => !loneSurrogate.test(value)

const codePoint = (value: string, at: number) => `U+${value.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`

/** Refines a string schema: no control characters (but line breaks when allowed), no lone surrogates. */
function printable<S extends z.ZodType<string>>(schema: S, lineBreaks: boolean) {
  return schema.superRefine((value, ctx) => {
    const at = controlCharacterAt(value, lineBreaks)
    if (at >= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must not contain control characters (${codePoint(value, at)} at position ${at})`,
      })
    }
    // PostgreSQL (UTF-8) cannot store half of a surrogate pair, and would answer with a 500.
    if (!isWellFormed(value)) ctx.addIssue({ code: 'custom', message: 'must not contain lone UTF-16 surrogates' })
  })
}

/** One line of text, trimmed: names, titles, categories, units, filters. */
export const text = (max: number, min = 1) => printable(z.string().trim().min(min).max(max), false)

/** Text that may span lines (tab, LF, CR allowed), trimmed: descriptions, findings, notes. */
export const multilineText = (max: number, min = 1) => printable(z.string().trim().min(min).max(max), true)

/**
 * A string kept exactly as sent (not trimmed) with no control characters: seeds and the like, where
 * spaces are part of the value.
 */
export const exactText = (max: number, min = 1) => printable(z.string().min(min).max(max), false)

/**
 * A password: kept exactly as sent and never stored or sent to SQL (only its argon2 hash is), so
 * only what cannot be hashed faithfully is refused: NUL and lone surrogates (which UTF-8 encoding
 * would turn into U+FFFD, making different passwords equal). A password that worked yesterday
 * still works.
 */
export const passwordText = (max: number, min = 1, tooShort?: string) =>
  z
    .string()
    .min(min, tooShort)
    .max(max)
    .refine((value) => !value.includes('\0'), 'must not contain NUL characters')
    .refine(isWellFormed, 'must not contain lone UTF-16 surrogates')

const idMessage = `a whole number from 1 to ${maxInt}`

/** A row id (or a version) in a JSON body: PostgreSQL integer, 1…2^31−1. */
export const rowId = z
  .number({ error: `expected ${idMessage}` })
  .int(idMessage)
  .min(1, idMessage)
  .max(maxInt, idMessage)

/**
 * An id in a path or query string: ASCII digits only, no sign, exponent, leading zero or spaces,
 * at most ten digits, then the same bounds as `id`.
 */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, idMessage)
  .transform(Number)
  .pipe(rowId)

/** A non-negative whole number in a query string (offset, limit…), at most `max`. */
export const countParam = (max: number, min = 0) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))

/** Dates the county's records can hold: no rectification, inspection or audit entry is older or later. */
export const minDate = '2000-01-01'
export const maxDate = '2099-12-31'

/** YYYY-MM-DD, a real calendar date (zod checks month lengths and leap years), 2000-01-01…2099-12-31. */
export const isoDate = z.iso
  .date()
  .refine(
    (day) => !/^\d{4}-\d\d-\d\d$/.test(day) || (day >= minDate && day <= maxDate),
    `a date from ${minDate} to ${maxDate}`,
  )

/** An instant with its offset (e.g. 2026-10-15T08:00:00+08:00), within the same years as isoDate. */
export const isoInstant = z.iso
  .datetime({ offset: true, message: 'a date-time with an offset, e.g. 2026-10-15T08:00:00+08:00' })
  .refine((value) => {
    // Refinements run even when the format check failed: a malformed value is reported there.
    const time = Date.parse(value)
    if (Number.isNaN(time)) return true
    const at = new Date(time).toISOString().slice(0, 10)
    return at >= minDate && at <= maxDate
  }, `a date-time from ${minDate} to ${maxDate}`)

/** DOMAIN §2 codes: a town (镇/区) has 9 digits, a grid its town's 9 and a 3-digit serial. */
export const townCode = z.string().regex(/^\d{9}$/, 'a 9-digit town code, e.g. 320924100')
export const gridCode = z.string().regex(/^\d{12}$/, 'a 12-digit grid code')

/**
 * A repeatable, comma-separated query parameter (`?sector=a,b&sector=c`) as a list of `item`s,
 * trimmed, without repeats. An empty entry (`?sector=a,`) is refused by `item`.
 */
export const listParam = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) => [
      ...new Set((Array.isArray(value) ? value : [value]).flatMap((entry) => entry.split(',')).map((v) => v.trim())),
    ])
    .pipe(z.array(item))
