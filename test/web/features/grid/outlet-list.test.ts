// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import type { OutletVisitRules, WorklistOutlet } from '../../../../web/api/outlet-inspections.ts'
import OutletList from '../../../../web/features/grid/OutletList.vue'

const outlet = (id: number, patch: Partial<WorklistOutlet>): WorklistOutlet => ({
  id,
  name: `合德镇烟花爆竹零售点${id}`,
  licence_no: '(苏)LS〔2026〕00012',
  kind: 'fixed',
  operator: null,
  phone: null,
  address: null,
  licence_valid_from: '2026-01-01',
  licence_valid_to: '2027-12-31',
  lon: 120.25,
  lat: 33.77,
  last_inspected_on: '2027-01-15',
  days_since_last: 5,
  visit_frequency_days: 7,
  due_in_days: 2,
  visit_due: 'on_time',
  due: false,
  actions: ['record_inspection'],
  ...patch,
})
const season = (inSeason: boolean): OutletVisitRules => ({
  in_season: inSeason,
  fireworks_season: { start: '12-15', end: '03-05' },
  fireworks_outlet_visit_days: { season: 7, off_season: 90 },
})

describe('OutletList', () => {
  test('shows the server’s state, "not selling now" for an outlet owing none, and the season’s rule', () => {
    const list = mount(OutletList, {
      props: {
        rules: season(true),
        outlets: [
          outlet(1, {}),
          outlet(2, { due_in_days: 0, due: true, visit_due: 'due' }),
          outlet(3, { due_in_days: -4, due: true, visit_due: 'overdue' }),
          outlet(4, { last_inspected_on: null, days_since_last: null, due_in_days: null, visit_due: 'overdue' }),
          outlet(5, { kind: 'temporary', visit_frequency_days: null, due_in_days: null, visit_due: null }),
        ],
      },
    })
    expect(list.findAll('[data-test=outlet-due]').map((n) => [n.text(), n.attributes('data-visit-due')])).toEqual([
      ['2 天后应检', 'on_time'],
      ['今日到期', 'due'],
      ['逾期未检（超期 4 天）', 'overdue'],
      ['逾期未检（从未检查）', 'overdue'],
      ['不在销售期，暂无需巡查', 'none'],
    ])
    expect(list.get('[data-test=outlet-season]').text()).toBe(
      '烟花爆竹销售旺季（12-15 至 03-05）：每个营业网点每 7 天至少巡查一次',
    )
  })

  test('offers "record" exactly where the server lists the action, and says the off-season rule', async () => {
    const list = mount(OutletList, {
      props: { rules: season(false), outlets: [outlet(1, {}), outlet(2, { actions: [] })] },
    })
    expect(list.get('[data-test=outlet-season]').text()).toContain('常年网点每 90 天至少巡查一次')
    const buttons = list.findAll('[data-test=record-outlet-visit]')
    expect(buttons).toHaveLength(1)
    await buttons[0]!.trigger('click')
    expect(list.emitted('record')![0]![0]).toMatchObject({ id: 1 })
  })
})
