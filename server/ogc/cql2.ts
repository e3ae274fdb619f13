import { badRequest } from '../api-error.ts'

/**
 * CQL2 (OGC 21-065r2), the subset OGC API – Features Part 3 clients send: comparisons, LIKE,
 * BETWEEN, IN, IS NULL, AND/OR/NOT, S_INTERSECTS with a geometry or BBOX literal — in the text
 * encoding (and GDAL ≤ 3.6's draft `cql-text`, which adds ILIKE) and the JSON encoding, both
 * parsed into the one tree below. Hand-written (no kept CQL2 parser exists for JavaScript; the one
 * CQL package kept, geostyler-cql-parser, reads GeoServer's ECQL into styling filters, not CQL2
 * and not JSON) with bounds so a hostile filter costs nothing: at most `maxFilterLength`
 * characters, `maxDepth` levels of nesting and `maxNodes` nodes; any error is a 400.
 */

export const maxFilterLength = 16_000
const maxDepth = 24
const maxNodes = 1_000

export type Scalar =
  | { kind: 'property'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: string }

/** A GeoJSON geometry (coordinates in filter-crs) or a bbox [minX, minY, maxX, maxY]. */
export type Spatial =
  | { kind: 'property'; name: string }
  | { kind: 'geometry'; geometry: { type: string; coordinates: unknown } }
  | { kind: 'bbox'; bbox: [number, number, number, number] }

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>='

export type Cql =
  | { op: 'and' | 'or'; args: Cql[] }
  | { op: 'not'; arg: Cql }
  | { op: 'compare'; comparison: Comparison; left: Scalar; right: Scalar }
  | { op: 'like'; value: Scalar; pattern: Scalar; caseInsensitive: boolean }
  | { op: 'between'; value: Scalar; low: Scalar; high: Scalar }
  | { op: 'in'; value: Scalar; list: Scalar[] }
  | { op: 'isNull'; value: Scalar }
  | { op: 's_intersects'; left: Spatial; right: Spatial }
  | { op: 'literal'; value: boolean }

export const filterLangs = ['cql2-text', 'cql2-json', 'cql-text'] as const
export type FilterLang = (typeof filterLangs)[number]

export const cqlError = (message: string) => badRequest(`filter: ${message}`, { parameter: 'filter' })

/**
 * A string literal, refused here when it holds a control character (a NUL would reach PostgreSQL
 * as an encoding error), as server/http/values.ts refuses them in every other text.
 */
function stringLiteral(value: string): Scalar {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw cqlError('a string holds a control character')
  return { kind: 'string', value }
}

/** Counts nodes and nesting for both encodings. */
export class Budget {
  private nodes = 0
  node(depth: number) {
    if (++this.nodes > maxNodes) throw cqlError(`more than ${maxNodes} terms`)
    if (depth > maxDepth) throw cqlError(`nested more than ${maxDepth} levels deep`)
  }
}

// ————— cql2-text —————

type Token =
  | { type: 'word'; text: string; upper: string; at: number }
  | { type: 'quoted'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'punct'; text: string; at: number }
  | { type: 'end'; at: number }

const numberPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/
const wordPattern = /^[A-Za-z_][A-Za-z0-9_]*/

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const rest = text.slice(i)
    const space = /^\s+/.exec(rest)
    if (space) {
      i += space[0].length
      continue
    }
    const at = i
    const char = text[i]!
    if (char === "'" || char === '"') {
      // '' inside a string and "" inside a quoted identifier stand for one quote.
      let value = ''
      let j = i + 1
      for (;;) {
        if (j >= text.length) throw cqlError(`unterminated ${char === "'" ? 'string' : 'quoted name'} at ${at}`)
        if (text[j] === char) {
          if (text[j + 1] === char) {
            value += char
            j += 2
            continue
          }
          break
        }
        value += text[j]
        j += 1
      }
      tokens.push({ type: char === "'" ? 'string' : 'quoted', text: value, at })
      i = j + 1
      continue
    }
    const operator = /^(<>|<=|>=|!=|[=<>(),])/.exec(rest)
    // A sign belongs to a number only where an operand is expected, never after one.
    const previous = tokens.at(-1)
    const operandExpected =
      !previous ||
      (previous.type === 'punct' && previous.text !== ')') ||
      (previous.type === 'word' && isKeyword(previous.upper))
    const number = numberPattern.exec(rest)
    if (number && (operandExpected || !/^[+-]/.test(rest))) {
      const value = Number(number[0])
      if (!Number.isFinite(value)) throw cqlError(`number ${number[0].slice(0, 30)} at ${at} is too large`)
      tokens.push({ type: 'number', value, at })
      i += number[0].length
      continue
    }
    if (operator) {
      tokens.push({ type: 'punct', text: operator[0] === '!=' ? '<>' : operator[0], at })
      i += operator[0].length
      continue
    }
    const word = wordPattern.exec(rest)
    if (word) {
      tokens.push({ type: 'word', text: word[0], upper: word[0].toUpperCase(), at })
      i += word[0].length
      continue
    }
    throw cqlError(`unexpected character "${char}" at ${at}`)
  }
  tokens.push({ type: 'end', at: text.length })
  return tokens
}

