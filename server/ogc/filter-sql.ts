import { sql, type SQL } from 'drizzle-orm'
import type { Collection, Property, ValueType } from './collections.ts'
import { axisNames, bboxInCrs, inBounds, type Crs } from './crs.ts'
import { cqlError, type Cql, type Scalar, type Spatial } from './cql2.ts'
import { calendarDate, localDate } from './datetime.ts'
import { geometryName, queryablesOf, type Queryable } from './queryables.ts'

/**
 * A CQL2 tree as a WHERE condition. Property names resolve only to the collection's own
 * expressions (server/ogc/collections.ts); every literal is a bound parameter with an explicit
 * cast — no text of the filter ever reaches the SQL. Types are checked here, so a filter that
 * compares a number with a text, names an unknown property or writes an impossible date is a 400
 * before the database sees it.
 */
export function filterCondition(collection: Collection, cql: Cql, filterCrs: Crs): SQL {
  return new Translator(collection, queryablesOf(collection), filterCrs).condition(cql)
}

const exprOf = (property: Property) => (typeof property.expr === 'string' ? sql.raw(property.expr) : property.expr)

type Typed = { sql: SQL; type: ValueType; queryable?: Queryable }

const literalType = (scalar: Scalar): string =>
  scalar.kind === 'property' ? 'a property' : scalar.kind === 'string' ? 'a text' : `a ${scalar.kind}`

class Translator {
  constructor(
    private readonly collection: Collection,
    private readonly queryables: Map<string, Queryable>,
    private readonly crs: Crs,
  ) {}

  condition(cql: Cql): SQL {
    switch (cql.op) {
      case 'and':
      case 'or':
        return sql`(${sql.join(
          cql.args.map((arg) => this.condition(arg)),
          cql.op === 'and' ? sql` AND ` : sql` OR `,
        )})`
      case 'not':
        // NOT of a NULL comparison is NULL, which WHERE treats as false, as CQL2 wants.
        return sql`(NOT ${this.condition(cql.arg)})`
      case 'literal':
        return cql.value ? sql`true` : sql`false`
      case 'isNull':
        return sql`(${this.operand(cql.value, undefined).sql} IS NULL)`
      case 'compare': {
        const [left, right] = this.pair(cql.left, cql.right)
        if (cql.comparison !== '=' && cql.comparison !== '<>' && left.type === 'boolean') {
          throw cqlError(`${cql.comparison} does not apply to true/false values; use = or <>`)
        }
        return sql`(${left.sql} ${sql.raw(cql.comparison)} ${right.sql})`
      }
      case 'like': {
        const [value, pattern] = this.pair(cql.value, cql.pattern)
        if (value.type !== 'string') throw cqlError('LIKE compares texts')
        return sql`(${value.sql} ${sql.raw(cql.caseInsensitive ? 'ILIKE' : 'LIKE')} ${pattern.sql})`
      }
      case 'between': {
        const value = this.operand(cql.value, undefined)
        if (value.type === 'boolean' || value.type === 'string') throw cqlError('BETWEEN compares numbers or dates')
        const low = this.operand(cql.low, value)
        const high = this.operand(cql.high, value)
        return sql`(${value.sql} BETWEEN ${low.sql} AND ${high.sql})`
      }
      case 'in': {
        const value = this.operand(cql.value, undefined)
        const list = cql.list.map((item) => this.operand(item, value).sql)
        return sql`(${value.sql} IN (${sql.join(list, sql`, `)}))`
      }
      case 's_intersects':
        return this.intersects(cql.left, cql.right)
    }
  }

  /** Two operands of one comparison: a property's type decides how the other is read. */
  private pair(left: Scalar, right: Scalar): [Typed, Typed] {
    if (left.kind !== 'property' && right.kind === 'property') {
      const typedRight = this.operand(right, undefined)
      return [this.operand(left, typedRight), typedRight]
    }
    const typedLeft = this.operand(left, undefined)
    return [typedLeft, this.operand(right, typedLeft)]
  }

  /** A scalar as SQL of a known type; `other`, when given, is what it is compared with. */
  private operand(scalar: Scalar, other: Typed | undefined): Typed {
    if (scalar.kind === 'property') {
      const queryable = this.queryables.get(scalar.name)
      if (!queryable) {
        throw cqlError(
          `unknown property "${scalar.name.slice(0, 60)}" in ${this.collection.id}; queryables: ${[...this.queryables.keys()].join(', ')}`,
        )
      }
      const typed = { sql: exprOf(queryable.property), type: queryable.type, queryable }
      if (other && !compatible(other.type, typed.type)) {
        throw cqlError(`${scalar.name} is ${article(typed.type)} and cannot be compared with ${article(other.type)}`)
      }
      return typed
    }
    const type = other?.type ?? naturalType(scalar)
    return { sql: this.literal(scalar, type, other), type }
  }

