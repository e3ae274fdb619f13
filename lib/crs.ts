import gcoord from 'gcoord'
import proj4 from 'proj4'

/**
 * The coordinate systems a county's files and forms arrive in, converted to WGS84 in this one place
 * (issue 12): the importer, the editing routes and the web's coordinate fields all call it.
 *
 * - `EPSG:4326` WGS84 and `EPSG:4490` CGCS2000 geographic: the same to a few centimetres, passed through.
 * - `GCJ02` (AMap, Tencent) and `BD09` (Baidu): the obfuscated systems of Chinese web maps (gcoord).
 * - CGCS2000 3-degree Gauss-Krüger (proj4): `EPSG:4513`–`EPSG:4533` zones 25–45 with the zone number
 *   in front of the easting, `EPSG:4534`–`EPSG:4554` central meridians 75°E–135°E without it.
 *   Sheyang lies at 120°E: EPSG:4549 (CM 120°E) or EPSG:4528 (zone 40).
 */
export type Crs = string

export const wgs84 = 'EPSG:4326'

/** Central meridian (degrees E) of a 3-degree GK code, and whether the easting carries the zone. */
function gaussKruger(code: string): { meridian: number; zonePrefix: boolean } | undefined {
  const match = /^EPSG:(\d{4})$/.exec(code)
  if (!match) return undefined
  const n = Number(match[1])
  if (n >= 4513 && n <= 4533) return { meridian: (n - 4513 + 25) * 3, zonePrefix: true }
  if (n >= 4534 && n <= 4554) return { meridian: 75 + (n - 4534) * 3, zonePrefix: false }
  return undefined
}

const gkDefinition = ({ meridian, zonePrefix }: { meridian: number; zonePrefix: boolean }) =>
  `+proj=tmerc +lat_0=0 +lon_0=${meridian} +k=1 +x_0=${zonePrefix ? (meridian / 3) * 1_000_000 + 500_000 : 500_000} +y_0=0 +ellps=GRS80 +units=m +no_defs`

export interface CrsInfo {
  code: Crs
  /** What the UI shows (Chinese), e.g. "CGCS2000 3度带 中央经线 120°E (EPSG:4549)". */
  label: string
  kind: 'geographic' | 'obfuscated' | 'projected'
}

/** Every system offered in a list, Sheyang's own projected ones first after the geographic ones. */
export const crsChoices: readonly CrsInfo[] = [
  { code: 'EPSG:4326', label: 'WGS84 经纬度 (EPSG:4326, GPS)', kind: 'geographic' },
  { code: 'EPSG:4490', label: 'CGCS2000 经纬度 (EPSG:4490)', kind: 'geographic' },
  { code: 'GCJ02', label: 'GCJ-02 火星坐标 (高德、腾讯地图)', kind: 'obfuscated' },
  { code: 'BD09', label: 'BD-09 (百度地图)', kind: 'obfuscated' },
  { code: 'EPSG:4549', label: 'CGCS2000 3度带 中央经线 120°E (EPSG:4549)', kind: 'projected' },
  { code: 'EPSG:4528', label: 'CGCS2000 3度带 第40带 带号 (EPSG:4528)', kind: 'projected' },
  ...Array.from({ length: 21 }, (_, i): CrsInfo[] => {
    const meridian = 75 + i * 3
    if (meridian === 120) return []
    return [
      {
        code: `EPSG:${4534 + i}`,
        label: `CGCS2000 3度带 中央经线 ${meridian}°E (EPSG:${4534 + i})`,
        kind: 'projected',
      },
      { code: `EPSG:${4513 + i}`, label: `CGCS2000 3度带 第${25 + i}带 带号 (EPSG:${4513 + i})`, kind: 'projected' },
    ]
  }).flat(),
]

const byCode = new Map(crsChoices.map((c) => [c.code, c]))

/** The system's description, or undefined for a code this module does not convert. */
export function crsInfo(code: string): CrsInfo | undefined {
  return byCode.get(normaliseCrs(code))
}

/** Accepts "4549", "epsg:4549", "EPSG 4549", "gcj-02", "bd09ll", "wgs84", "CGCS2000" and the like. */
export function normaliseCrs(input: string): Crs {
  const s = input
    .trim()
    .toUpperCase()
    .replace(/[\s_-]/g, '')
  if (s === 'WGS84' || s === 'WGS1984' || s === '4326' || s === 'EPSG4326' || s === 'EPSG:4326') return 'EPSG:4326'
  if (s === 'CGCS2000' || s === '4490' || s === 'EPSG4490' || s === 'EPSG:4490') return 'EPSG:4490'
  if (s === 'GCJ02' || s === 'GCJ' || s === 'AMAP' || s === 'GAODE' || s === 'TENCENT') return 'GCJ02'
  if (s === 'BD09' || s === 'BD09LL' || s === 'BAIDU' || s === 'BMAP') return 'BD09'
  const digits = /^(?:EPSG:?)?(\d{4,5})$/.exec(s)
  if (digits) return `EPSG:${digits[1]}`
  return input.trim()
}

export class UnknownCrsError extends Error {
  constructor(readonly crs: string) {
    super(`不支持的坐标系 ${crs}`)
  }
}

type Converter = (xy: [number, number]) => [number, number]

const converters = new Map<Crs, Converter>()

