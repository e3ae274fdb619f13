import { describe, expect, test } from 'vitest'
import { metresBetween } from '../../../../lib/crs.ts'
import {
  convertEntry,
  entryFromWgs84,
  entryNumbers,
  entryToWgs84,
  insideCounty,
  locationOf,
} from '../../../../web/features/registers/coordinates.ts'

const seat: [number, number] = [120.2527, 33.7751]

describe('coordinate entry: typed numbers in a chosen system, shown in WGS84 on the map', () => {
  test('WGS84 and CGCS2000 degrees are taken as they are, to 6 places', () => {
    expect(entryFromWgs84(seat, 'EPSG:4326')).toEqual({ crs: 'EPSG:4326', x: '120.252700', y: '33.775100' })
    expect(entryToWgs84({ crs: 'EPSG:4490', x: '120.2527', y: '33.7751' })).toEqual(seat)
  })

  test('a Gauss-Krüger point on the 120°E central meridian has easting 500000 m (EPSG:4549) or 40500000 m with the zone (EPSG:4528)', () => {
    const onMeridian: [number, number] = [120, 33.75]
    const gk = entryFromWgs84(onMeridian, 'EPSG:4549')
    const zoned = entryFromWgs84(onMeridian, 'EPSG:4528')
    expect(gk.x).toBe('500000.00')
    expect(zoned.x).toBe('40500000.00')
    expect(zoned.y).toBe(gk.y)
    // ~111 km a degree of latitude: 33.75° N lies between 3,700 and 3,760 km north of the equator.
    expect(Number(gk.y)).toBeGreaterThan(3_700_000)
    expect(Number(gk.y)).toBeLessThan(3_760_000)
    const back = entryToWgs84(gk)!
    expect(back[0]).toBeCloseTo(120, 9)
    expect(metresBetween(back, onMeridian)).toBeLessThan(0.01)
  })

  test('a GCJ-02 point copied from AMap lies some 470 m from its WGS84 place in Sheyang and converts back within a metre', () => {
    const gcj = entryFromWgs84(seat, 'GCJ02')
    const typed = entryNumbers(gcj)!
    expect(metresBetween(typed, seat)).toBeGreaterThan(300)
    expect(metresBetween(typed, seat)).toBeLessThan(800)
    expect(metresBetween(entryToWgs84(gcj)!, seat)).toBeLessThan(1)
    const bd = entryFromWgs84(seat, 'BD09')
    expect(metresBetween(entryToWgs84(bd)!, seat)).toBeLessThan(1)
  })

  test('changing the system of a placed point keeps the place: WGS84 → EPSG:4549 → BD-09 → WGS84', () => {
    const start = entryFromWgs84(seat, 'EPSG:4326')
    const gk = convertEntry(start, 'EPSG:4549')
    expect(gk.crs).toBe('EPSG:4549')
    expect(gk.x).toMatch(/^5\d{5}\.\d{2}$/)
    const back = convertEntry(convertEntry(gk, 'BD09'), 'EPSG:4326')
    expect(metresBetween(entryNumbers(back)!, seat)).toBeLessThan(1)
  })

  test('an entry that is not two numbers has no place, and changing its system keeps the text', () => {
    expect(entryToWgs84({ crs: 'EPSG:4326', x: '', y: '33.7' })).toBeNull()
    expect(entryToWgs84({ crs: 'EPSG:4326', x: '120,25', y: '33.7' })).toBeNull()
    expect(convertEntry({ crs: 'EPSG:4326', x: 'abc', y: '1' }, 'GCJ02')).toEqual({ crs: 'GCJ02', x: 'abc', y: '1' })
    expect(locationOf({ crs: 'GCJ02', x: ' ', y: '1' })).toBeNull()
  })

  test('metres typed as degrees land outside the county: the form warns of the wrong system', () => {
    const gk = entryFromWgs84(seat, 'EPSG:4549')
    expect(insideCounty(entryToWgs84(gk)!)).toBe(true)
    expect(insideCounty(entryToWgs84({ ...gk, crs: 'EPSG:4326' })!)).toBe(false)
    expect(insideCounty([119.9, 33.7])).toBe(false)
  })

  test('the body carries the numbers as typed with their system, for the server to convert', () => {
    expect(locationOf({ crs: 'EPSG:4549', x: '524000.5', y: '3737000' })).toEqual({
      lon: 524000.5,
      lat: 3737000,
      crs: 'EPSG:4549',
    })
  })
})
