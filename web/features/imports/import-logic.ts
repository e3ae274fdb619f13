import type { ImportJob, ImportLayer, ImportProgress, ImportStatus, ImportSummary } from '../../api/imports.ts'
import type { MessageKey } from '../../i18n/messages.ts'

/** The file kinds the importer reads (issue 12): what the file picker offers. */
export const acceptedExtensions = ['.geojson', '.json', '.zip', '.csv', '.xlsx', '.kml', '.kmz'] as const

/** A message key and its parameters: the view translates it. */
export type Message = { key: MessageKey; params?: Record<string, string | number> }

/** Megabytes with one decimal at most, for the messages that name a size. */
export function megabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 10) / 10)
}

/**
 * Why a chosen file is not sent, or null: empty, not a kind the importer reads, or over the
 * server's limit (lib/limits.ts importLimits.maxFileBytes, which the server answers with 413).
 */
export function fileRefusal(file: { name: string; size: number }, maxBytes: number): Message | null {
  const name = file.name.toLowerCase()
  if (!acceptedExtensions.some((extension) => name.endsWith(extension)))
    return { key: 'imports.upload.wrongType', params: { name: file.name, types: acceptedExtensions.join(' ') } }
  if (file.size === 0) return { key: 'imports.upload.empty', params: { name: file.name } }
  if (file.size > maxBytes)
    return {
      key: 'imports.upload.tooLarge',
      params: { name: file.name, size: megabytes(file.size), max: megabytes(maxBytes) },
    }
  return null
}

/**
 * A CSV with the layer's Chinese headers (the labels the server recognises) and a UTF-8 BOM, so
 * Excel opens it with the Chinese intact: the template a county fills in.
 */
export function templateCsv(layer: Pick<ImportLayer, 'fields'>): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)
  return `\uFEFF${layer.fields.map((field) => cell(field.label)).join(',')}\r\n`
}

/** Where the import stands, for the screen: which step it shows. */
export type ImportStep = 'choose' | 'working' | 'review' | 'done' | 'failed'

const stepByStatus: Record<ImportStatus, ImportStep> = {
  reading: 'working',
  checking: 'working',
  committing: 'working',
  ready: 'review',
  committed: 'done',
  failed: 'failed',
  discarded: 'choose',
}

export function stepOf(job: Pick<ImportJob, 'status'> | null): ImportStep {
  return job ? stepByStatus[job.status] : 'choose'
}

/** A status after which the server sends nothing more about the job. */
export function isFinal(status: ImportStatus): boolean {
  return status === 'ready' || status === 'failed' || status === 'committed' || status === 'discarded'
}

/** The bar's fill, 0–100, or null while the total is unknown (the bar is indeterminate). */
export function progressPercent(progress: Pick<ImportProgress, 'done' | 'total'> | null): number | null {
  if (!progress || progress.total === null) return null
  if (progress.total <= 0) return 100
  return Math.min(100, Math.max(0, Math.round((progress.done / progress.total) * 100)))
}

/** The layer's required fields that no column is mapped to: the import cannot check them. */
export function unmappedRequired(
  layer: Pick<ImportLayer, 'fields'>,
  mapping: Record<string, string | null>,
): ImportLayer['fields'] {
  const mapped = new Set(Object.values(mapping).filter((field): field is string => Boolean(field)))
  return layer.fields.filter((field) => field.required && !mapped.has(field.field))
}

/**
 * The mapping with one column set to a field (or to nothing), the rest as it was except a column
 * that had that field, which loses it: a field takes one column (the server refuses two).
 */
export function remap(
  mapping: Record<string, string | null>,
  column: string,
  field: string | null,
): Record<string, string | null> {
  const next = Object.fromEntries(
    Object.entries(mapping).map(([other, was]) => [other, field !== null && was === field ? null : was]),
  )
  return { ...next, [column]: field }
}

/** The summary's counts in the order the screen says them (新增 · 更新 · 不变 · 错误 · 警告). */
export const summaryOrder = [
  'added',
  'changed',
  'unchanged',
  'errors',
  'warnings',
] as const satisfies readonly (keyof ImportSummary)[]

/**
 * Why 导入 is not offered, or null when it may be: the job must be ready and free of errors, and
 * every required field mapped (the server refuses the rest: 422 import_has_errors, 409
 * import_not_ready).
 */
export function commitBlocker(job: ImportJob, layer: ImportLayer | undefined): Message | null {
  if (job.status !== 'ready') return { key: 'imports.commit.notReady' }
  const missing = layer ? unmappedRequired(layer, job.mapping) : []
  if (missing.length > 0)
    return { key: 'imports.commit.unmapped', params: { fields: missing.map((field) => field.label).join('、') } }
  const errors = job.summary?.errors ?? 0
  if (errors > 0) return { key: 'imports.commit.hasErrors', params: { n: errors } }
  if ((job.row_count ?? 0) === 0) return { key: 'imports.commit.noRows' }
  return null
}

/** Where the committed rows can be seen: the ledger of enterprises, else the map. */
export function resultLink(layer: string): { to: string; key: MessageKey } {
  if (layer === 'enterprises') return { to: '/enterprises', key: 'imports.result.ledger' }
  if (layer === 'outlets') return { to: '/fireworks', key: 'imports.result.fireworks' }
  return { to: '/', key: 'imports.result.map' }
}

/** An ISO instant as yyyy-mm-dd hh:mm in the browser's time (the county's). */
export function shownTime(iso: string | null): string {
  if (!iso) return '—'
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  const two = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`
}
