// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import type { Kpi, Summary } from '../../../../web/api/stats.ts'
import WallKpis from '../../../../web/features/wall/WallKpis.vue'

const kpi = (key: string, actual: number, target: number | null, patch: Partial<Kpi> = {}): Kpi => ({
  key,
  target_key: target === null ? null : key,
  unit: 'count',
  comparison: 'at_least',
  actual,
  target,
  met: target === null ? null : actual >= target,
  ...patch,
})

const summary: Summary = {
  year: 2026,
  as_of: '2026-10-15',
  period: { from: '2026-01-01', to: '2026-10-15' },
  kpis: [
    kpi('county_comprehensive_inspections', 4, 5),
    kpi('special_inspections', 10, 10),
    kpi('dust_over_threshold_verified_pct', 55.555, 100, { unit: 'percent', parts: { part: 10, whole: 18 } }),
    kpi('hazard_closure_rate_pct', 92.6, null, { unit: 'percent', parts: { part: 3525, whole: 3805 } }),
  ],
  accidents: {
    count: 4,
    deaths: 2,
    previous: { from: '2025-01-01', to: '2025-10-15', count: 3, deaths: 5 },
    double_decline: false,
  },
}

describe('WallKpis', () => {
  test('shows each KPI with its target and whether it is met', () => {
    const wrapper = mount(WallKpis, { props: { summary, dustThreshold: 30 } })
    const tile = (key: string) => wrapper.find(`[data-test=kpi-${key}]`)
    expect(tile('county_comprehensive_inspections').find('[data-test=kpi-value]').text()).toBe('4')
    expect(tile('county_comprehensive_inspections').find('.target').text()).toBe('目标 ≥ 5')
    expect(tile('county_comprehensive_inspections').find('[data-test=kpi-met]').text()).toBe('✘ 未达标')
    expect(tile('county_comprehensive_inspections').classes()).toContain('missed')
    expect(tile('special_inspections').find('[data-test=kpi-met]').text()).toBe('✔ 达标')
    expect(tile('dust_over_threshold_verified_pct').find('.label').text()).toBe('粉尘超30人/班 已验证')
    expect(tile('dust_over_threshold_verified_pct').find('[data-test=kpi-value]').text()).toBe('55.6%')
    expect(tile('dust_over_threshold_verified_pct').find('[data-test=kpi-detail]').text()).toBe('10/18')
    expect(tile('hazard_closure_rate_pct').find('[data-test=kpi-met]').text()).toBe('无目标')
    // Without a target, the counts take the target's place.
    expect(tile('hazard_closure_rate_pct').find('.foot [data-test=kpi-detail]').text()).toBe('3525/3805')
    expect(wrapper.findAll('article')).toHaveLength(5)
  })

  test('shows accidents and deaths against last year and 双下降 not achieved', () => {
    const wrapper = mount(WallKpis, { props: { summary, dustThreshold: 30 } })
    expect(wrapper.find('[data-test=kpi-accident-count]').text()).toBe('4')
    expect(wrapper.find('[data-test=kpi-accident-deaths]').text()).toBe('2')
    expect(wrapper.find('[data-test=kpi-accidents]').text()).toContain('去年同期 3')
    expect(wrapper.find('[data-test=kpi-double-decline] strong').text()).toBe('未达成')
  })

  test('the dust tile prints the live threshold, and … until the rules arrive', () => {
    const label = (dustThreshold: number | null) =>
      mount(WallKpis, { props: { summary, dustThreshold } })
        .find('[data-test=kpi-dust_over_threshold_verified_pct] .label')
        .text()
    expect(label(25)).toBe('粉尘超25人/班 已验证')
    expect(label(null)).toBe('粉尘超…人/班 已验证')
  })
})
