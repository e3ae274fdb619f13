import type { Database } from '../../db/client.ts'
import { readOutletVisitRules } from '../rules/outlet-visit-due.ts'
import { readStatsRules } from '../rules/stats-settings.ts'
import type { Scope } from '../scope.ts'
import { emptyTile, encodeTile, hasAsMvt, type GeojsonRow } from './encode.ts'
import type { TileLayer, TileRules } from './layers.ts'
import type { TileAddress, TileBounds } from './tile-address.ts'
import { extentSql, geojsonRowsSql, mvtSql, propertyNames, tileRowsSql, type ExtentRow } from './tile-sql.ts'

export type TileReader = { db: Database; scope: Scope; today: string }

/** The settings the layer's fields read, in force now (a missing row falls back to its default). */
export async function rulesFor(db: Database, layer: TileLayer, today: string): Promise<TileRules> {
  const [stats, outletVisits] = await Promise.all([
    layer.reads.includes('stats') ? readStatsRules(db) : undefined,
    layer.reads.includes('outlet-visits') ? readOutletVisitRules(db) : undefined,
  ])
  return { today, ...(stats ? { stats } : {}), ...(outletVisits ? { outletVisits } : {}) }
}

export type Encoder = 'postgis' | 'javascript'

/**
 * One scoped tile as MVT bytes: from ST_AsMVT where the database has it, else from the same rows
 * encoded in JavaScript. `encoder` forces one (tests compare them on PostgreSQL).
 */
export async function layerTile(
  { db, scope, today }: TileReader,
  layer: TileLayer,
  tile: TileAddress,
  encoder?: Encoder,
): Promise<Uint8Array<ArrayBuffer>> {
  const fields = layer.fields(await rulesFor(db, layer, today))
  const rows = tileRowsSql(layer, tile, scope, fields)
  const properties = propertyNames(layer, fields, tile.z)
  if ((encoder ?? ((await hasAsMvt(db)) ? 'postgis' : 'javascript')) === 'postgis') {
    const [row] = await db.rows<{ tile: Uint8Array | null }>(mvtSql(layer, tile, rows, properties))
    return row?.tile && row.tile.length > 0 ? new Uint8Array(row.tile) : emptyTile
  }
  return encodeTile(layer.id, tile, await db.rows<GeojsonRow>(geojsonRowsSql(layer, rows, properties)), properties)
}

/** The scoped extent of the layer's features; undefined when the scope sees none. */
export async function layerBounds({ db, scope }: TileReader, layer: TileLayer): Promise<TileBounds | undefined> {
  const [row] = await db.rows<ExtentRow>(extentSql(layer, scope))
  if (!row || row.west === null || row.south === null || row.east === null || row.north === null) return undefined
  return { west: row.west, south: row.south, east: row.east, north: row.north }
}
