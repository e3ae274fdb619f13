// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import type { WorklistEnterprise } from '../../../../web/api/grids.ts'
import EnterpriseList from '../../../../web/features/grid/EnterpriseList.vue'

const enterprise = (id: number, patch: Partial<WorklistEnterprise>): WorklistEnterprise => ({
  id,
  name: `射阳县企业${id}`,
  uscc: '91350100M000100Y43',
  sector: 'commerce',
  risk_level: 'general',
  status: 'active',
  address: null,
  safety_manager: null,
  safety_phone: null,
  lon: 120.25,
  lat: 33.77,
  last_inspected_on: '2026-09-15',
  days_since_last: 30,
  visit_frequency_days: 90,
  due_in_days: 60,
  due: false,
  visit_due: 'on_time',
  open_hazards: 0,
  actions: [],
  ...patch,
})

const shown = (enterprises: WorklistEnterprise[]) =>
  mount(EnterpriseList, { props: { enterprises, selected: null } })
    .findAll('[data-test=enterprise-due]')
    .map((node) => [node.text(), node.attributes('data-visit-due'), node.classes().filter((c) => c !== 'due-text')])

describe('EnterpriseList', () => {
  test('shows the server’s visit state: on time as days left, due as 今日到期, overdue as 逾期未检', () => {
    expect(
      shown([
        enterprise(1, { due_in_days: 60, visit_due: 'on_time' }),
        enterprise(2, { due_in_days: 0, due: true, visit_due: 'due' }),
        enterprise(3, { due_in_days: -3, due: true, visit_due: 'overdue' }),
        enterprise(4, {
          last_inspected_on: null,
          days_since_last: null,
          due_in_days: null,
          due: true,
          visit_due: 'overdue',
        }),
      ]),
    ).toEqual([
      ['60 天后应检', 'on_time', ['visit-on_time']],
      ['今日到期', 'due', ['visit-due']],
      ['逾期未检（超期 3 天）', 'overdue', ['visit-overdue']],
      ['逾期未检（从未检查）', 'overdue', ['visit-overdue']],
    ])
  })

  test('offers 录入检查 exactly where the server lists record_inspection among the actions', () => {
    const list = mount(EnterpriseList, {
      props: { enterprises: [enterprise(1, { actions: ['record_inspection'] }), enterprise(2, {})], selected: null },
    })
    expect(
      list.findAll('[data-test=record-inspection]').map((button) => button.element.closest('li')?.dataset.enterprise),
    ).toEqual(['1'])
  })
})
