/**
 * The fuzz's requests, generated deterministically (seeded) from the app's own route table: every
 * route as every role, its path parameters valid, out of scope and malformed, its query
 * parameters odd, its JSON body broken field by field, wrong content types, broken and enormous
 * multipart forms, deep and huge bodies, odd headers, wrong methods and unknown paths.
 */
import { createRandom, type Random } from '../../../lib/seeded-random.ts'
import type { Cast } from './cast.ts'
import { emptyFileParts, multipart, multipartType, onePixelPng, type Part } from './multipart.ts'
import { deepArray, deepObject, oddJsonValues, oddQueryValues, oddSegments } from './odd-values.ts'
import { inspectionBody, paramValues, routeInfo, type CastRole, type RouteInfo } from './routes.ts'

export type FuzzCase = {
  /** "METHOD /pattern" of the route it aims at (or "unknown path"). */
  route: string
  /** What is wrong with it, for the report. */
  label: string
  as: CastRole
  method: string
  /** Path and query, percent-encoded as sent. */
  path: string
  headers: Record<string, string>
  /** Built when sent, so thousands of cases do not hold their bodies at once. */
  body?: () => string | Uint8Array
}

const allRoles: CastRole[] = ['admin', 'county', 'town', 'grid', 'viewer', 'kiosk', 'personal', 'anonymous', 'forged']
const json = { 'content-type': 'application/json' }
const hugeBytes = 3 * 1024 * 1024

/** Every leaf of a JSON value as a path of keys (an array stands for its first element). */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length === 0 ? [path] : [path, ...leaves(value[0], [...path, 0])]
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, key]))
  }
  return [path]
}

/** A copy of `body` with the value at `path` replaced (or removed, for `remove`). */
function withValue(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value
  const copy = structuredClone(body) as Record<string | number, unknown>
  let at = copy
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (remove) {
    if (Array.isArray(at)) at.splice(Number(last), 1)
    else delete at[last]
  } else at[last] = value
  return copy
}

const describe = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > 24 ? `${text.slice(0, 20)}…(${text.length})` : text
}

