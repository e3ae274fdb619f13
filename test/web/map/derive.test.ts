import { describe, expect, test } from 'vitest'
import {
  chemicalUnits,
  confinedSpacesByEnterprise,
  dustWithAlerts,
  supplierLines,
  type PointCollection,
} from '../../../web/map/derive.ts'

const point = (id: number, x: number, y: number, properties: Record<string, unknown>) => ({
  type: 'Feature' as const,
  id,
  geometry: { type: 'Point' as const, coordinates: [x, y] },
  properties,
})
const fc = (...features: ReturnType<typeof point>[]): PointCollection => ({ type: 'FeatureCollection', features })

describe('derived layer data', () => {
  test('confined spaces are counted per enterprise', () => {
    const spaces = fc(
      point(1, 120, 33, { enterprise_id: 7 }),
      point(2, 120, 33, { enterprise_id: 7 }),
      point(3, 121, 34, { enterprise_id: 9 }),
    )
    const byEnterprise = confinedSpacesByEnterprise(spaces)
    expect(byEnterprise.features.map((f) => [f.id, f.properties.spaces])).toEqual([
      [7, 2],
      [9, 1],
    ])
    expect(spaces.features[0]!.properties).toEqual({ enterprise_id: 7 })
  })

  test('dust alerts need more than the threshold per shift and no verification', () => {
    const dust = fc(
      point(1, 0, 0, { dust_workers_per_shift: 31, dust_verified: false }),
      point(2, 0, 0, { dust_workers_per_shift: 30, dust_verified: false }),
      point(3, 0, 0, { dust_workers_per_shift: 45, dust_verified: true }),
    )
    expect(dustWithAlerts(dust, 30).features.map((f) => f.properties.alert)).toEqual([true, false, false])
  })

  test('the chemical layer is 涉氨制冷 and the units the server calls 两重点一重大: a hazchem sector alone is not one', () => {
    // key_hazchem_unit and major_hazard_source come from the OGC enterprises, decided by
    // server/rules/major-hazard-source.ts with the live ammonia setting (tested at its threshold there).
    const flags = (key: boolean, major: boolean) => ({ key_hazchem_unit: key, major_hazard_source: major })
    const enterprises = fc(
      point(1, 0, 0, { sector: 'commerce', ammonia_tonnes: '12.50', ...flags(true, true) }),
      point(2, 0, 0, { sector: 'commerce', ammonia_tonnes: 3, ...flags(false, false) }),
      point(3, 0, 0, { sector: 'hazchem', hazchem_key_process: false, ...flags(false, false) }),
      point(4, 0, 0, { sector: 'textile', ammonia_tonnes: null, ...flags(false, false) }),
      point(5, 0, 0, { sector: 'machinery', major_hazard_level: 2, ...flags(true, true) }),
      point(6, 0, 0, { sector: 'hazchem', hazchem_key_chemical: true, ...flags(true, false) }),
    )
    expect(
      chemicalUnits(enterprises).features.map((f) => [
        f.id,
        f.properties.ammonia,
        f.properties.hazchem,
        f.properties.major_source,
      ]),
    ).toEqual([
      [1, true, true, true],
      [2, true, false, false],
      [5, false, true, true],
      [6, false, true, false],
    ])
  })

  test('outlets get a line to a supplier that is on the map', () => {
    const enterprises = fc(point(40, 120.3, 33.8, {}))
    const outlets = fc(
      point(1, 120.1, 33.7, { supplier_enterprise_id: 40, status: 'active' }),
      point(2, 120, 33, { supplier_enterprise_id: 99 }),
    )
    expect(supplierLines(outlets, enterprises).features.map((f) => f.geometry.coordinates)).toEqual([
      [
        [120.1, 33.7],
        [120.3, 33.8],
      ],
    ])
  })
})
