// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import LayerLegend from '../../../../web/features/overview/LayerLegend.vue'

const rows = (wrapper: ReturnType<typeof mount>) => wrapper.findAll('.label').map((row) => row.text())

describe('LayerLegend', () => {
  test('the grid legend states the metric and its classes', () => {
    const wrapper = mount(LayerLegend, { props: { group: 'grids', metric: 'visited_on_time' } })
    expect(wrapper.find('.title').text()).toBe('按期巡查率')
    expect(rows(wrapper)).toEqual(['< 50%', '50%–70%', '70%–85%', '85%–95%', '≥ 95%', '无数据'])
  })

  test('the enterprise legend lists the four risk colours in order, then the sector shapes', () => {
    const wrapper = mount(LayerLegend, { props: { group: 'enterprises', metric: 'open_hazards' } })
    expect(rows(wrapper).slice(0, 4)).toEqual(['重大风险', '较大风险', '一般风险', '低风险'])
    expect(
      wrapper
        .findAll('path')
        .slice(0, 4)
        .map((p) => p.attributes('fill')),
    ).toEqual(['#e60012', '#f39800', '#ffd900', '#0068b7'])
    expect(rows(wrapper)).toContain('危化/化工')
  })

  const rules = { ammonia_major_hazard_tonnes: 12.5, dust_shift_threshold: 25 }

  test('the dust legend states the live threshold', () => {
    const wrapper = mount(LayerLegend, { props: { group: 'dust', metric: 'open_hazards', rules } })
    expect(rows(wrapper).at(-1)).toBe('超过 25 人/班且未第三方验证')
  })

  test('the chemicals legend prints the live ammonia tonnes and names 两重点一重大', () => {
    const wrapper = mount(LayerLegend, { props: { group: 'chemicals', metric: 'open_hazards', rules } })
    expect(rows(wrapper)).toEqual(['涉氨制冷', '液氨 ≥12.5 吨（重大危险源）', '两重点一重大'])
  })

  test('until the rules arrive the thresholds print as …, never a constant', () => {
    const chemicals = mount(LayerLegend, { props: { group: 'chemicals', metric: 'open_hazards', rules: null } })
    expect(rows(chemicals)[1]).toBe('液氨 ≥… 吨（重大危险源）')
    const dust = mount(LayerLegend, { props: { group: 'dust', metric: 'open_hazards' } })
    expect(rows(dust).at(-1)).toBe('超过 … 人/班且未第三方验证')
  })
})
