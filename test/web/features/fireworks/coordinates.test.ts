import { describe, expect, test } from 'vitest'
import { groundDistance } from '../../../../web/features/fireworks/ground-distance.ts'
import { parseLngLat, toWgs84 } from '../../../../web/features/fireworks/coordinates.ts'
import gcoord from 'gcoord'

const metresApart = (a: [number, number], b: [number, number]) => groundDistance(a, b)

describe('toWgs84: coordinates copied from AMap (GCJ-02) and Baidu (BD-09)', () => {
  test('Baidu’s own example, Tiananmen at BD-09 116.404, 39.915, is GCJ-02 116.397627, 39.908657', () => {
    // The published result of Baidu's BD-09 → GCJ-02 inverse (bd_decrypt) for its sample point.
    const gcj = gcoord.transform([116.404, 39.915], gcoord.BD09, gcoord.GCJ02) as [number, number]
    expect(gcj[0]).toBeCloseTo(116.397627, 6)
    expect(gcj[1]).toBeCloseTo(39.908657, 6)
    // …and WGS84 lies a further ~540 m south-west of GCJ-02 in Beijing.
    const wgs = toWgs84([116.404, 39.915], 'bd09')
    expect(metresApart(wgs, gcj)).toBeGreaterThan(450)
    expect(metresApart(wgs, gcj)).toBeLessThan(650)
    expect(toWgs84(gcj, 'gcj02')[0]).toBeCloseTo(wgs[0], 6)
  })

  test.each([
    ['Sheyang county seat', [120.2576, 33.7748]],
    ['the coast at 射阳港', [120.4961, 33.8177]],
    ['Beijing', [116.391, 39.907]],
    ['Kashgar (far west)', [75.99, 39.47]],
  ] as const)('%s: WGS84 → GCJ-02/BD-09 → WGS84 comes back within 0.5 m', (_, point) => {
    const wgs = [...point] as [number, number]
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number]
    const bd = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09) as [number, number]
    expect(metresApart(toWgs84(gcj, 'gcj02'), wgs)).toBeLessThan(0.5)
    expect(metresApart(toWgs84(bd, 'bd09'), wgs)).toBeLessThan(0.5)
    // The offsets are real: hundreds of metres, so a planner pasting AMap's point unconverted would be wrong.
    expect(metresApart(gcj, wgs)).toBeGreaterThan(100)
    expect(metresApart(bd, wgs)).toBeGreaterThan(500)
  })

  test('around Sheyang GCJ-02 lies ~450 m east and ~150 m south of WGS84', () => {
    const wgs: [number, number] = [120.27, 33.78]
    const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number]
    expect(gcj[0]).toBeCloseTo(120.274777, 5)
    expect(gcj[1]).toBeCloseTo(33.778641, 5)
    expect(metresApart(wgs, [gcj[0], wgs[1]])).toBeGreaterThan(400)
    expect(metresApart(wgs, [wgs[0], gcj[1]])).toBeGreaterThan(120)
  })

  test('WGS84 passes through untouched', () => {
    expect(toWgs84([120.27, 33.78], 'wgs84')).toEqual([120.27, 33.78])
  })
})

describe('parseLngLat: what planners paste', () => {
  test.each([
    ['120.27, 33.78', [120.27, 33.78]],
    ['120.27，33.78', [120.27, 33.78]],
    [' 120.27 33.78 ', [120.27, 33.78]],
    ['120.27/33.78', [120.27, 33.78]],
    ['120.27；33.78', [120.27, 33.78]],
    ['33.78, 120.27', [120.27, 33.78]],
  ] as const)('%j → %j', (text, lngLat) => {
    expect(parseLngLat(text)).toEqual(lngLat)
  })

  test.each(['', '120.27', '120.27, 33.78, 5', 'abc, 33.78', '10, 10', '200, 33'])(
    '%j is not a place in China',
    (text) => {
      expect(parseLngLat(text)).toBeNull()
    },
  )
})
