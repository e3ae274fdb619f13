// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { WorklistEnterprise } from '../../../../../web/api/grids.ts'
import InspectionForm from '../../../../../web/features/grid/inspection/InspectionForm.vue'

const gridCode = '320924100001'
const key = `sheyang.inspection-draft.${gridCode}`
const enterprise = { id: 42, name: '射阳县恒盛商贸有限公司' } as WorklistEnterprise
const props = { gridCode, today: '2026-10-15', enterprises: [enterprise], enterpriseId: 42 }

async function fill(wrapper: ReturnType<typeof mount>) {
  await wrapper.find('[data-test=inspection-inspectors]').setValue('王明、李强')
  await wrapper.find('[data-test=inspection-findings]').setValue('配电室堆放杂物')
  await wrapper.find('[data-test=add-hazard]').trigger('click')
  await wrapper.find('[data-test=hazard-description]').setValue('配电柜前堆放纸箱')
  await wrapper.find('[data-test=hazard-deadline]').setValue('2026-10-29')
}

describe('InspectionForm', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })
  afterEach(() => vi.unstubAllGlobals())

  test('keeps every keystroke in localStorage and restores it after a reload', async () => {
    const first = mount(InspectionForm, { props })
    await fill(first)
    await flushPromises()
    expect(JSON.parse(localStorage.getItem(key)!)).toEqual({
      enterprise_id: 42,
      kind: 'routine',
      inspected_on: '2026-10-15',
      inspectors: '王明、李强',
      findings: '配电室堆放杂物',
      hazards: [
        { level: 'general', description: '配电柜前堆放纸箱', category: '', deadline: '2026-10-29', photos: [] },
      ],
      client_request_id: expect.stringMatching(/^[\w-]{8,100}$/),
    })
    first.unmount()
    const second = mount(InspectionForm, { props: { ...props, enterpriseId: null } })
    expect(second.find('[data-test=draft-restored]').text()).toBe('已恢复未提交的草稿')
    expect((second.find('[data-test=inspection-inspectors]').element as HTMLInputElement).value).toBe('王明、李强')
    expect((second.find('[data-test=hazard-description]').element as HTMLTextAreaElement).value).toBe(
      '配电柜前堆放纸箱',
    )
  })

  test('a lost connection keeps the draft and offers a retry, which sends it and then clears it', async () => {
    let up = false
    const sent: unknown[] = []
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      if (!up) throw new TypeError('Failed to fetch')
      sent.push(JSON.parse(String(init.body)))
      return new Response(JSON.stringify({ inspection: { id: 901 }, hazards: [{ id: 3806 }] }), { status: 201 })
    })
    const wrapper = mount(InspectionForm, { props })
    await fill(wrapper)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test=inspection-unreachable] p').text()).toBe(
      '无法连接服务器，检查记录尚未保存。 草稿已保存在本机，恢复网络后点“重试”提交',
    )
    const kept = JSON.parse(localStorage.getItem(key)!) as { inspectors: string; client_request_id: string }
    expect(kept.inspectors).toBe('王明、李强')
    up = true
    await wrapper.find('[data-test=inspection-retry]').trigger('click')
    await flushPromises()
    expect(sent).toEqual([
      {
        enterprise_id: 42,
        kind: 'routine',
        inspected_on: '2026-10-15',
        inspectors: ['王明', '李强'],
        findings: '配电室堆放杂物',
        hazards: [{ level: 'general', description: '配电柜前堆放纸箱', deadline: '2026-10-29' }],
        // The retry carries the key the failed attempt had: the server answers a repeat with the first save.
        client_request_id: kept.client_request_id,
      },
    ])
    expect(wrapper.emitted('saved')).toEqual([[{ inspection: { id: 901 }, hazards: [{ id: 3806 }] }]])
    expect(localStorage.getItem(key)).toBe(null)
  })

  test('a 422 from the server is shown next to its field', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: 'hazards.0.deadline 2026-10-01 is before the inspection (2026-10-15)' }), {
          status: 422,
        }),
    )
    const wrapper = mount(InspectionForm, { props })
    await fill(wrapper)
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="error-hazards.0.deadline"]').text()).toBe(
      '此项未被服务器接受（服务器说明：hazards.0.deadline 2026-10-01 is before the inspection (2026-10-15)）',
    )
    expect(localStorage.getItem(key)).not.toBe(null)
  })
})