  private literal(scalar: Exclude<Scalar, { kind: 'property' }>, type: ValueType, other: Typed | undefined): SQL {
    const against = other?.queryable ? other.queryable.property.name : 'the value'
    const mismatch = () => cqlError(`${against} is ${article(type)}; ${literalType(scalar)} cannot be compared with it`)
    switch (type) {
      case 'string': {
        if (scalar.kind !== 'string') throw mismatch()
        const filter = other?.queryable?.property.filter
        if (filter?.kind === 'enum' && !filter.values.includes(scalar.value) && !/[%_]/.test(scalar.value)) {
          throw cqlError(`${against} is one of: ${filter.values.join(', ')}; "${scalar.value.slice(0, 40)}" is not`)
        }
        return sql`${scalar.value}::text`
      }
      case 'integer':
      case 'number':
        if (scalar.kind !== 'number') throw mismatch()
        return sql`${scalar.value}::float8`
      case 'boolean':
        if (scalar.kind !== 'boolean') throw mismatch()
        return sql`${scalar.value}::boolean`
      case 'date': {
        if (scalar.kind !== 'date' && scalar.kind !== 'timestamp' && scalar.kind !== 'string') throw mismatch()
        const date = scalar.kind === 'date' ? calendarDate(scalar.value) : localDate(scalar.value)
        if (!date) throw cqlError(`"${scalar.value.slice(0, 40)}" is not a date (YYYY-MM-DD) or RFC 3339 timestamp`)
        return sql`${date}::text::date`
      }
    }
  }

  private intersects(left: Spatial, right: Spatial): SQL {
    const [property, literal] = left.kind === 'property' ? [left, right] : [right, left]
    if (property.kind !== 'property' || property.name !== geometryName) {
      throw cqlError(`S_INTERSECTS takes the ${geometryName} property and a geometry or BBOX literal`)
    }
    if (literal.kind === 'property') throw cqlError('S_INTERSECTS compares the geometry with a literal')
    return sql`ST_Intersects(t.geom, ${this.geometry(literal)})`
  }

  /** A literal geometry in filter-crs as a 4326 geometry (axes flipped where the CRS is north first). */
  private geometry(literal: Exclude<Spatial, { kind: 'property' }>): SQL {
    const crs = this.crs
    let geometry: SQL
    if (literal.kind === 'bbox') {
      const {
        xy: [minX, minY, maxX, maxY],
      } = bboxInCrs(literal.bbox, crs, literal.bbox.join(','), 'filter BBOX')
      geometry = sql`ST_MakeEnvelope(${minX}::float8, ${minY}::float8, ${maxX}::float8, ${maxY}::float8, ${crs.srid}::int)`
    } else {
      checkGeometry(literal.geometry, crs)
      const parsed = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(literal.geometry)}::text), ${crs.srid}::int)`
      const xy = crs.northFirst ? sql`ST_FlipCoordinates(${parsed})` : parsed
      // A self-crossing polygon is made valid rather than refused: GIS clients send what users draw.
      geometry = /Polygon/.test(literal.geometry.type) ? sql`ST_MakeValid(${xy})` : xy
    }
    return crs.srid === 4326 ? geometry : sql`ST_Transform(${geometry}, 4326)`
  }
}

const naturalType = (scalar: Exclude<Scalar, { kind: 'property' }>): ValueType =>
  scalar.kind === 'timestamp'
    ? 'date'
    : scalar.kind === 'number'
      ? 'number'
      : scalar.kind === 'string'
        ? 'string'
        : scalar.kind

const numeric = (type: ValueType) => type === 'integer' || type === 'number'
const compatible = (a: ValueType, b: ValueType) => a === b || (numeric(a) && numeric(b))
const article = (type: ValueType) => (type === 'integer' ? 'an integer' : type === 'string' ? 'a text' : `a ${type}`)

/** Shape, finiteness and bounds of a GeoJSON literal, so PostGIS never errors on it. */
function checkGeometry(geometry: { type: string; coordinates: unknown }, crs: Crs) {
  const position = (value: unknown) => {
    if (!Array.isArray(value) || value.length < 2 || value.length > 3 || !value.every((n) => typeof n === 'number')) {
      throw cqlError(`${geometry.type}: a position is 2 or 3 numbers`)
    }
    const [a, b] = value as number[]
    const [x, y] = crs.northFirst ? [b!, a!] : [a!, b!]
    if (!inBounds(crs, x, y)) {
      throw cqlError(
        `${geometry.type} is outside ${crs.uri}: ${crs.boundsText} (axis order ${axisNames(crs).join(', ')})`,
      )
    }
  }
  const list = (value: unknown, min: number, each: (item: unknown) => void) => {
    if (!Array.isArray(value) || value.length < min)
      throw cqlError(`${geometry.type} needs at least ${min} positions or parts`)
    value.forEach(each)
  }
  const ring = (value: unknown) => {
    list(value, 4, position)
    const points = value as number[][]
    if (points[0]!.join() !== points.at(-1)!.join()) throw cqlError(`${geometry.type}: a ring must end where it starts`)
  }
  const c = geometry.coordinates
  switch (geometry.type) {
    case 'Point':
      return position(c)
    case 'MultiPoint':
      return list(c, 1, position)
    case 'LineString':
      return list(c, 2, position)
    case 'MultiLineString':
      return list(c, 1, (line) => list(line, 2, position))
    case 'Polygon':
      return list(c, 1, ring)
    case 'MultiPolygon':
      return list(c, 1, (polygon) => list(polygon, 1, ring))
  }
}
