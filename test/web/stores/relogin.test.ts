// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { api, createApiClient, HttpError } from '../../../web/api/client.ts'
import { postInspection } from '../../../web/api/grids.ts'
import { uploadHazardPhotos } from '../../../web/api/hazards.ts'
import ReloginDialog from '../../../web/ui/ReloginDialog.vue'
import { useAuthStore } from '../../../web/stores/auth.ts'
import { useReloginStore } from '../../../web/stores/relogin.ts'
import { handleUnauthorized } from '../../../web/stores/unauthorized.ts'

const officer = {
  user: { id: 7, username: 'grid-320924100001', display_name: '网格员', role: 'grid', town_code: null, grid_codes: [] },
  via: 'session',
} as const
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const expired = () => json(401, { error: 'Session expired; log in again', code: 'session_expired' })

/**
 * A multipart body as the server would read it: each part's name, and its text or its file's
 * bytes (happy-dom's FormData drops a Blob's file name, so names are not compared).
 */
async function partsOf(form: FormData) {
  const parts: [string, unknown][] = []
  for (const [name, value] of form.entries()) {
    parts.push([name, typeof value === 'string' ? value : { bytes: await value.text() }])
  }
  return parts
}

/**
 * A server whose session has ended: writes get 401 until /api/auth/login succeeds with the right
 * password; then the write is saved. Records every request.
 */
function expiredServer() {
  let loggedIn = false
  const calls: { url: string; body: unknown; contentType: string | null }[] = []
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const body =
      init.body instanceof FormData ? await partsOf(init.body) : init.body ? JSON.parse(String(init.body)) : undefined
    calls.push({ url, body, contentType: new Headers(init.headers).get('content-type') })
    if (url === '/api/auth/login') {
      if (body.password !== 'sheyang-demo')
        return json(401, { error: 'Wrong username or password', code: 'bad_credentials' })
      loggedIn = true
      return json(200, officer)
    }
    return loggedIn ? json(201, { saved: body }) : expired()
  }) as unknown as typeof globalThis.fetch
  return { fetch, calls }
}

async function setUp() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: { template: '<p>login</p>' } },
      { path: '/:rest(.*)*', component: { template: '<p>page</p>' } },
    ],
  })
  await router.push('/grid/320924100001')
  const auth = useAuthStore()
  auth.set(officer as never)
  const relogin = useReloginStore()
  const server = expiredServer()
  vi.stubGlobal('fetch', server.fetch)
  const client = createApiClient({
    fetch: server.fetch,
    onUnauthorized: (path) => handleUnauthorized(path, auth, router, relogin),
  })
  // The page: a form whose typed text lives only in memory, and the dialog the app shows.
  const Page = defineComponent({
    setup() {
      const text = ref('')
      const result = ref('')
      const save = async () => {
        try {
          result.value = JSON.stringify(await client.send('/api/inspections', { findings: text.value }))
        } catch (error) {
          result.value = error instanceof HttpError ? `HTTP ${error.status}` : String(error)
        }
      }
      return () =>
        h('div', [
          h('textarea', {
            value: text.value,
            onInput: (e: Event) => (text.value = (e.target as HTMLTextAreaElement).value),
          }),
          h('button', { class: 'save', onClick: save }),
          h('output', result.value),
          relogin.open ? h(ReloginDialog) : null,
        ])
    },
  })
  const wrapper = mount(Page, { global: { plugins: [router] }, attachTo: document.body })
  return { wrapper, router, auth, relogin, server }
}

