import { getTableColumns, type Column } from 'drizzle-orm'
import { zhCN } from '../../web/i18n/zh-CN.ts'
import type { Collection, Property, ValueType } from './collections.ts'

/**
 * Chinese titles of the properties, as the web app labels them and the exports head their columns
 * (web/i18n/zh-CN.ts `exports.column`); the queryables carry them.
 */
const titles: Record<string, string> = zhCN.exports.column

export const titleOf = (name: string) => titles[name] ?? name

const byColumnType: Record<string, ValueType> = {
  PgText: 'string',
  PgVarchar: 'string',
  PgEnumColumn: 'string',
  PgInteger: 'integer',
  PgSmallInt: 'integer',
  PgSerial: 'integer',
  PgNumeric: 'number',
  PgNumericNumber: 'number',
  PgReal: 'number',
  PgDoublePrecision: 'number',
  PgBoolean: 'boolean',
  PgDate: 'date',
  PgDateString: 'date',
}

/** A property's type: its own, or its column's in the collection's table; undefined for arrays. */
export function typeOf(collection: Collection, property: Property): ValueType | undefined {
  if (property.type) return property.type
  const name = typeof property.expr === 'string' ? /^t\.(\w+)$/.exec(property.expr)?.[1] : undefined
  const column = (Object.values(getTableColumns(collection.table)) as Column[]).find((c) => c.name === name)
  return column ? byColumnType[column.columnType] : undefined
}

export type Queryable = { property: Property; type: ValueType }

/** What a filter may name: every property with a scalar type (arrays such as gases are left out). */
export function queryablesOf(collection: Collection): Map<string, Queryable> {
  return new Map(
    collection.properties.flatMap((property) => {
      const type = typeOf(collection, property)
      return type ? [[property.name, { property, type }] as const] : []
    }),
  )
}

/** The spatial queryable's name in filters: S_INTERSECTS(geometry, …). */
export const geometryName = 'geometry'

const jsonSchemaType = (type: ValueType) => (type === 'date' ? { type: 'string', format: 'date' } : { type })

/**
 * /collections/{id}/queryables: a JSON Schema (2020-12) of the filterable properties with their
 * Chinese titles and, for enumerations, the allowed values. `queryables` repeats the names in the
 * draft form GDAL 3.6 (Debian 12) reads to decide which attributes it may push to the server;
 * JSON Schema ignores the unknown keyword. GDAL 3.6 also ignores the document unless it comes as
 * application/json, so application/schema+json is sent only to a client whose Accept names it.
 */
export function queryablesDocument(collection: Collection, selfUrl: string) {
  const queryables = [...queryablesOf(collection).values()]
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: selfUrl,
    type: 'object',
    title: collection.title,
    description: `${collection.title}的可查询属性（CQL2 filter）`,
    properties: {
      [geometryName]: {
        title: '几何',
        format: collection.geometryType === 'Point' ? 'geometry-point' : 'geometry-multipolygon',
        'x-ogc-role': 'primary-geometry',
      },
      ...Object.fromEntries(
        queryables.map(({ property, type }) => [
          property.name,
          {
            title: titleOf(property.name),
            ...jsonSchemaType(type),
            ...(property.filter?.kind === 'enum' ? { enum: property.filter.values } : {}),
          },
        ]),
      ),
    },
    additionalProperties: false,
    queryables: queryables.map(({ property, type }) => ({
      id: property.name,
      type,
      title: titleOf(property.name),
    })),
  }
}
