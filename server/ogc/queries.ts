import type { Database } from '../../db/client.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import type { Scope } from '../scope.ts'
import type { Collection } from './collections.ts'
import type { Crs } from './crs.ts'
import {
  exportCountSql,
  exportPageSql,
  extentsSql,
  featureSql,
  itemsSql,
  type ExportGeometry,
  type ExportRow,
  type ExtentRow,
  type FeatureRow,
  type ItemsRow,
  type RequestValues,
} from './feature-sql.ts'
import type { ItemsQuery } from './params.ts'

/** What every OGC read is relative to: the caller's scope and the reference date (for `overdue`). */
export type OgcReader = { db: Database; scope: Scope; today: string }

/** `req.*` of this request: its date and the thresholds in settings now (read per request). */
async function requestValues({ db, today }: OgcReader): Promise<RequestValues> {
  const { ammoniaMajorHazardTonnes } = await readStatsRules(db)
  return { today, ammoniaMajorHazardTonnes }
}

/** The scoped extent of each collection, by collection id. */
export async function collectionExtents(
  reader: OgcReader,
  list: readonly Collection[],
): Promise<Map<string, ExtentRow>> {
  const rows = await reader.db.rows<ExtentRow>(extentsSql(list, reader.scope, await requestValues(reader)))
  return new Map(rows.map((row) => [row.id, row]))
}

/** One page of features: how many match, how many came, and the Features as GeoJSON text. */
export async function itemsPage(reader: OgcReader, collection: Collection, query: ItemsQuery) {
  const [row] = await reader.db.rows<ItemsRow>(itemsSql(collection, query, reader.scope, await requestValues(reader)))
  return { matched: row?.matched ?? 0, returned: row?.returned ?? 0, features: row?.features ?? '' }
}

/** One Feature as GeoJSON text, if it is in the collection and the caller's scope. */
export async function featureText(
  reader: OgcReader,
  collection: Collection,
  id: string | number,
  crs: Crs,
): Promise<string | undefined> {
  const sql = featureSql(collection, id, crs, reader.scope, await requestValues(reader))
  const [row] = await reader.db.rows<FeatureRow>(sql)
  return row?.feature
}

/** How many features an export of `query` would hold. */
export async function exportCount(reader: OgcReader, collection: Collection, query: ItemsQuery): Promise<number> {
  const sql = exportCountSql(collection, query, reader.scope, await requestValues(reader))
  const [row] = await reader.db.rows<{ matched: number }>(sql)
  return row?.matched ?? 0
}

/** Rows per page of an export: a page of 30,000 enterprises' attributes is ~1 MB. */
export const exportPageSize = 2000

/**
 * Every feature of an export, a page at a time in key order (each page a fresh keyset query, so
 * the export holds no connection or cursor between pages).
 */
export async function* exportPages(
  reader: OgcReader,
  collection: Collection,
  query: ItemsQuery,
  geometry: ExportGeometry,
): AsyncGenerator<ExportRow[]> {
  const req = await requestValues(reader)
  let after: number | string | undefined
  for (;;) {
    const page = { after, size: exportPageSize, geometry }
    const rows = await reader.db.rows<ExportRow>(exportPageSql(collection, query, reader.scope, req, page))
    if (rows.length > 0) yield rows
    if (rows.length < exportPageSize) return
    after = rows.at(-1)!.fid
  }
}
