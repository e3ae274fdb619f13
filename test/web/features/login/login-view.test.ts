// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import LoginView from '../../../../web/features/login/LoginView.vue'

/** The page's fetch, answering the log-in with `answer` (or failing like a lost network). */
function serverAnswers(answer: () => Response) {
  const calls: { url: string; body: unknown }[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined })
    return answer()
  })
  return calls
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', component: LoginView },
      { path: '/:rest(.*)*', component: { template: '<p>page</p>' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(LoginView, { global: { plugins: [router] } })
  return { wrapper, router }
}
async function submit(wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper'], username: string, password: string) {
  await wrapper.find('[data-test=login-username]').setValue(username)
  await wrapper.find('[data-test=login-password]').setValue(password)
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('the log-in form', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
  })
  afterEach(() => vi.unstubAllGlobals())

  test('asks for both fields in Chinese before sending anything', async () => {
    const calls = serverAnswers(() => json(500, {}))
    const { wrapper } = await mountAt('/login')
    await submit(wrapper, '  ', '')
    expect(wrapper.find('[data-test=login-username-error]').text()).toBe('请输入用户名')
    expect(wrapper.find('[data-test=login-password-error]').text()).toBe('请输入密码')
    expect(calls).toEqual([])
  })

  test('says the username or password is wrong on 401', async () => {
    const calls = serverAnswers(() => json(401, { error: 'Wrong username or password' }))
    const { wrapper } = await mountAt('/login')
    await submit(wrapper, ' county ', 'nope')
    expect(calls).toEqual([{ url: '/api/auth/login', body: { username: 'county', password: 'nope' } }])
    expect(wrapper.find('[data-test=login-error]').text()).toBe('用户名或密码错误')
  })

  test('gives the wait of a 429 from Retry-After', async () => {
    serverAnswers(() => json(429, { error: 'Too many failed log-ins; try again in 540 s' }, { 'retry-after': '540' }))
    const { wrapper } = await mountAt('/login')
    await submit(wrapper, 'county', 'nope')
    expect(wrapper.find('[data-test=login-error]').text()).toBe('登录失败次数过多，请 540 秒后再试')
  })

  test('says the server cannot be reached when the network fails', async () => {
    serverAnswers(() => {
      throw new TypeError('Failed to fetch')
    })
    const { wrapper } = await mountAt('/login')
    await submit(wrapper, 'county', 'sheyang-demo')
    expect(wrapper.find('[data-test=login-error]').text()).toBe('无法连接服务器，请检查网络后重试')
  })

  test('goes on to next after logging in, and a grid officer without next to their grid', async () => {
    const me = (role: string, grid_codes: string[]) => ({
      user: { id: 9, username: 'u', display_name: 'U', role, town_code: null, grid_codes },
      via: 'session',
    })
    serverAnswers(() => json(200, me('county', [])))
    const first = await mountAt('/login?next=/enterprises/7')
    await submit(first.wrapper, 'county', 'sheyang-demo')
    expect(first.router.currentRoute.value.fullPath).toBe('/enterprises/7')

    setActivePinia(createPinia())
    serverAnswers(() => json(200, me('grid', ['320924100001'])))
    const second = await mountAt('/login?next=/')
    await submit(second.wrapper, 'grid-320924100001', 'sheyang-demo')
    expect(second.router.currentRoute.value.fullPath).toBe('/grid/320924100001')
  })

  test('a tab opened with a token never shows the form', async () => {
    sessionStorage.setItem('sheyang.token', 'kiosk-token')
    serverAnswers(() => json(401, {}))
    const { wrapper } = await mountAt('/login')
    expect(wrapper.find('form').exists()).toBe(false)
    expect(wrapper.find('[data-test=token-rejected]').text()).toBe('令牌无效或已撤销')
  })
})
