import type { LayerDef } from './layers.ts'

/** A file's column → the layer's field it fills, or null: not imported. */
export type Mapping = Record<string, string | null>

/** Full-width letters, digits and punctuation as their half-width forms; the ideographic space as a space. */
export const halfWidth = (text: string) =>
  text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')

/**
 * A header as compared: trimmed, half-width, lower case, without what is in brackets (units such
 * as （吨）, (kg), [m²]) and without spaces, underscores and a trailing colon.
 */
export function normaliseHeader(header: string): string {
  return halfWidth(header)
    .toLowerCase()
    .replace(/[([【（][^)\]】）]*[)\]】）]/g, '')
    .replace(/[\s_:：*]/g, '')
}

/**
 * The guessed field of each column: an exact alias first, then the normalised header against the
 * normalised aliases. A field is filled by one column: when two columns name it, the one whose
 * alias comes first in the field's list wins (统一社会信用代码 before 企业名称) and the other is left
 * unmapped. Columns that match nothing are unmapped (listed, ignored).
 */
export function guessMapping(columns: readonly string[], def: LayerDef): Mapping {
  const candidates = columns.map((column) => {
    const exact = def.fields.flatMap((field) =>
      field.aliases.flatMap((alias, rank) => (alias === column.trim() ? [{ field: field.field, rank }] : [])),
    )
    if (exact.length > 0) return { column, ...exact[0]!, exact: true }
    const normal = normaliseHeader(column)
    const loose = def.fields.flatMap((field) =>
      field.aliases.flatMap((alias, rank) => (normaliseHeader(alias) === normal ? [{ field: field.field, rank }] : [])),
    )
    return loose.length > 0 ? { column, ...loose[0]!, exact: false } : { column, field: null, rank: 0, exact: false }
  })
  const best = new Map<string, { column: string; rank: number; exact: boolean }>()
  for (const c of candidates) {
    if (!c.field) continue
    const held = best.get(c.field)
    const better = !held || (c.exact && !held.exact) || (c.exact === held.exact && c.rank < held.rank)
    if (better) best.set(c.field, c)
  }
  const mapping: Mapping = {}
  for (const c of candidates) mapping[c.column] = c.field && best.get(c.field)?.column === c.column ? c.field : null
  return mapping
}

/** The column mapped to each field (the inverse of a mapping). */
export function columnsByField(mapping: Mapping): Map<string, string> {
  const byField = new Map<string, string>()
  for (const [column, field] of Object.entries(mapping)) if (field && !byField.has(field)) byField.set(field, column)
  return byField
}
