import type { Database } from '../../db/client.ts'
import type { Scope } from '../scope.ts'
import type { Collection } from './collections.ts'
import type { Crs } from './crs.ts'
import { extentsSql, featureSql, itemsSql, type ExtentRow, type FeatureRow, type ItemsRow } from './feature-sql.ts'
import type { ItemsQuery } from './params.ts'

/** What every OGC read is relative to: the caller's scope and the reference date (for `overdue`). */
export type OgcReader = { db: Database; scope: Scope; today: string }

/** The scoped extent of each collection, by collection id. */
export async function collectionExtents(
  { db, scope, today }: OgcReader,
  list: readonly Collection[],
): Promise<Map<string, ExtentRow>> {
  const rows = await db.rows<ExtentRow>(extentsSql(list, scope, today))
  return new Map(rows.map((row) => [row.id, row]))
}

/** One page of features: how many match, how many came, and the Features as GeoJSON text. */
export async function itemsPage({ db, scope, today }: OgcReader, collection: Collection, query: ItemsQuery) {
  const [row] = await db.rows<ItemsRow>(itemsSql(collection, query, scope, today))
  return { matched: row?.matched ?? 0, returned: row?.returned ?? 0, features: row?.features ?? '' }
}

/** One Feature as GeoJSON text, if it is in the collection and the caller's scope. */
export async function featureText(
  { db, scope, today }: OgcReader,
  collection: Collection,
  id: string | number,
  crs: Crs,
): Promise<string | undefined> {
  const [row] = await db.rows<FeatureRow>(featureSql(collection, id, crs, scope, today))
  return row?.feature
}
