import type { AuditEntry } from '../../api/admin.ts'

/** One field of an audit entry: its value before and after, and whether the write changed it. */
export type DiffRow = { field: string; before: unknown; after: unknown; changed: boolean }

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * Field by field, in the order the row has its columns (after's, then any only before had). A
 * create has no before and a delete no after: every field counts as changed then.
 */
export function auditDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffRow[] {
  const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])]
  return fields.map((field) => {
    const old = before?.[field]
    const next = after?.[field]
    return { field, before: old, after: next, changed: before === null || after === null || !same(old, next) }
  })
}

/** Only the fields the write changed, or every field of a create or delete. */
export const changedFields = (rows: DiffRow[]) => rows.filter((row) => row.changed)

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** A value as a person reads it: dates in local time, lists joined, nothing as an em dash. */
export function formatValue(value: unknown, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? yes : no
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => formatValue(v, yes, no)).join('、')
  if (typeof value === 'string' && isoInstant.test(value)) return formatInstant(value)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DD HH:mm` in the browser's time zone. */
export function formatInstant(iso: string | null): string {
  if (!iso) return '—'
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`
}

/**
 * The page of the app where the entry's record can be seen: the enterprise record for an
 * enterprise, and for a hazard or inspection the record of its enterprise.
 */
export function entityLink(entry: Pick<AuditEntry, 'entity' | 'entity_id' | 'before' | 'after'>): string | null {
  if (entry.entity === 'enterprises' && entry.entity_id) return `/enterprises/${entry.entity_id}`
  if (entry.entity === 'hazards' || entry.entity === 'inspections') {
    const enterprise = entry.after?.enterprise_id ?? entry.before?.enterprise_id
    if (typeof enterprise === 'number' || typeof enterprise === 'string') return `/enterprises/${enterprise}`
  }
  return null
}
