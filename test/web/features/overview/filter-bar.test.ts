// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, test } from 'vitest'
import FilterBar from '../../../../web/features/overview/FilterBar.vue'
import { useViewStore } from '../../../../web/stores/view.ts'

describe('FilterBar', () => {
  beforeEach(() => setActivePinia(createPinia()))

  const towns = [
    { code: '320924101', name: '临海镇' },
    { code: '320924100', name: '合德镇' },
  ]

  test('lists the towns by code and sets the town filter', async () => {
    const wrapper = mount(FilterBar, { props: { towns } })
    const options = wrapper.findAll('[data-test=filter-town] option').map((o) => o.text())
    expect(options).toEqual(['全部镇（区）', '合德镇', '临海镇'])
    await wrapper.find('[data-test=filter-town]').setValue('320924101')
    expect(useViewStore().filters.towns).toEqual(['320924101'])
  })

  test('risk chips toggle in the fixed red-orange-yellow-blue order, and clear resets all', async () => {
    const wrapper = mount(FilterBar, { props: { towns } })
    expect(wrapper.findAll('.chip').map((c) => c.text())).toEqual(['红', '橙', '黄', '蓝'])
    await wrapper.find('[data-test=filter-risk-low]').trigger('click')
    await wrapper.find('[data-test=filter-risk-major]').trigger('click')
    const view = useViewStore()
    expect(view.filters.risks).toEqual(['major', 'low'])
    expect(wrapper.find('[data-test=filter-risk-major]').attributes('aria-pressed')).toBe('true')
    await wrapper.find('[data-test=filter-clear]').trigger('click')
    expect(view.filters).toEqual({ towns: [], sectors: [], risks: [] })
    expect(wrapper.find('[data-test=filter-clear]').exists()).toBe(false)
  })
})
