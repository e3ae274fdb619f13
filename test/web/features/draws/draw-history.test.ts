// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import DrawHistory from '../../../../web/features/draws/DrawHistory.vue'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

async function shown(answer: () => Response) {
  vi.stubGlobal('fetch', async () => answer())
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', name: 'draw', component: { template: '<p/>' } }],
  })
  const wrapper = mount(DrawHistory, { props: { refresh: 0, selected: null }, global: { plugins: [router] } })
  await flushPromises()
  return wrapper.find('[data-test=draw-history-failed]')
}

describe('DrawHistory explains a failed load in Chinese', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  test('a 422 is named in Chinese, the server’s English only as the smaller detail', async () => {
    const failed = await shown(() => json(422, { error: 'offset 90 is past the 12 draws' }))
    expect(failed.text()).toBe('无法加载抽取记录：此操作未被接受 服务器说明：offset 90 is past the 12 draws')
    expect(failed.find('.detail').text()).toBe('服务器说明：offset 90 is past the 12 draws')
  })

  test('a 500 says the server could not be reached, with no English', async () => {
    const failed = await shown(() => json(500, { error: 'Internal server error', code: 'internal' }))
    expect(failed.text()).toBe('无法加载抽取记录：无法连接服务器，内容未丢失，请稍后重试')
    expect(failed.find('.detail').exists()).toBe(false)
  })

  test('a 403 by code says who may see draws', async () => {
    const failed = await shown(() => json(403, { error: 'Draws are for county users', code: 'forbidden_role' }))
    expect(failed.text()).toBe('无法加载抽取记录：无权执行此操作')
  })
})