const keywords = new Set(['AND', 'OR', 'NOT', 'LIKE', 'ILIKE', 'BETWEEN', 'IN', 'IS', 'NULL'])
const isKeyword = (upper: string) => keywords.has(upper)
const geometryWords = new Set(['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON'])
const comparisons = new Set<string>(['=', '<>', '<', '<=', '>', '>='])

class TextParser {
  private index = 0
  private readonly budget = new Budget()
  constructor(
    private readonly tokens: Token[],
    private readonly lang: FilterLang,
  ) {}

  parse(): Cql {
    const expr = this.or(0)
    const last = this.peek()
    if (last.type !== 'end') throw cqlError(`unexpected ${describe(last)} at ${last.at}`)
    return expr
  }

  private peek(): Token {
    return this.tokens[this.index]!
  }
  private next(): Token {
    const token = this.tokens[this.index]!
    if (token.type !== 'end') this.index += 1
    return token
  }
  private isWord(upper: string): boolean {
    const token = this.peek()
    return token.type === 'word' && token.upper === upper
  }
  private acceptWord(upper: string): boolean {
    if (!this.isWord(upper)) return false
    this.index += 1
    return true
  }
  private expectWord(upper: string) {
    if (!this.acceptWord(upper)) this.fail(upper)
  }
  private isPunct(text: string): boolean {
    const token = this.peek()
    return token.type === 'punct' && token.text === text
  }
  private expectPunct(text: string) {
    if (!this.isPunct(text)) this.fail(`"${text}"`)
    this.index += 1
  }
  private fail(expected: string): never {
    const token = this.peek()
    throw cqlError(`expected ${expected} but found ${describe(token)} at ${token.at}`)
  }

  private or(depth: number): Cql {
    this.budget.node(depth)
    const args = [this.and(depth + 1)]
    while (this.acceptWord('OR')) args.push(this.and(depth + 1))
    return args.length === 1 ? args[0]! : { op: 'or', args }
  }
  private and(depth: number): Cql {
    this.budget.node(depth)
    const args = [this.not(depth + 1)]
    while (this.acceptWord('AND')) args.push(this.not(depth + 1))
    return args.length === 1 ? args[0]! : { op: 'and', args }
  }
  private not(depth: number): Cql {
    this.budget.node(depth)
    if (this.acceptWord('NOT')) return { op: 'not', arg: this.not(depth + 1) }
    return this.primary(depth + 1)
  }
  private primary(depth: number): Cql {
    if (this.isPunct('(')) {
      this.index += 1
      const inner = this.or(depth + 1)
      this.expectPunct(')')
      return inner
    }
    if (this.isWord('S_INTERSECTS')) {
      this.index += 1
      this.expectPunct('(')
      const left = this.spatial(depth + 1)
      this.expectPunct(',')
      const right = this.spatial(depth + 1)
      this.expectPunct(')')
      return { op: 's_intersects', left, right }
    }
    const value = this.scalar()
    return this.predicate(value)
  }

  private predicate(value: Scalar): Cql {
    const token = this.peek()
    if (token.type === 'punct' && comparisons.has(token.text)) {
      this.index += 1
      return { op: 'compare', comparison: token.text as Comparison, left: value, right: this.scalar() }
    }
    const negated = this.acceptWord('NOT')
    const wrap = (expr: Cql): Cql => (negated ? { op: 'not', arg: expr } : expr)
    if (this.acceptWord('LIKE')) return wrap({ op: 'like', value, pattern: this.scalar(), caseInsensitive: false })
    if (this.lang === 'cql-text' && this.acceptWord('ILIKE')) {
      return wrap({ op: 'like', value, pattern: this.scalar(), caseInsensitive: true })
    }
    if (this.acceptWord('BETWEEN')) {
      const low = this.scalar()
      this.expectWord('AND')
      return wrap({ op: 'between', value, low, high: this.scalar() })
    }
    if (this.acceptWord('IN')) {
      this.expectPunct('(')
      const list = [this.scalar()]
      while (this.isPunct(',')) {
        this.index += 1
        list.push(this.scalar())
        this.budget.node(0)
      }
      this.expectPunct(')')
      return wrap({ op: 'in', value, list })
    }
    if (!negated && this.acceptWord('IS')) {
      const not = this.acceptWord('NOT')
      this.expectWord('NULL')
      const isNull: Cql = { op: 'isNull', value }
      return not ? { op: 'not', arg: isNull } : isNull
    }
    if (!negated && value.kind === 'boolean') return { op: 'literal', value: value.value }
    return this.fail(
      negated ? 'LIKE, BETWEEN or IN after NOT' : 'a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL)',
    )
  }

