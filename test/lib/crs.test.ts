import { describe, expect, it } from 'vitest'
import {
  crsFromNumbers,
  crsFromPrj,
  fromWgs84Converter,
  geometryToWgs84,
  metresBetween,
  normaliseCrs,
  toWgs84Converter,
  UnknownCrsError,
} from '../../lib/crs.ts'

// Known WGS84 positions in and around Sheyang and their CGCS2000 3-degree GK coordinates, computed
// with PROJ's cs2cs 9 (`cs2cs EPSG:4326 EPSG:4549` / `EPSG:4528`), not with proj4js.
const gaussKruger = [
  { wgs84: [120.25, 33.77], cm120: [523158.2864, 3738177.8547] },
  { wgs84: [120.5, 33.9], cm120: [546246.675, 3752681.8424] },
  { wgs84: [119.9, 33.6], cm120: [490718.4424, 3719298.4122] },
] as const

// The published GCJ-02 and BD-09 forward formulas (the Krasovsky-ellipsoid offset and Baidu's
// rotation), written out here as an oracle independent of gcoord, which lib/crs.ts uses.
function gcj02FromWgs84([lon, lat]: readonly [number, number]): [number, number] {
  const a = 6378245.0
  const ee = 0.006693421622965943
  const x = lon - 105.0
  const y = lat - 35.0
  let dLat =
    -100.0 +
    2.0 * x +
    3.0 * y +
    0.2 * y * y +
    0.1 * x * y +
    0.2 * Math.sqrt(Math.abs(x)) +
    ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0 +
    ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0 +
    ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  let dLon =
    300.0 +
    x +
    2.0 * y +
    0.1 * x * x +
    0.1 * x * y +
    0.1 * Math.sqrt(Math.abs(x)) +
    ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0 +
    ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0 +
    ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  const radLat = (lat / 180.0) * Math.PI
  const magic = 1 - ee * Math.sin(radLat) ** 2
  const sqrtMagic = Math.sqrt(magic)
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI)
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lon + dLon, lat + dLat]
}

function bd09FromGcj02([lon, lat]: readonly [number, number]): [number, number] {
  const xPi = (Math.PI * 3000.0) / 180.0
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * xPi)
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * xPi)
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006]
}

describe('coordinate systems (lib/crs.ts)', () => {
  it('converts CGCS2000 Gauss-Krüger eastings and northings to within a centimetre of PROJ', () => {
    for (const { wgs84, cm120 } of gaussKruger) {
      const plain = toWgs84Converter('EPSG:4549')([cm120[0], cm120[1]])
      const zoned = toWgs84Converter('EPSG:4528')([cm120[0] + 40_000_000, cm120[1]])
      expect(metresBetween(plain, wgs84)).toBeLessThan(0.01)
      expect(metresBetween(zoned, wgs84)).toBeLessThan(0.01)
      const back = fromWgs84Converter('EPSG:4549')([wgs84[0], wgs84[1]])
      expect(Math.abs(back[0] - cm120[0]) + Math.abs(back[1] - cm120[1])).toBeLessThan(0.01)
    }
  })

  it('undoes GCJ-02 and BD-09 to within a metre of the WGS84 position the published formulas started from', () => {
    for (const { wgs84 } of gaussKruger) {
      const gcj = gcj02FromWgs84(wgs84)
      const bd = bd09FromGcj02(gcj)
      // The offsets are the few hundred metres that make an unconverted file visibly wrong.
      expect(metresBetween(gcj, wgs84)).toBeGreaterThan(200)
      expect(metresBetween(bd, wgs84)).toBeGreaterThan(500)
      expect(metresBetween(toWgs84Converter('GCJ02')(gcj), wgs84)).toBeLessThan(1)
      expect(metresBetween(toWgs84Converter('BD09')(bd), wgs84)).toBeLessThan(1)
      expect(metresBetween(fromWgs84Converter('GCJ02')([wgs84[0], wgs84[1]]), gcj)).toBeLessThan(1)
      expect(metresBetween(fromWgs84Converter('BD09')([wgs84[0], wgs84[1]]), bd)).toBeLessThan(1)
    }
  })

  it('passes WGS84 and CGCS2000 degrees through, and converts every position of a polygon', () => {
    expect(toWgs84Converter('EPSG:4490')([120.25, 33.77])).toEqual([120.25, 33.77])
    const ring = gaussKruger.map((p) => [p.cm120[0], p.cm120[1], 5])
    const polygon = geometryToWgs84({ type: 'Polygon', coordinates: [[...ring, ring[0]!]] }, 'EPSG:4549')
    expect(polygon.coordinates[0]).toHaveLength(4)
    polygon.coordinates[0]!.forEach((position, i) => {
      expect(position).toHaveLength(2)
      expect(metresBetween(position as [number, number], gaussKruger[i % 3]!.wgs84)).toBeLessThan(0.01)
    })
  })

  it('reads the system from the names people write and refuses one it does not know', () => {
    expect(['wgs84', '4326', 'epsg:4326', 'EPSG 4326'].map(normaliseCrs)).toEqual(Array(4).fill('EPSG:4326'))
    expect(['gcj-02', 'AMap', 'gcj02'].map(normaliseCrs)).toEqual(Array(3).fill('GCJ02'))
    expect(['bd09ll', 'Baidu', 'BD-09'].map(normaliseCrs)).toEqual(Array(3).fill('BD09'))
    expect(normaliseCrs('cgcs2000')).toBe('EPSG:4490')
    expect(() => toWgs84Converter('EPSG:3857')).toThrow(UnknownCrsError)
    expect(() => toWgs84Converter('北京54')).toThrow(UnknownCrsError)
  })

  it('guesses the system from a .prj as ArcGIS and QGIS write them', () => {
    const geogcs =
      'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]'
    const arcgis = (name: string, easting: number) =>
      `PROJCS["${name}",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",${easting}],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
    expect(crsFromPrj(arcgis('CGCS2000_3_Degree_GK_CM_120E', 500000))).toBe('EPSG:4549')
    expect(crsFromPrj(arcgis('CGCS2000_3_Degree_GK_Zone_40', 40500000))).toBe('EPSG:4528')
    expect(crsFromPrj(geogcs)).toBe('EPSG:4490')
    expect(crsFromPrj('GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]]')).toBe(
      'EPSG:4326',
    )
    expect(crsFromPrj('PROJCS["Xian_1980_3_Degree_GK_CM_120E",GEOGCS["GCS_Xian_1980"]]')).toBeUndefined()
  })

  it('guesses degrees, zoned and unzoned eastings from the numbers alone', () => {
    expect(crsFromNumbers([[120.25, 33.77]])).toBe('EPSG:4326')
    expect(crsFromNumbers([[523158.29, 3738177.85]])).toBe('EPSG:4549')
    expect(crsFromNumbers([[40523158.29, 3738177.85]])).toBe('EPSG:4528')
    expect(crsFromNumbers([[1, 2]])).toBeUndefined()
    expect(crsFromNumbers([])).toBeUndefined()
  })
})
