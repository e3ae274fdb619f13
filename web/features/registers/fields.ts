/**
 * A register's form as data: each field's kind says how its input is shown and how its text
 * becomes the body's value. The forms keep strings (what the inputs hold) and booleans; these pure
 * functions turn a record into the form, the form into a write's body (only what changed), and
 * merge a newer record into the form after a 409 without losing what the user typed.
 */
import { validateUscc } from '../../../db/uscc.ts'

export type FieldKind = 'text' | 'long-text' | 'integer' | 'number' | 'date' | 'enum' | 'boolean' | 'uscc' | 'list'

export type Field = {
  key: string
  kind: FieldKind
  required?: boolean
  /** An enum's values, and the message section labelling them (`risk` → risk.major …). */
  values?: readonly (string | number)[]
  labels?: string
  /** Shown (and sent) only while this holds: the dust details while `dust` is ticked. */
  when?: (form: FormValues) => boolean
  /** Bounds of a number (`major_hazard_level` 1–4). */
  min?: number
  max?: number
}

export type FormValue = string | boolean
export type FormValues = Record<string, FormValue>
export type FieldProblem = 'required' | 'integer' | 'number' | 'date' | 'range' | 'uscc'

/** A list (gases) is typed as one line: separated by commas, 、 or spaces. */
const splitList = (text: string) =>
  text
    .split(/[,，、;；\s]+/)
    .map((part) => part.trim())
    .filter(Boolean)

const usccSeverity = (code: string) => {
  const check = validateUscc(code)
  return check.ok ? null : check.severity
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
/** yyyy-mm-dd of a day that exists (not 2025-02-30, which Date.parse would roll into March). */
const realDay = (text: string) =>
  isoDate.test(text) && !Number.isNaN(Date.parse(text)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)

export function formFromRecord(fields: readonly Field[], record: Record<string, unknown> | null): FormValues {
  const form: FormValues = {}
  for (const field of fields) {
    const value = record?.[field.key]
    if (field.kind === 'boolean') form[field.key] = value === true
    else if (field.kind === 'list') form[field.key] = Array.isArray(value) ? value.join('、') : ''
    else form[field.key] = value === null || value === undefined ? '' : String(value)
  }
  return form
}

/** One field's value for the body, or the problem with its text. */
export function fieldValue(field: Field, raw: FormValue): { value: unknown } | { problem: FieldProblem } {
  if (field.kind === 'boolean') return { value: raw === true }
  const text = typeof raw === 'string' ? raw.trim() : ''
  if (field.kind === 'list') return { value: splitList(text) }
  if (text === '') return field.required ? { problem: 'required' } : { value: null }
  if (field.kind === 'integer' || field.kind === 'number') {
    const number = Number(text)
    if (!Number.isFinite(number)) return { problem: 'number' }
    if (field.kind === 'integer' && !Number.isInteger(number)) return { problem: 'integer' }
    if ((field.min !== undefined && number < field.min) || (field.max !== undefined && number > field.max))
      return { problem: 'range' }
    return { value: number }
  }
  if (field.kind === 'enum' && field.values?.some((value) => typeof value === 'number')) return { value: Number(text) }
  // DOMAIN §4: a wrong length or character blocks the save; a failed check character only warns.
  if (field.kind === 'uscc')
    return validateUscc(text).ok || usccSeverity(text) === 'warning' ? { value: text } : { problem: 'uscc' }
  if (field.kind === 'date' && !realDay(text)) return { problem: 'date' }
  return { value: text }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** The record's value as the body would carry it (so a record and a form compare alike). */
function recordValue(field: Field, record: Record<string, unknown> | null): unknown {
  const parsed = fieldValue(field, formFromRecord([field], record)[field.key]!)
  return 'value' in parsed ? parsed.value : (record?.[field.key] ?? null)
}

/**
 * The body of a write: every shown field for a new record, only the changed ones for an edit
 * (so a save never sends back what someone else changed meanwhile); problems by field.
 */
export function bodyFromForm(
  fields: readonly Field[],
  form: FormValues,
  base: Record<string, unknown> | null,
): { body: Record<string, unknown>; problems: Record<string, FieldProblem> } {
  const body: Record<string, unknown> = {}
  const problems: Record<string, FieldProblem> = {}
  for (const field of fields) {
    if (field.when && !field.when(form)) continue
    const parsed = fieldValue(field, form[field.key] ?? '')
    if ('problem' in parsed) problems[field.key] = parsed.problem
    else if (base === null ? parsed.value !== null : !same(parsed.value, recordValue(field, base)))
      body[field.key] = parsed.value
  }
  return { body, problems }
}

/**
 * After a 409: the form on top of the newer record. A field the user left alone takes the newer
 * value; one the user changed keeps the input, and is a conflict when the newer value differs from
 * what the user started from (the form then shows the current value beside the input).
 */
export function mergeStale(
  fields: readonly Field[],
  form: FormValues,
  read: Record<string, unknown>,
  current: Record<string, unknown>,
): { form: FormValues; conflicts: string[] } {
  const readForm = formFromRecord(fields, read)
  const currentForm = formFromRecord(fields, current)
  const merged: FormValues = { ...form }
  const conflicts: string[] = []
  for (const field of fields) {
    const key = field.key
    const touched = !same(form[key], readForm[key])
    if (!touched) merged[key] = currentForm[key]!
    else if (!same(currentForm[key], readForm[key]) && !same(currentForm[key], form[key])) conflicts.push(key)
  }
  return { form: merged, conflicts }
}