/** A function from (x, y) in `crs` to (longitude, latitude) in WGS84; throws UnknownCrsError. */
export function toWgs84Converter(crs: string): Converter {
  const code = normaliseCrs(crs)
  const cached = converters.get(code)
  if (cached) return cached
  let converter: Converter
  if (code === 'EPSG:4326' || code === 'EPSG:4490') converter = (xy) => [xy[0], xy[1]]
  else if (code === 'GCJ02') converter = (xy) => gcoord.transform(xy, gcoord.GCJ02, gcoord.WGS84) as [number, number]
  else if (code === 'BD09') converter = (xy) => gcoord.transform(xy, gcoord.BD09, gcoord.WGS84) as [number, number]
  else {
    const gk = gaussKruger(code)
    if (!gk) throw new UnknownCrsError(crs)
    const projection = proj4(gkDefinition(gk), 'EPSG:4326')
    converter = (xy) => projection.forward(xy) as [number, number]
  }
  converters.set(code, converter)
  return converter
}

/** The inverse: WGS84 (longitude, latitude) into `crs` (exports, and the web's typed coordinates). */
export function fromWgs84Converter(crs: string): Converter {
  const code = normaliseCrs(crs)
  if (code === 'EPSG:4326' || code === 'EPSG:4490') return (xy) => [xy[0], xy[1]]
  if (code === 'GCJ02') return (xy) => gcoord.transform(xy, gcoord.WGS84, gcoord.GCJ02) as [number, number]
  if (code === 'BD09') return (xy) => gcoord.transform(xy, gcoord.WGS84, gcoord.BD09) as [number, number]
  const gk = gaussKruger(code)
  if (!gk) throw new UnknownCrsError(crs)
  const projection = proj4(gkDefinition(gk), 'EPSG:4326')
  return (xy) => projection.inverse(xy) as [number, number]
}

type Position = number[]
type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint' | 'LineString'; coordinates: Position[] }
  | { type: 'Polygon' | 'MultiLineString'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }

/** A GeoJSON geometry with every position converted (a new object; Z and M are dropped). */
export function geometryToWgs84<G extends Geometry>(geometry: G, crs: string): G {
  const convert = toWgs84Converter(crs)
  const walk = (c: unknown): unknown =>
    typeof (c as number[])[0] === 'number'
      ? convert([(c as number[])[0]!, (c as number[])[1]!])
      : (c as unknown[]).map(walk)
  return { ...geometry, coordinates: walk(geometry.coordinates) } as G
}

/**
 * The system a shapefile's .prj names, or undefined when it names none of ours (the caller asks the
 * user). Reads the WKT's names and, for a transverse Mercator, its central meridian and false easting.
 */
export function crsFromPrj(wkt: string): Crs | undefined {
  const text = wkt.replace(/\s+/g, ' ')
  const isProjected = /^\s*PROJCS|PROJCRS/i.test(text)
  const isCgcs = /CGCS.?2000|China.?Geodetic.?Coordinate.?System.?2000|China_2000/i.test(text)
  if (!isProjected) {
    if (isCgcs) return 'EPSG:4490'
    if (/WGS.?(19)?84/i.test(text)) return 'EPSG:4326'
    return undefined
  }
  if (!isCgcs || !/Transverse_Mercator|Gauss|GK/i.test(text)) return undefined
  const parameter = (name: string) => {
    const m = new RegExp(`PARAMETER\\["${name}",\\s*(-?[\\d.]+)`, 'i').exec(text)
    return m ? Number(m[1]) : undefined
  }
  const meridian =
    parameter('central_meridian') ??
    parameter('Longitude of natural origin') ??
    (() => {
      const m = /CM[_ ](\d{2,3})E/i.exec(text)
      return m ? Number(m[1]) : undefined
    })()
  const falseEasting = parameter('false_easting') ?? parameter('False easting')
  if (meridian === undefined || meridian % 3 !== 0 || meridian < 75 || meridian > 135) return undefined
  const zone = meridian / 3
  if (falseEasting !== undefined && Math.abs(falseEasting - (zone * 1_000_000 + 500_000)) < 1)
    return `EPSG:${4513 + zone - 25}`
  return `EPSG:${4534 + (meridian - 75) / 3}`
}

/**
 * A guess from the numbers alone: degrees, or eastings and northings of a GK zone (with the zone
 * number in front when the easting is in the tens of millions). Cannot tell WGS84 from GCJ-02 or
 * BD-09: the importer compares with records it already holds for that (server/imports).
 */
export function crsFromNumbers(points: readonly [number, number][]): Crs | undefined {
  if (points.length === 0) return undefined
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const all = (list: number[], test: (v: number) => boolean) => list.every(test)
  if (all(xs, (x) => x >= 73 && x <= 136) && all(ys, (y) => y >= 3 && y <= 54)) return 'EPSG:4326'
  if (all(ys, (y) => y >= 300_000 && y <= 6_000_000)) {
    if (all(xs, (x) => x >= 25_000_000 && x < 46_000_000)) {
      const zone = Math.floor(xs[0]! / 1_000_000)
      if (all(xs, (x) => Math.floor(x / 1_000_000) === zone)) return `EPSG:${4513 + zone - 25}`
    }
    // An easting without its zone: the county's own meridian, 120°E, is the likely one.
    if (all(xs, (x) => x >= 100_000 && x <= 900_000)) return 'EPSG:4549'
  }
  return undefined
}

/** Metres between two WGS84 points (haversine on the mean radius: enough for offsets and guesses). */
export function metresBetween(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180
  const dLat = (b[1] - a[1]) * rad
  const dLon = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)))
}
