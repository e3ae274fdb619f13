// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import AdminAudit from '../../../../web/features/admin/AdminAudit.vue'

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })

const failed = {
  id: 7,
  at: '2026-10-15T01:02:03.000Z',
  user_id: null,
  username: null,
  display_name: null,
  action: 'login_failed',
  entity: 'users',
  entity_id: '2',
  before: null,
  after: { username: 'county', address: '192.0.2.60', reason: 'wrong_password' },
}

/** The audit screen over a server whose facets offer the sign-in actions; records the audit queries. */
async function mountAudit() {
  const queries: URLSearchParams[] = []
  vi.stubGlobal('fetch', async (url: string) => {
    const parsed = new URL(url, 'http://localhost')
    if (parsed.pathname === '/api/admin/audit/facets') {
      return json({ entities: ['users'], actions: ['create', 'login', 'login_failed', 'logout', 'token_new_address'] })
    }
    queries.push(parsed.searchParams)
    return json({ total: 1, limit: 50, offset: 0, items: [failed] })
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', component: AdminAudit }],
  })
  const wrapper = mount(AdminAudit, { props: { users: [] }, global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, queries }
}

describe('the audit screen', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  test('offers the sign-in actions in Chinese and filters the list by one', async () => {
    const { wrapper, queries } = await mountAudit()
    const options = wrapper.findAll('[data-test=audit-action] option').map((o) => [o.attributes('value'), o.text()])
    expect(options).toEqual([
      ['', '全部操作'],
      ['create', '新建'],
      ['login', '登录'],
      ['login_failed', '登录失败'],
      ['logout', '退出登录'],
      ['token_new_address', '令牌在新地址使用'],
    ])
    await wrapper.find('[data-test=audit-action]').setValue('login_failed')
    await flushPromises()
    expect(queries.at(-1)!.get('action')).toBe('login_failed')
  })

  test('shows a failed log-in as nobody’s, with the address and reason in words', async () => {
    const { wrapper } = await mountAudit()
    const cells = wrapper.findAll('[data-test=audit-table] tr.entry td').map((td) => td.text())
    expect(cells.slice(2)).toEqual(['未登录用户', '登录失败', '用户', '#2 county'])
    await wrapper.find('[data-test=audit-toggle]').trigger('click')
    const diff = wrapper.find('[data-test=audit-diff]').text()
    expect(diff).toContain('来源地址')
    expect(diff).toContain('192.0.2.60')
    expect(diff).toContain('密码错误')
  })
})
