import type { Setting } from '../../api/settings.ts'

/** A setting's value as the page edits it: a number, a flag, a text, or an object of those. */
export type SettingValue = number | boolean | string | { [key: string]: number | boolean | string }

const isScalar = (value: unknown): value is number | boolean | string =>
  typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string'

/**
 * The stored value (JSON of any shape, as the server answers it) if the page can edit it field by
 * field, else null (shown as it is, not editable here).
 */
export function editableValue(value: unknown): SettingValue | null {
  if (isScalar(value)) return value
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  return Object.values(value).every(isScalar) ? (value as SettingValue) : null
}

/**
 * One editable part of a setting's value: the value itself (`part` null) or one key of an object,
 * with the label and unit the server gives that key (`fields` of GET /api/settings).
 */
export type ValuePart = {
  part: string | null
  kind: 'number' | 'boolean' | 'text'
  value: number | boolean | string
  label: string | null
  unit: string | null
}

const kindOf = (value: unknown): ValuePart['kind'] =>
  typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text'

/**
 * A value as the fields that edit it: one for a number, flag or text; one per key of an object, in
 * the order of the server's `fields` (keys it does not name after them, labelled by the key).
 */
export function valueParts(value: SettingValue, fields: Setting['fields'] = null): ValuePart[] {
  if (value === null || typeof value !== 'object')
    return [{ part: null, kind: kindOf(value), value, label: null, unit: null }]
  const known = (fields ?? []).filter((field) => Object.hasOwn(value, field.key))
  const rest = Object.keys(value).filter((key) => !known.some((field) => field.key === key))
  return [
    ...known.map((field) => ({ part: field.key, label: field.label, unit: field.unit || null })),
    ...rest.map((key) => ({ part: key, label: key, unit: null })),
  ].map((part) => ({ ...part, kind: kindOf(value[part.part]), value: value[part.part]! }))
}

/** What the form holds while editing: each part's text ('' for the whole value), flags as 'true'/'false'. */
export type ValueDraft = Record<string, string>

export function draftOf(value: SettingValue): ValueDraft {
  return Object.fromEntries(valueParts(value).map(({ part, value: inner }) => [part ?? '', String(inner)]))
}

/** A decimal number as typed (full-width digits and a comma for the decimal point accepted), or null. */
export function parseNumber(text: string): number | null {
  const normal = text
    .trim()
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[，,]/g, '.')
    .replace(/．/g, '.')
  if (!/^-?\d+(\.\d+)?$/.test(normal)) return null
  return Number(normal)
}

/**
 * The draft back as a value of the original's shape, or the parts that are not numbers where the
 * original has a number. Only the form is checked here; the rules of each key (ranges, dates) are
 * the server's, which answers 422 invalid_setting.
 */
export function valueFromDraft(
  original: SettingValue,
  draft: ValueDraft,
): { value: SettingValue } | { invalid: string[] } {
  const invalid: string[] = []
  const read = ({ part, kind }: ValuePart): number | boolean | string => {
    const text = draft[part ?? ''] ?? ''
    if (kind === 'boolean') return text === 'true'
    if (kind === 'text') return text.trim()
    const number = parseNumber(text)
    if (number === null) invalid.push(part ?? '')
    return number ?? 0
  }
  const parts = valueParts(original)
  const value: SettingValue =
    original !== null && typeof original === 'object'
      ? Object.fromEntries(parts.map((part) => [part.part!, read(part)]))
      : read(parts[0]!)
  return invalid.length > 0 ? { invalid } : { value }
}

/** Whether two values are the same (nothing to save). */
export function sameValue(a: SettingValue, b: SettingValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