/** Bodies of the wrong type for a route that reads JSON (or nothing). */
function wrongContentTypes(validJson: string): [string, Record<string, string>, () => string | Uint8Array][] {
  return [
    ['no content-type', {}, () => new TextEncoder().encode(validJson)],
    ['text/plain', { 'content-type': 'text/plain' }, () => validJson],
    ['form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, () => 'a=1&b=%00&c=%ED%A0%80'],
    ['multipart junk', { 'content-type': multipartType }, () => 'this is not a multipart body'],
    ['multipart 2,000 parts', { 'content-type': multipartType }, () => emptyFileParts('photos', 2000)],
    ['multipart, no boundary', { 'content-type': 'multipart/form-data' }, () => validJson],
    ['json charset=utf-16', { 'content-type': 'application/json; charset=utf-16' }, () => validJson],
    ['application/xml', { 'content-type': 'application/xml' }, () => '<a>1</a>'],
    ['json empty', json, () => ''],
    ['json truncated', json, () => '{"a":'],
    ['json two values', json, () => '{"a":1}{"b":2}'],
    ['json with BOM', json, () => `\ufeff${validJson}`],
    ['json invalid UTF-8', json, () => new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['json null', json, () => 'null'],
    ['json array', json, () => '[]'],
    ['json string', json, () => '"x"'],
    ['json number', json, () => '1e999'],
    ['json deep array 10k', json, () => deepArray(10_000)],
    ['json deep object 10k', json, () => deepObject(10_000)],
    ['json 3 MB', json, () => `{"pad":"${'x'.repeat(hugeBytes)}"}`],
    ['text/plain 3 MB', { 'content-type': 'text/plain' }, () => 'x'.repeat(hugeBytes)],
  ]
}

function photoForms(): [string, () => Buffer, boolean?][] {
  const png = (name = 'photos', filename = 'a.png'): Part => ({ name, filename, type: 'image/png', data: onePixelPng })
  return [
    [
      'form: text file as photo',
      () => multipart([{ name: 'photos', filename: 'a.txt', type: 'text/plain', data: 'hello' }]),
    ],
    ['form: stage NUL', () => multipart([png(), { name: 'stage', data: '\u0000' }])],
    ['form: stage 100 kB', () => multipart([png(), { name: 'stage', data: 'x'.repeat(100_000) }])],
    ['form: filename NUL + lone surrogate', () => multipart([png('photos', 'a\u0000\ud800.png')])],
    ['form: 10 photos', () => multipart(Array.from({ length: 10 }, () => png()))],
    ['form: unknown part', () => multipart([png(), { name: 'photos[]', data: 'x' }])],
    ['form: empty name', () => multipart([png(''), { name: '', data: 'x' }])],
    ['form: photos as a field', () => multipart([{ name: 'photos', data: 'not a file' }])],
    ['form: no parts', () => multipart([])],
    ['form: truncated', () => multipart([png()], { close: false })],
    ['form: 2,000 empty photos', () => emptyFileParts('photos', 2000)],
    [
      'form: 5 MB photo of zeros',
      () =>
        multipart([{ name: 'photos', filename: 'z.jpg', type: 'image/jpeg', data: new Uint8Array(5 * 1024 * 1024) }]),
    ],
  ]
}

function inspectionForms(valid: Record<string, unknown>): [string, () => Buffer][] {
  const body = JSON.stringify(valid)
  const png = (name: string): Part => ({ name, filename: 'a.png', type: 'image/png', data: onePixelPng })
  return [
    ['form: inspection junk JSON', () => multipart([{ name: 'inspection', data: '{' }])],
    ['form: inspection deep JSON', () => multipart([{ name: 'inspection', data: deepObject(10_000) }])],
    ['form: inspection NUL', () => multipart([{ name: 'inspection', data: body.replace('压测', '\\u0000') }])],
    ['form: no inspection part', () => multipart([png('hazards.0.photos')])],
    [
      'form: inspection twice',
      () =>
        multipart([
          { name: 'inspection', data: body },
          { name: 'inspection', data: '[]' },
        ]),
    ],
    ['form: photos of hazard 5', () => multipart([{ name: 'inspection', data: body }, png('hazards.5.photos')])],
    ['form: photos of hazard -1', () => multipart([{ name: 'inspection', data: body }, png('hazards.-1.photos')])],
    [
      'form: photos of hazard 1e30',
      () => multipart([{ name: 'inspection', data: body }, png('hazards.99999999999999999999999999999.photos')]),
    ],
    [
      'form: text file as photo',
      () =>
        multipart([
          { name: 'inspection', data: body },
          { name: 'hazards.0.photos', filename: 'a.txt', type: 'text/plain', data: 'hi' },
        ]),
    ],
    ['form: 2,000 empty photos', () => emptyFileParts('hazards.0.photos', 2000)],
  ]
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'FOO']

export function fuzzCases(
  cast: Cast,
  routes: readonly { method: string; path: string }[],
  seed = 'resilience',
): FuzzCase[] {
  const random: Random = createRandom(seed)
  const infos = routeInfo(cast)
  const cases: FuzzCase[] = []
  let n = 0
  const add = (c: Omit<FuzzCase, 'headers'> & { headers?: Record<string, string> }) => {
    n++
    cases.push({ headers: {}, ...c })
  }
  const byPath = new Map<string, Set<string>>()
  for (const { method, path } of routes) byPath.set(path, (byPath.get(path) ?? new Set()).add(method))

  for (const { method, path: pattern } of routes) {
    const route = `${method} ${pattern}`
    const info: RouteInfo = infos[route] ?? { as: 'county' }
    const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!)
    const fill = (overrides: Record<string, string> = {}) =>
      pattern.replace(/:(\w+)/g, (_, name: string) => overrides[name] ?? paramValues(cast, pattern, name).valid)
    const roles = allRoles.filter((role) => !info.never?.includes(role))
    const validBody = (k: number): Record<string, unknown> | undefined =>
      typeof info.body === 'function' ? info.body(k) : info.body === 'inspection' ? inspectionBody(cast, k) : undefined
    const jsonOf = (k: number) => JSON.stringify(validBody(k) ?? {})
    const writes = method !== 'GET' && method !== 'HEAD'
    const sendable = (k: number) =>
      info.body === 'photos'
        ? {
            headers: { 'content-type': multipartType },
            body: () => multipart([{ name: 'photos', filename: 'a.png', type: 'image/png', data: onePixelPng }]),
          }
        : writes
          ? { headers: json, body: () => jsonOf(k) }
          : {}

    for (const as of roles) add({ route, label: `as ${as}`, as, method, path: fill(), ...sendable(n) })
    for (const name of names) {
      const { other } = paramValues(cast, pattern, name)
      for (const as of ['grid', 'town'] as const) {
        add({ route, label: `${name} out of scope`, as, method, path: fill({ [name]: other }), ...sendable(n) })
      }
      for (const value of oddSegments) {
        add({
          route,
          label: `${name}=${describe(value)}`,
          as: info.as,
          method,
          path: fill({ [name]: value }),
          ...sendable(n),
        })
      }
    }
    for (const name of [...(info.query ?? []), 'zzz_unknown']) {
      for (const value of random.sample(oddQueryValues, 8)) {
        add({
          route,
          label: `?${name}=${describe(value)}`,
          as: info.as,
          method,
          path: `${fill()}?${encodeURIComponent(name)}=${value}`,
          ...sendable(n),
        })
      }
      add({
        route,
        label: `?${name} twice`,
        as: info.as,
        method,
        path: `${fill()}?${name}=1&${name}=2`,
        ...sendable(n),
      })
    }
    if (writes) {
      const start = validBody(n)
      if (start) {
        for (const leaf of leaves(start).filter((p) => p.length > 0)) {
          const where = leaf.join('.')
          for (const value of random.sample(oddJsonValues, 10)) {
            const k = n
            add({
              route,
              label: `${where}=${describe(value)}`,
              as: info.as,
              method,
              path: fill(),
              headers: json,
              body: () => JSON.stringify(withValue(validBody(k), leaf, value)),
            })
          }
          const k = n
          add({
            route,
            label: `${where} missing`,
            as: info.as,
            method,
            path: fill(),
            headers: json,
            body: () => JSON.stringify(withValue(validBody(k), leaf, undefined, true)),
          })
        }
        const k = n
        add({
          route,
          label: 'extra field',
          as: info.as,
          method,
          path: fill(),
          headers: json,
          body: () => JSON.stringify({ ...validBody(k), zzz: 1 }),
        })
      }
      for (const [label, headers, body] of wrongContentTypes(jsonOf(n))) {
        add({ route, label, as: info.as, method, path: fill(), headers, body })
      }
      if (info.body === 'photos') {
        for (const [label, body] of photoForms())
          add({ route, label, as: info.as, method, path: fill(), headers: { 'content-type': multipartType }, body })
      }
      if (info.body === 'inspection') {
        for (const [label, body] of inspectionForms(inspectionBody(cast, n))) {
          add({ route, label, as: info.as, method, path: fill(), headers: { 'content-type': multipartType }, body })
        }
      }
    }
    const headerCases: [string, Record<string, string>][] = [
      ['cookie 20 kB', { cookie: `sid=${'x'.repeat(20_000)}` }],
      ['bearer 10 kB', { authorization: `Bearer ${'x'.repeat(10_000)}` }],
      ['authorization Basic', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
      ['if-match junk', { 'if-match': '"\u00ff-1"' }],
      ['if-match -1', { 'if-match': 'W/"-1"' }],
      ['origin elsewhere', { origin: 'http://elsewhere.example' }],
      ['sec-fetch-site cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['x-forwarded-for junk', { 'x-forwarded-for': '999.1.1.1, %00, ::ffff:zz' }],
      ['accept-encoding junk', { 'accept-encoding': 'gzip;q=abc, br;q=-1, *;q=1e30' }],
      ['range junk', { range: 'bytes=-1-99999999999999999999' }],
    ]
    for (const [label, headers] of random.sample(headerCases, 4)) {
      const sent = sendable(n)
      add({
        route,
        label,
        as: info.as,
        method,
        path: fill(),
        ...sent,
        headers: { ...(sent.headers ?? {}), ...headers },
      })
    }
    for (const other of methods.filter((m) => !byPath.get(pattern)!.has(m))) {
      add({
        route,
        label: `method ${other}`,
        as: info.as,
        method: other,
        path: fill(),
        ...(other === 'GET' ? {} : { headers: json, body: () => '{}' }),
      })
    }
  }
  const unknownPaths = [
    '/api',
    '/api/',
    '/api/nope',
    '/api/hazards/',
    '/api/hazards/1/nope',
    '/api/hazards/1/photos/1/extra',
    '/ogc/collections/enterprises/items/',
    '/ogc/collections/%2e%2e',
    '/%00',
    '/api/%ED%A0%80',
    '/assets/x.js',
    '/assets/..%2F..%2Fpackage.json',
    '//api//hazards',
    '/healthz/x',
    '/API/AUTH/LOGIN',
    '/api/auth/login/',
    `/${'a'.repeat(10_000)}`,
    '/api/admin/users/1/../../tokens',
  ]
  for (const path of unknownPaths) {
    for (const as of ['county', 'anonymous'] as const) {
      add({ route: 'unknown path', label: path.length > 40 ? `${path.slice(0, 20)}…` : path, as, method: 'GET', path })
      add({
        route: 'unknown path',
        label: `POST ${path.length > 40 ? `${path.slice(0, 20)}…` : path}`,
        as,
        method: 'POST',
        path,
        headers: json,
        body: () => '{}',
      })
    }
  }
  return cases
}
