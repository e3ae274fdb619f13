import type { ExportFormat } from '../../server/ogc/exports/files.ts'
import type { OgcCollectionId } from './ogc.ts'
import { withQuery, type Query } from './client.ts'

export type { ExportFormat }

/** The formats the 导出 menu offers, in its order (server/ogc/exports/files.ts). */
export const menuFormats: readonly ExportFormat[] = ['xlsx', 'csv', 'shp', 'gpkg', 'geojson-file']

/** A layer's file: the OGC items with `f` and the layer's CQL2 filter (GET, a plain download link). */
export const layerExportUrl = (collection: OgcCollectionId, format: ExportFormat, filter: string | null) =>
  withQuery(`/ogc/collections/${collection}/items`, { f: format, ...(filter ? { filter } : {}) })

/** The statistics workbooks (GET /api/stats/grids.xlsx, /api/stats/towns.xlsx) under the stats filters. */
export const statsXlsxUrl = (area: 'grids' | 'towns', query: Query) => withQuery(`/api/stats/${area}.xlsx`, query)