  private scalar(): Scalar {
    const token = this.next()
    switch (token.type) {
      case 'string':
        return stringLiteral(token.text)
      case 'number':
        return { kind: 'number', value: token.value }
      case 'quoted':
        return { kind: 'property', name: token.text }
      case 'word': {
        if (token.upper === 'TRUE' || token.upper === 'FALSE') return { kind: 'boolean', value: token.upper === 'TRUE' }
        if (token.upper === 'DATE' || token.upper === 'TIMESTAMP') {
          this.expectPunct('(')
          const text = this.next()
          if (text.type !== 'string') throw cqlError(`${token.upper}( takes a quoted string, at ${text.at}`)
          this.expectPunct(')')
          return { kind: token.upper === 'DATE' ? 'date' : 'timestamp', value: text.text }
        }
        if (isKeyword(token.upper)) throw cqlError(`expected a value but found ${token.text} at ${token.at}`)
        return { kind: 'property', name: token.text }
      }
      default:
        throw cqlError(`expected a value but found ${describe(token)} at ${token.at}`)
    }
  }

  private spatial(depth: number): Spatial {
    this.budget.node(depth)
    const token = this.peek()
    if (token.type === 'quoted') {
      this.index += 1
      return { kind: 'property', name: token.text }
    }
    if (token.type !== 'word') return this.fail('a geometry property or literal')
    this.index += 1
    if (token.upper === 'BBOX' || token.upper === 'ENVELOPE') {
      this.expectPunct('(')
      const numbers = [this.number()]
      while (this.isPunct(',')) {
        this.index += 1
        numbers.push(this.number())
      }
      this.expectPunct(')')
      if (numbers.length !== 4 && numbers.length !== 6) throw cqlError('BBOX takes 4 numbers (or 6 with heights)')
      const [a, b, c, d] = (numbers.length === 6 ? [0, 1, 3, 4] : [0, 1, 2, 3]).map((i) => numbers[i]!)
      return { kind: 'bbox', bbox: [a!, b!, c!, d!] }
    }
    if (!geometryWords.has(token.upper)) return { kind: 'property', name: token.text }
    const type = {
      POINT: 'Point',
      LINESTRING: 'LineString',
      POLYGON: 'Polygon',
      MULTIPOINT: 'MultiPoint',
      MULTILINESTRING: 'MultiLineString',
      MULTIPOLYGON: 'MultiPolygon',
    }[token.upper]!
    // Nesting of the coordinate lists: 0 = one position, 1 = a list of positions, ….
    const levels = { Point: 0, LineString: 1, MultiPoint: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3 }[type]!
    this.acceptWord('Z')
    this.expectPunct('(')
    const coordinates = levels === 0 ? this.position() : this.positions(levels, depth + 1, type === 'MultiPoint')
    this.expectPunct(')')
    return { kind: 'geometry', geometry: { type, coordinates } }
  }

  private number(): number {
    const token = this.next()
    if (token.type !== 'number') throw cqlError(`expected a number but found ${describe(token)} at ${token.at}`)
    return token.value
  }
  private position(): number[] {
    const position = [this.number(), this.number()]
    if (this.peek().type === 'number') position.push(this.number())
    this.budget.node(0)
    return position
  }
  /** `levels` nested lists of positions, the outer parenthesis already read. */
  private positions(levels: number, depth: number, multiPoint: boolean): unknown[] {
    this.budget.node(depth)
    const item = (): unknown => {
      if (levels === 1) {
        // MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4) are both written.
        if (multiPoint && this.isPunct('(')) {
          this.index += 1
          const position = this.position()
          this.expectPunct(')')
          return position
        }
        return this.position()
      }
      this.expectPunct('(')
      const inner = this.positions(levels - 1, depth + 1, multiPoint)
      this.expectPunct(')')
      return inner
    }
    const list = [item()]
    while (this.isPunct(',')) {
      this.index += 1
      list.push(item())
    }
    return list
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the filter'
    case 'number':
      return `number ${token.value}`
    case 'string':
      return `string '${token.text.slice(0, 40)}'`
    case 'quoted':
      return `"${token.text.slice(0, 40)}"`
    default:
      return `"${token.text.slice(0, 40)}"`
  }
}

export function parseCqlText(text: string, lang: FilterLang): Cql {
  return new TextParser(tokenize(text), lang).parse()
}

// ————— cql2-json —————

const jsonComparisons: Record<string, Comparison> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' }
const geometryTypes = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

class JsonParser {
  private readonly budget = new Budget()

