// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import type { AreaMetrics as Metrics } from '../../../../web/api/stats.ts'
import AreaMetrics from '../../../../web/features/overview/stats/AreaMetrics.vue'

const metrics: Metrics = {
  enterprises: {
    total: 40,
    aboveSize: 6,
    bySector: {} as Metrics['enterprises']['bySector'],
    byRiskLevel: { major: 1, high: 4, general: 20, low: 15 },
    highestRiskLevel: 'major',
  },
  dust: { enterprises: 5, overThreshold: 2, overThresholdUnverified: 1 },
  confinedSpaces: { spaces: 9, enterprises: 3 },
  ammonia: { enterprises: 4, majorHazard: 2 },
  hazchem: { enterprises: 7 },
  fireworks: { outletsActive: 3, outletsTotal: 4, wholesaleEnterprises: 1 },
  hazards: {
    open: 6,
    overdue: 2,
    majorOpen: 1,
    listed: 1,
    foundThisYear: 30,
    closedThisYear: 24,
    closureRate: 0.8,
    majorFoundThisYear: 2,
    majorClosureRate: 0.5,
  },
  inspections: {
    doneThisYear: 50,
    enterprisesInspectedThisYear: 30,
    visitedOnTime: 32,
    dueForVisit: 9,
    byVisitState: { on_time: 31, due: 1, overdue: 8 },
    visitedOnTimeShare: 0.8,
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
