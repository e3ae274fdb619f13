import type { FeatureCollection, Geometry } from 'geojson'
import { api, withQuery, type ApiClient } from './client.ts'

/*
 * The Import API (/api/imports, issue 12). Until server/imports/routes.ts is on this branch these
 * types mirror the contract the server is written to (COMMON.md "Import API"); once AppType has
 * the routes they are named from it like the other web/api files.
 */

export type ImportLayerId =
  | 'towns'
  | 'grids'
  | 'enterprises'
  | 'confined_spaces'
  | 'outlets'
  | 'sensitive_sites'
  | 'zones'
  | 'accidents'
  | 'drills'

export type ImportFieldKind =
  'text' | 'integer' | 'number' | 'boolean' | 'date' | 'enum' | 'uscc' | 'lon' | 'lat' | 'town' | 'grid' | 'enterprise'

export type ImportField = {
  field: string
  label: string
  required: boolean
  kind: ImportFieldKind
  values?: { value: string; label: string }[]
}

export type ImportLayer = {
  layer: ImportLayerId
  label: string
  geometry: 'point' | 'polygon' | 'none'
  match_by: 'uscc' | 'licence_no' | 'code' | 'name' | null
  /** How a row finds the record it updates, as the screen says it. */
  match_note: string
  fields: ImportField[]
}

export type ImportStatus = 'reading' | 'checking' | 'ready' | 'committing' | 'committed' | 'failed' | 'discarded'
export type ImportEncoding = 'auto' | 'utf-8' | 'gbk'

export type ImportSummary = { added: number; changed: number; unchanged: number; errors: number; warnings: number }

export type ImportJob = {
  id: number
  layer: string
  file_name: string
  format: string
  status: ImportStatus
  crs: string | null
  crs_guess: { crs: string; reason: string } | null
  encoding: string | null
  columns: string[]
  mapping: Record<string, string | null>
  row_count: number | null
  summary: ImportSummary | null
  failure: { code: string; message: string; row?: number; field?: string } | null
  version: number
  created_at: string
  committed_at: string | null
}

export type ImportProgress = { phase: 'reading' | 'checking' | 'writing'; done: number; total: number | null }

export type ImportProblem = {
  field: string | null
  column: string | null
  severity: 'error' | 'warning'
  code: string
  message: string
}

export type ImportAction = 'add' | 'change' | 'unchanged' | 'error'

export type ImportRow = {
  row_no: number
  source: Record<string, unknown>
  record: Record<string, unknown> | null
  problems: ImportProblem[]
  action: ImportAction
  matched_key: string | null
}

export type ImportRowsPage = { items: ImportRow[]; total: number }
export type ImportRowFilter = 'all' | 'problems' | 'errors'

export type ImportPreview = FeatureCollection<
  Geometry,
  { row_no: number; action: ImportAction; label: string | null; errors: number; warnings: number }
>

export type ImportPatch = {
  version: number
  mapping?: Record<string, string | null>
  crs?: string
  encoding?: ImportEncoding
}

/** The upload form's fields (multipart): the file and what the user chose for it. */
export type ImportUpload = { file: File; layer: ImportLayerId; crs?: string; encoding?: ImportEncoding }

export const fetchImportLayers = (client: ApiClient = api) =>
  client.getJson<{ items: ImportLayer[] }>('/api/imports/layers')
export const fetchImports = (client: ApiClient = api) => client.getJson<{ items: ImportJob[] }>('/api/imports')
export const fetchImport = (id: number, client: ApiClient = api) => client.getJson<ImportJob>(`/api/imports/${id}`)

export function uploadImport(upload: ImportUpload, client: ApiClient = api) {
  const form = new FormData()
  form.set('layer', upload.layer)
  if (upload.crs) form.set('crs', upload.crs)
  if (upload.encoding && upload.encoding !== 'auto') form.set('encoding', upload.encoding)
  form.set('file', upload.file, upload.file.name)
  return client.send<ImportJob>('/api/imports', form)
}

export const patchImport = (id: number, body: ImportPatch, client: ApiClient = api) =>
  client.send<ImportJob>(`/api/imports/${id}`, body, 'PATCH')
export const commitImport = (id: number, version: number, client: ApiClient = api) =>
  client.send<ImportJob>(`/api/imports/${id}/commit`, { version })
export const discardImport = (id: number, client: ApiClient = api) =>
  client.send<null>(`/api/imports/${id}`, undefined, 'DELETE')

export const fetchImportRows = (
  id: number,
  page: { filter: ImportRowFilter; offset: number; limit: number },
  client: ApiClient = api,
) => client.getJson<ImportRowsPage>(`/api/imports/${id}/rows`, page)
export const fetchImportPreview = (id: number, client: ApiClient = api) =>
  client.getJson<ImportPreview>(`/api/imports/${id}/preview`)

/** The job's progress stream (text/event-stream), authenticated by the session cookie. */
export const importProgressUrl = (id: number) => withQuery(`/api/imports/${id}/progress`)