  expr(node: unknown, depth: number): Cql {
    this.budget.node(depth)
    if (typeof node === 'boolean') return { op: 'literal', value: node }
    if (!isObject(node) || typeof node.op !== 'string' || !Array.isArray(node.args)) {
      throw cqlError('each cql2-json expression is {"op": …, "args": [...]} (or true / false)')
    }
    const op = node.op.toLowerCase()
    const args: unknown[] = node.args
    const arity = (n: number) => {
      if (args.length !== n) throw cqlError(`"${node.op}" takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`)
    }
    switch (op) {
      case 'and':
      case 'or':
        if (args.length < 2) throw cqlError(`"${op}" takes at least 2 arguments`)
        return { op, args: args.map((arg) => this.expr(arg, depth + 1)) }
      case 'not':
        arity(1)
        return { op: 'not', arg: this.expr(args[0], depth + 1) }
      case 'like':
        arity(2)
        return { op: 'like', value: this.scalar(args[0]), pattern: this.scalar(args[1]), caseInsensitive: false }
      case 'between':
        arity(3)
        return { op: 'between', value: this.scalar(args[0]), low: this.scalar(args[1]), high: this.scalar(args[2]) }
      case 'in': {
        arity(2)
        const list = args[1]
        if (!Array.isArray(list) || list.length === 0) throw cqlError('"in" takes a value and a non-empty array')
        return {
          op: 'in',
          value: this.scalar(args[0]),
          list: list.map((item) => (this.budget.node(0), this.scalar(item))),
        }
      }
      case 'isnull':
        arity(1)
        return { op: 'isNull', value: this.scalar(args[0]) }
      case 's_intersects':
        arity(2)
        return { op: 's_intersects', left: this.spatial(args[0]), right: this.spatial(args[1]) }
      default: {
        const comparison = jsonComparisons[op]
        if (!comparison) throw cqlError(`unknown operator "${node.op.slice(0, 40)}"`)
        arity(2)
        return { op: 'compare', comparison, left: this.scalar(args[0]), right: this.scalar(args[1]) }
      }
    }
  }

  private scalar(node: unknown): Scalar {
    if (typeof node === 'string') return stringLiteral(node)
    if (typeof node === 'number' && Number.isFinite(node)) return { kind: 'number', value: node }
    if (typeof node === 'boolean') return { kind: 'boolean', value: node }
    if (isObject(node)) {
      if (typeof node.property === 'string') return { kind: 'property', name: node.property }
      if (typeof node.date === 'string') return { kind: 'date', value: node.date }
      if (typeof node.timestamp === 'string') return { kind: 'timestamp', value: node.timestamp }
    }
    throw cqlError('a value is a string, number, boolean, {"property": …}, {"date": …} or {"timestamp": …}')
  }

  private spatial(node: unknown): Spatial {
    if (isObject(node)) {
      if (typeof node.property === 'string') return { kind: 'property', name: node.property }
      if (Array.isArray(node.bbox) && (node.bbox.length === 4 || node.bbox.length === 6)) {
        const numbers = node.bbox as unknown[]
        if (numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) {
          const [a, b, c, d] = (numbers.length === 6 ? [0, 1, 3, 4] : [0, 1, 2, 3]).map((i) => numbers[i] as number)
          return { kind: 'bbox', bbox: [a!, b!, c!, d!] }
        }
      }
      if (typeof node.type === 'string' && geometryTypes.has(node.type) && Array.isArray(node.coordinates)) {
        this.coordinates(node.coordinates, 0)
        return { kind: 'geometry', geometry: { type: node.type, coordinates: node.coordinates } }
      }
    }
    throw cqlError('a spatial argument is {"property": …}, a GeoJSON geometry or {"bbox": [4 numbers]}')
  }

  /** Counts the numbers of a coordinates array and checks they are finite numbers. */
  private coordinates(node: unknown, depth: number) {
    this.budget.node(depth)
    if (!Array.isArray(node)) throw cqlError('geometry coordinates must be nested arrays of numbers')
    for (const item of node as unknown[]) {
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) throw cqlError('geometry coordinates must be finite numbers')
        this.budget.node(depth)
      } else this.coordinates(item, depth + 1)
    }
  }
}

export function parseCqlJson(text: string): Cql {
  let node: unknown
  try {
    node = JSON.parse(text)
  } catch {
    throw cqlError('not valid JSON (filter-lang=cql2-json)')
  }
  return new JsonParser().expr(node, 0)
}

/** The filter parameter as a tree, whichever encoding; a 400 naming the problem otherwise. */
export function parseFilter(text: string, lang: FilterLang): Cql {
  if (text.length > maxFilterLength) throw cqlError(`longer than ${maxFilterLength} characters`)
  if (text.trim() === '') throw cqlError('empty')
  return lang === 'cql2-json' ? parseCqlJson(text) : parseCqlText(text, lang)
}
