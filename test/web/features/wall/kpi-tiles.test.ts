import { describe, expect, test } from 'vitest'
import type { Kpi, Summary } from '../../../../web/api/stats.ts'
import { formatKpiValue, kpiTile, kpiTiles } from '../../../../web/features/wall/kpi-tiles.ts'

const kpi = (key: string, patch: Partial<Kpi> = {}): Kpi => ({
  key,
  target_key: key,
  unit: 'count',
  comparison: 'at_least',
  actual: 3,
  target: 5,
  met: false,
  ...patch,
})

describe('KPI tiles', () => {
  test('formats counts as integers and percentages with one decimal', () => {
    expect(formatKpiValue(7, 'count')).toBe('7')
    expect(formatKpiValue(55.5555, 'percent')).toBe('55.6%')
    expect(formatKpiValue(100, 'percent')).toBe('100.0%')
    expect(formatKpiValue(null, 'percent')).toBe('—')
  })

  test('a tile states value, target, counts and whether it is met', () => {
    expect(kpiTile(kpi('special_inspections', { actual: 10, target: 10, met: true }), 'wall.kpi.special')).toEqual({
      key: 'special_inspections',
      label: 'wall.kpi.special',
      value: '10',
      target: '≥ 10',
      detail: null,
      met: true,
    })
    const dust = kpi('dust_over_threshold_verified_pct', {
      unit: 'percent',
      actual: (100 * 10) / 18,
      target: 100,
      parts: { part: 10, whole: 18 },
    })
    expect(kpiTile(dust, 'wall.kpi.dustVerified')).toMatchObject({ value: '55.6%', target: '100%', detail: '10/18' })
    const closure = kpi('hazard_closure_rate_pct', { unit: 'percent', target_key: null, target: null, met: null })
    expect(kpiTile(closure, 'wall.kpi.closureRate')).toMatchObject({ target: null, met: null })
  })

  test('the wall shows the issue’s twelve KPIs in order and leaves out ones the server lacks', () => {
    const keys = [
      'county_comprehensive_inspections',
      'special_inspections',
      'unannounced_inspections',
      'listing_rounds',
      'listed_hazards_per_round',
      'standardization_level2_new',
      'standardization_level3_new',
      'standardization_micro_new',
      'dust_over_threshold_verified_pct',
      'county_drills',
      'hazard_closure_rate_pct',
      'major_hazard_closure_rate_pct',
    ]
    const summary = { kpis: [...keys].reverse().map((key) => kpi(key)) } as unknown as Summary
    expect(kpiTiles(summary).map((tile) => tile.key)).toEqual(keys)
    const fewer = { kpis: [kpi('county_drills')] } as unknown as Summary
    expect(kpiTiles(fewer).map((tile) => tile.key)).toEqual(['county_drills'])
  })
})
