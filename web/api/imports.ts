import type { FeatureCollection, Geometry } from 'geojson'
import type { z } from 'zod'
import type { Progress } from '../../server/imports/jobs.ts'
import type { encodings, importPatch, rowsQuery } from '../../server/imports/schemas.ts'
import { api, withQuery, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** The Import API (/api/imports, server/imports/routes.ts), named from the server's handlers and schemas. */
type Imports = Api['imports']

export type ImportLayer = Answer<Imports['layers']['$get']>['items'][number]
export type ImportLayerId = ImportLayer['layer']
export type ImportField = ImportLayer['fields'][number]

export type ImportJob = Answer<Imports[':id']['$get']>
export type ImportStatus = ImportJob['status']
export type ImportSummary = NonNullable<ImportJob['summary']>
export type ImportEncoding = (typeof encodings)[number]

export type ImportRowsPage = Answer<Imports[':id']['rows']['$get']>
export type ImportRow = ImportRowsPage['items'][number]
export type ImportProblem = ImportRow['problems'][number]
export type ImportRowFilter = NonNullable<z.input<typeof rowsQuery>['filter']>
/** What the import would do with a checked row (import_rows.action; the server answers it as text). */
export type ImportAction = 'add' | 'change' | 'unchanged' | 'error'

type PreviewAnswer = Answer<Imports[':id']['preview']['$get']>
/**
 * GET /api/imports/{id}/preview: the server builds it in SQL (ST_AsGeoJSON), so its answer types
 * the geometry as unknown; it is GeoJSON in WGS84, which the map takes as such.
 */
export type ImportPreview = FeatureCollection<Geometry, PreviewAnswer['features'][number]['properties']>

export type ImportPatch = z.input<typeof importPatch>

/** The job's progress events (`event: progress` of GET /api/imports/{id}/progress). */
export type ImportProgress = Progress

/** The upload form's fields (multipart): the file and what the user chose for it. */
export type ImportUpload = { file: File; layer: ImportLayerId; crs?: string; encoding?: ImportEncoding }

export const fetchImportLayers = (client: ApiClient = api) =>
  client.getJson<Answer<Imports['layers']['$get']>>('/api/imports/layers')
export const fetchImports = (client: ApiClient = api) => client.getJson<Answer<Imports['$get']>>('/api/imports')
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
