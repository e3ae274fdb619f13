// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import type { AreaMetrics as Metrics } from '../../../../web/api/stats.ts'
import AreaMetrics from '../../../../web/features/overview/stats/AreaMetrics.vue'

const metrics: Metrics = {
  enterprises: {
    total: 40,
    above_size: 6,
    by_sector: {} as Metrics['enterprises']['by_sector'],
    by_risk_level: { major: 1, high: 4, general: 20, low: 15 },
    highest_risk_level: 'major',
  },
  dust: { enterprises: 5, over_threshold: 2, over_threshold_unverified: 1 },
  confined_spaces: { spaces: 9, enterprises: 3 },
  ammonia: { enterprises: 4, major_hazard: 2 },
  hazchem: { enterprises: 7 },
  fireworks: { outlets_active: 3, outlets_total: 4, wholesale_enterprises: 1 },
  hazards: {
    open: 6,
    overdue: 2,
    major_open: 1,
    listed: 1,
    found_this_year: 30,
    closed_this_year: 24,
    closure_rate: 0.8,
    major_found_this_year: 2,
    major_closure_rate: 0.5,
  },
  inspections: {
    done_this_year: 50,
    enterprises_inspected_this_year: 30,
    visited_on_time: 32,
    due_for_visit: 9,
    by_visit_state: { on_time: 31, due: 1, overdue: 8 },
    visited_on_time_share: 0.8,
  },
}

describe('AreaMetrics', () => {
  test('the hazchem count is labelled 两重点一重大, what it counts', () => {
    const wrapper = mount(AreaMetrics, { props: { metrics }, global: { stubs: { MiniChart: true } } })
    const facts = Object.fromEntries(
      wrapper
        .findAll('dt')
        .map((dt) => [dt.text(), (dt.element.nextElementSibling as HTMLElement).textContent!.trim()]),
    )
    expect(facts['两重点一重大']).toBe('7')
    expect(wrapper.find('[data-test=stat-key-hazchem]').text()).toBe('7')
    expect(Object.keys(facts)).toEqual(['粉尘涉爆', '有限空间', '涉氨制冷', '两重点一重大', '烟花爆竹零售点'])
  })
})
