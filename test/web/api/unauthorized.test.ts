// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, test } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { adoptPageToken, createApiClient, eventsUrl, HttpError, pageToken } from '../../../web/api/client.ts'
import { useAuthStore } from '../../../web/stores/auth.ts'
import { handleUnauthorized } from '../../../web/stores/unauthorized.ts'

function fakeServer(status: number) {
  const seen: { url: string; authorization: string | null }[] = []
  const fetch = (async (url: string, init: RequestInit = {}) => {
    seen.push({ url, authorization: new Headers(init.headers).get('authorization') })
    return new Response(JSON.stringify({ error: 'Session expired; log in again' }), { status })
  }) as unknown as typeof globalThis.fetch
  return { fetch, seen }
}

describe('a 401 means "log in again"', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    sessionStorage.clear()
    history.replaceState(null, '', '/')
  })

  test('the client tells its handler about a 401 on reads and writes, never on the log-in itself', async () => {
    const server = fakeServer(401)
    const paths: string[] = []
    const client = createApiClient({
      fetch: server.fetch,
      onUnauthorized: (path) => {
        paths.push(path)
      },
    })
    await expect(client.getJson('/api/stats/grids')).rejects.toBeInstanceOf(HttpError)
    await expect(client.send('/api/inspections', { kind: 'routine' })).rejects.toMatchObject({ status: 401 })
    await expect(client.send('/api/auth/login', { username: 'x', password: 'y' })).rejects.toMatchObject({
      status: 401,
    })
    expect(paths).toEqual(['/api/stats/grids', '/api/inspections'])
    expect(client.state.stale).toBe(false)
  })

  test('log-out forgets the kept answers, so the next user never sees the last one’s data offline', async () => {
    let up = true
    const fetch = (async () => {
      if (!up) throw new TypeError('Failed to fetch')
      return new Response(JSON.stringify({ grids: ['320924100001'] }), { status: 200 })
    }) as unknown as typeof globalThis.fetch
    const client = createApiClient({ fetch, schedule: () => {} })
    await client.getJson('/api/stats/grids')
    up = false
    expect(await client.getJson('/api/stats/grids')).toEqual({ grids: ['320924100001'] })
    client.forget()
    await expect(client.getJson('/api/stats/grids')).rejects.toThrow('Failed to fetch')
  })

  test('without a known session, the handler forgets the user and sends them to /login with the page they were on', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:rest(.*)*', name: 'any', component: { template: '<p/>' } }],
    })
    router.addRoute({ path: '/login', name: 'login', component: { template: '<p/>' } })
    await router.push('/grid/320924100001?tab=hazards')
    const auth = useAuthStore()
    auth.set({
      user: { id: 1, username: 'u', display_name: 'U', role: 'grid', town_code: null, grid_codes: ['320924100001'] },
      via: 'personal',
      pages: [],
    })
    handleUnauthorized('/api/inspections', auth, router)
    await router.isReady()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(auth.status).toBe('anonymous')
    expect(auth.user).toBe(null)
    expect(router.currentRoute.value.query).toEqual({ next: '/grid/320924100001?tab=hazards', expired: '1' })
  })

  test('a tab opened with ?token= sends it as a Bearer token, keeps it for the tab, and shows "token rejected" instead of /login', async () => {
    history.replaceState(null, '', '/wall?token=kiosk-secret')
    expect(pageToken()).toBe('kiosk-secret')
    history.replaceState(null, '', '/wall')
    expect(pageToken()).toBe('kiosk-secret')
    const server = fakeServer(401)
    const client = createApiClient({ fetch: server.fetch, token: pageToken })
    await expect(client.getJson('/api/stats/summary')).rejects.toMatchObject({ status: 401 })
    expect(server.seen).toEqual([{ url: '/api/stats/summary', authorization: 'Bearer kiosk-secret' }])
    // The live stream's URL carries a one-time ticket, never the token (server/events/routes.ts).
    expect(eventsUrl('one-time')).toBe('/api/events?ticket=one-time')

    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:rest(.*)*', component: { template: '<p/>' } }],
    })
    await router.push('/wall')
    const auth = useAuthStore()
    handleUnauthorized('/api/stats/summary', auth, router)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(auth.tokenRejected).toBe(true)
    expect(router.currentRoute.value.fullPath).toBe('/wall')
  })

  test('adoptPageToken keeps ?token= for the tab and takes only it out of the address bar', () => {
    history.replaceState({ kept: 1 }, '', '/wall?tour=1&token=kiosk-secret&period=20#x')
    adoptPageToken()
    expect(location.pathname + location.search + location.hash).toBe('/wall?tour=1&period=20#x')
    expect(history.state).toEqual({ kept: 1 })
    expect(pageToken()).toBe('kiosk-secret')
    history.replaceState(null, '', '/wall?token=other')
    adoptPageToken()
    expect(location.search).toBe('')
    expect(pageToken()).toBe('other')
  })
})