describe('re-login without losing work', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
    history.replaceState(null, '', '/')
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  test('an expired session opens the dialog over the page; after log-in the same write is sent again and saved', async () => {
    const { wrapper, router, auth, server } = await setUp()
    await wrapper.find('textarea').setValue('消防通道堵塞')
    await wrapper.find('button.save').trigger('click')
    await flushPromises()

    const dialog = wrapper.find('[data-test=relogin-dialog]')
    expect(dialog.exists()).toBe(true)
    expect(wrapper.find('[data-test=relogin-message]').text()).toBe('登录已过期，请重新登录，您填写的内容仍然保留')
    expect((wrapper.find('[data-test=relogin-username]').element as HTMLInputElement).value).toBe('grid-320924100001')
    expect(router.currentRoute.value.fullPath).toBe('/grid/320924100001')
    expect(auth.status).toBe('authenticated')
    expect(wrapper.find('output').text()).toBe('')

    await wrapper.find('[data-test=relogin-password]').setValue('wrong')
    await wrapper.find('[data-test=relogin-dialog]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test=relogin-error]').text()).toBe('用户名或密码错误')

    await wrapper.find('[data-test=relogin-password]').setValue('sheyang-demo')
    await wrapper.find('[data-test=relogin-dialog]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test=relogin-dialog]').exists()).toBe(false)
    expect(wrapper.find('output').text()).toBe(JSON.stringify({ saved: { findings: '消防通道堵塞' } }))
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('消防通道堵塞')
    expect(server.calls.map((call) => call.url)).toEqual([
      '/api/inspections',
      '/api/auth/login',
      '/api/auth/login',
      '/api/inspections',
    ])
    expect(server.calls[1]!.body).toEqual({ username: 'grid-320924100001', password: 'wrong' })
    expect(router.currentRoute.value.fullPath).toBe('/grid/320924100001')
  })

  test('two writes failing together share one dialog and are both sent again', async () => {
    const { router, auth, relogin, server } = await setUp()
    const client = createApiClient({
      fetch: server.fetch,
      onUnauthorized: (path) => handleUnauthorized(path, auth, router, relogin),
    })
    const first = client.send('/api/inspections', { n: 1 })
    const second = client.send('/api/hazards/1/transition', { n: 2 })
    await flushPromises()
    expect(relogin.username).toBe('grid-320924100001')
    expect(await auth.logIn('grid-320924100001', 'sheyang-demo', api)).toBeNull()
    relogin.succeeded()
    expect(await first).toEqual({ saved: { n: 1 } })
    expect(await second).toEqual({ saved: { n: 2 } })
  })

  test('an inspection saved with photos that meets an expired session is sent again with the same parts after log-in', async () => {
    const { wrapper, router, auth, relogin, server } = await setUp()
    const client = createApiClient({
      fetch: server.fetch,
      onUnauthorized: (path) => handleUnauthorized(path, auth, router, relogin),
    })
    const body = {
      enterprise_id: 42,
      kind: 'routine' as const,
      inspected_on: '2026-10-15',
      inspectors: ['王明'],
      hazards: [{ level: 'general' as const, description: '配电柜前堆放纸箱' }],
      client_request_id: 'save-1',
    }
    const saving = postInspection(body, [[new Blob(['jpeg-1']), new Blob(['jpeg-2'])]], client)
    await flushPromises()
    expect(wrapper.find('[data-test=relogin-dialog]').exists()).toBe(true)
    await wrapper.find('[data-test=relogin-password]').setValue('sheyang-demo')
    await wrapper.find('[data-test=relogin-dialog]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test=relogin-dialog]').exists()).toBe(false)
    const parts = [
      ['inspection', JSON.stringify(body)],
      ['hazards.0.photos', { bytes: 'jpeg-1' }],
      ['hazards.0.photos', { bytes: 'jpeg-2' }],
    ]
    expect(await saving).toEqual({ saved: parts })
    expect(server.calls.map((call) => call.url)).toEqual(['/api/inspections', '/api/auth/login', '/api/inspections'])
    expect(server.calls[0]!.body).toEqual(parts)
    // The browser writes the multipart content-type with its boundary: the client never sets one.
    expect(server.calls[0]!.contentType).toBe(null)
    expect(server.calls[2]!.contentType).toBe(null)
  })

  test('a photo upload refused with 401 and then given up fails with its 401, like any write', async () => {
    const { wrapper, router, auth, relogin, server } = await setUp()
    const client = createApiClient({
      fetch: server.fetch,
      onUnauthorized: (path) => handleUnauthorized(path, auth, router, relogin),
    })
    const uploading = uploadHazardPhotos(7, 'rectified', [new Blob(['jpeg'])], client).catch((error: unknown) => error)
    await flushPromises()
    await wrapper.find('[data-test=relogin-later]').trigger('click')
    await flushPromises()
    expect(await uploading).toMatchObject({ status: 401 })
    expect(server.calls).toEqual([
      {
        url: '/api/hazards/7/photos',
        body: [
          ['stage', 'rectified'],
          ['photos', { bytes: 'jpeg' }],
        ],
        contentType: null,
      },
    ])
    expect(router.currentRoute.value.fullPath).toBe('/grid/320924100001')
  })

  test('closing the dialog fails the write with its 401 and keeps the page and the text; the next save asks again', async () => {
    const { wrapper, router } = await setUp()
    await wrapper.find('textarea').setValue('未配备灭火器')
    await wrapper.find('button.save').trigger('click')
    await flushPromises()
    await wrapper.find('[data-test=relogin-later]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test=relogin-dialog]').exists()).toBe(false)
    expect(wrapper.find('output').text()).toBe('HTTP 401')
    expect((wrapper.find('textarea').element as HTMLTextAreaElement).value).toBe('未配备灭火器')
    expect(router.currentRoute.value.fullPath).toBe('/grid/320924100001')
    await wrapper.find('button.save').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test=relogin-dialog]').exists()).toBe(true)
  })

  test('"log in as another user" leaves for /login and comes back to this page', async () => {
    const { wrapper, router, auth } = await setUp()
    await wrapper.find('button.save').trigger('click')
    await flushPromises()
    await wrapper.find('[data-test=relogin-other]').trigger('click')
    await flushPromises()
    expect(auth.status).toBe('anonymous')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query).toEqual({ next: '/grid/320924100001', expired: '1' })
  })

  test('a kiosk or token page never shows the dialog: the token is marked rejected', async () => {
    history.replaceState(null, '', '/wall?token=kiosk-secret')
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:rest(.*)*', component: { template: '<p/>' } }],
    })
    await router.push('/wall')
    const auth = useAuthStore()
    auth.set({ ...officer, via: 'kiosk' } as never)
    const relogin = useReloginStore()
    expect(handleUnauthorized('/api/stats/summary', auth, router, relogin)).toBeUndefined()
    expect(relogin.open).toBe(false)
    expect(auth.tokenRejected).toBe(true)
  })
})
