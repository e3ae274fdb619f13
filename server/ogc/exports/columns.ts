import { zhCN } from '../../../web/i18n/zh-CN.ts'
import type { Cell } from '../../http/table-files.ts'
import type { Collection, CollectionId } from '../collections.ts'
import { typeOf } from '../queryables.ts'

/**
 * The columns of a layer's files: the collection's properties under Chinese names, the words of
 * the web's zh-CN catalogue (web/i18n/zh-CN.ts `exports`), so a file says what the screen says and
 * an import (server/imports) reads its headers and values back.
 */
const words = zhCN.exports

/** A column's value type; `list` is an array property (a confined space's gases). */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'list'

export type ExportColumn = {
  /** The property's name (GeoJSON and GeoPackage keep it). */
  name: string
  /** CSV/XLSX header. */
  header: string
  /** Shapefile field name: at most 10 bytes in GBK. */
  shpField: string
  type: ColumnType
  /** The Chinese labels of an enumeration's codes (CSV, XLSX, shapefile). */
  labels?: Readonly<Record<string, string>>
}

type Labels = Readonly<Record<string, string>>

/** Which words label a property's codes; `status` and `kind` mean different things per layer. */
function labelsOf(collection: CollectionId, property: string): Labels | undefined {
  switch (property) {
    case 'risk_level':
      return zhCN.risk
    case 'sector':
      return zhCN.sector
    case 'dust_type':
      return zhCN.dustType
    case 'standardization_level':
      return zhCN.standardization
    case 'space_type':
      return zhCN.spaceType
    case 'level':
      return zhCN.hazardLevel
    case 'location_source':
      return words.locationSource
    case 'listed_by_level':
      return words.organiserLevel
    case 'status':
      return collection === 'fireworks-outlets'
        ? zhCN.outletStatus
        : collection === 'hazards'
          ? zhCN.hazardStatus
          : zhCN.enterpriseStatus
    case 'kind':
      return (
        {
          towns: words.regionKind,
          grids: words.gridKind,
          'fireworks-outlets': zhCN.outletKind,
          'sensitive-sites': zhCN.siteKind,
          zones: words.zoneKind,
        } as Partial<Record<CollectionId, Labels>>
      )[collection]
  }
  return undefined
}

const header = (collection: CollectionId, name: string) =>
  (words.headerOf[collection] as Record<string, string>)[name] ?? (words.column as Record<string, string>)[name] ?? name
const shpField = (collection: CollectionId, name: string) =>
  name === 'name' ? words.shpNameOf[collection] : ((words.shpField as Record<string, string>)[name] ?? name)

/** The id column: the integer key; towns and grids are keyed by their code, already a column. */
export const idColumn = (collection: Collection): ExportColumn | undefined =>
  collection.key.type === 'integer'
    ? { name: 'id', header: words.id, shpField: words.shpField.id, type: 'integer' }
    : undefined

/** The properties of `collection` as columns, in the collection's order. */
export function propertyColumns(collection: Collection): ExportColumn[] {
  return collection.properties.map((property) => {
    const labels = labelsOf(collection.id, property.name)
    return {
      name: property.name,
      header: header(collection.id, property.name),
      shpField: shpField(collection.id, property.name),
      type: typeOf(collection, property) ?? 'list',
      ...(labels ? { labels } : {}),
    }
  })
}

export type Value = string | number | boolean | null | string[]

/** A value as a person reads it in a table: codes as their Chinese labels, yes/no, lists joined. */
export function cellOf(column: ExportColumn, value: Value | undefined): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value ? zhCN.common.yes : zhCN.common.no
  if (Array.isArray(value)) return value.join('、')
  if (column.labels && typeof value === 'string') return column.labels[value] ?? value
  if (typeof value === 'string' && (column.type === 'integer' || column.type === 'number')) return Number(value)
  return value
}
