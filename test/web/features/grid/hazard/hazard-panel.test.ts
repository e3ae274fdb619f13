// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Hazard } from '../../../../../web/api/hazards.ts'
import HazardPanel from '../../../../../web/features/grid/hazard/HazardPanel.vue'
import { useAuthStore } from '../../../../../web/stores/auth.ts'

const hazard: Hazard = {
  id: 3806,
  enterprise_id: 42,
  inspection_id: null,
  town_code: '320924100',
  grid_code: '320924100001',
  level: 'general',
  status: 'rectifying',
  category: null,
  description: '配电柜前堆放纸箱',
  found_on: '2026-10-01',
  found_by: '王明',
  reported_by_user_id: 7,
  deadline: '2026-10-29',
  closed_on: null,
  escalation_level: 0,
  listed_by_level: null,
  listed_by_unit: null,
  listing_round: null,
  listed_on: null,
  listing_deadline: null,
  extension_requested_on: null,
  extension_deadline: null,
  extension_approved_on: null,
  delisted_on: null,
  rectification_cost_yuan: null,
  created_at: '2026-10-01T02:00:00.000Z',
  updated_at: '2026-10-08T02:00:00.000Z',
  version: 3,
  overdue: false,
  days_overdue: 0,
  actions: ['transition:awaiting_recheck', 'photo_add'],
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const props = { hazardId: 3806, enterpriseName: '射阳县恒盛商贸有限公司', today: '2026-10-15' }

/** The hazard reads fine; every write gets `answer`. */
function server(answer: () => Response) {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) =>
    init.method === 'POST' && url.startsWith('/api/hazards/3806/')
      ? answer()
      : json(200, { hazard: { ...hazard, photos: [] }, next: ['awaiting_recheck'] }),
  )
}

async function step(answer: () => Response) {
  server(answer)
  const wrapper = mount(HazardPanel, { props })
  await flushPromises()
  await wrapper.find('[data-test=transition-awaiting_recheck]').trigger('click')
  await flushPromises()
  return wrapper
}

describe('HazardPanel explains refusals in Chinese', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAuthStore().set({
      user: {
        id: 7,
        username: 'grid-320924100001',
        display_name: '网格员',
        role: 'grid',
        town_code: null,
        grid_codes: [],
      },
      via: 'session',
    } as never)
  })
  afterEach(() => vi.unstubAllGlobals())

  test('a 422 says the step was not accepted, with the server’s words only as the smaller detail', async () => {
    const wrapper = await step(() =>
      json(422, { error: 'Only the step to assigned sets a deadline; an extension moves a listed one' }),
    )
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe('操作被拒绝：此操作未被接受')
    expect(wrapper.find('[data-test=hazard-result-detail]').text()).toBe(
      '服务器说明：Only the step to assigned sets a deadline; an extension moves a listed one',
    )
  })

  test('a refusal by code (a read-only user) is explained by the code, without English', async () => {
    const wrapper = await step(() => json(403, { error: 'The viewer role is read-only', code: 'viewer_read_only' }))
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe('只读用户不能修改数据')
    expect(wrapper.find('[data-test=hazard-result-detail]').exists()).toBe(false)
  })

  test('a closed-loop rule refused by role is named by its code; an uncoded 403 keeps the server’s reason as detail', async () => {
    const byCode = await step(() =>
      json(403, {
        error: 'The user who reported a hazard may not re-check or close it',
        code: 'own_report_recheck',
        details: { from: 'awaiting_recheck', to: 'closed', allowed: ['closed', 'rectifying'] },
      }),
    )
    expect(byCode.find('[data-test=hazard-result]').text()).toBe('隐患的上报人不能复查或销号自己上报的隐患')
    expect(byCode.find('[data-test=hazard-result-detail]').exists()).toBe(false)
    const uncoded = await step(() => json(403, { error: 'Listing of a county-listed hazard is for county users' }))
    expect(uncoded.find('[data-test=hazard-result]').text()).toBe('无权执行此操作')
    expect(uncoded.find('[data-test=hazard-result-detail]').text()).toBe(
      '服务器说明：Listing of a county-listed hazard is for county users',
    )
  })

  test('a 500 says nothing was saved, in Chinese', async () => {
    const wrapper = await step(() => json(500, { error: 'Internal server error', code: 'internal' }))
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe('无法连接服务器，请检查网络后重试')
    expect(wrapper.text()).not.toContain('Internal server error')
  })

  test('the closed loop’s own rule stays the specific message', async () => {
    const wrapper = await step(() =>
      json(422, {
        error: 'A hazard in awaiting_recheck cannot go to awaiting_recheck',
        details: { from: 'awaiting_recheck', to: 'awaiting_recheck', allowed: ['closed', 'rectifying'] },
      }),
    )
    expect(wrapper.find('[data-test=hazard-result]').text()).toBe(
      '操作被拒绝：隐患不能从“待复查”改为“待复查”，闭环的下一步只能是：已销号、整改中',
    )
    expect(wrapper.find('[data-test=hazard-result-detail]').exists()).toBe(false)
  })

  test('a hazard that cannot be read says why in Chinese', async () => {
    vi.stubGlobal('fetch', async () => json(404, { error: 'No hazard 3806', code: 'not_found' }))
    const wrapper = mount(HazardPanel, { props })
    await flushPromises()
    expect(wrapper.find('.error').text()).toBe('未找到，或不在您的管辖范围内')
  })
})
