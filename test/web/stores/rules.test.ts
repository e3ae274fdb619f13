import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createApiClient } from '../../../web/api/client.ts'
import { useConnectionStore } from '../../../web/stores/connection.ts'
import { useRulesStore } from '../../../web/stores/rules.ts'

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

/** A server whose /api/rules answers `answers[n]` to the n-th request (a status alone: that error). */
function server(...answers: (Record<string, number> | number)[]) {
  const requests: string[] = []
  const client = createApiClient({
    schedule: () => undefined,
    fetch: (async (url: string) => {
      requests.push(url)
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)]!
      return typeof answer === 'number' ? json(answer, { error: 'refused', code: 'forbidden' }) : json(200, answer)
    }) as typeof fetch,
  })
  return { client, requests }
}

const rules = { ammonia_major_hazard_tonnes: 10, dust_shift_threshold: 30 }

describe('the rules store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  test('get /api/rules is asked once however many parts of the page load the rules', async () => {
    const { client, requests } = server(rules)
    const store = useRulesStore()
    await Promise.all([store.load(client), store.load(client)])
    await store.load(client)
    expect(requests).toEqual(['/api/rules'])
    expect(store.rules).toEqual(rules)
  })

  test('a change to the settings table fetches the rules again; other tables do not', async () => {
    const { client, requests } = server(rules, { ammonia_major_hazard_tonnes: 12.5, dust_shift_threshold: 25 })
    const store = useRulesStore()
    await store.load(client)
    await store.tablesChanged(['hazards', 'inspections'], client)
    expect(requests).toEqual(['/api/rules'])
    await store.tablesChanged(['enterprises', 'settings'], client)
    expect(requests).toEqual(['/api/rules', '/api/rules'])
    expect(store.rules).toEqual({ ammonia_major_hazard_tonnes: 12.5, dust_shift_threshold: 25 })
  })

  test('a refused first load leaves the rules unknown; the server coming back loads them, once', async () => {
    const { client } = server(403)
    const store = useRulesStore()
    await store.load(client)
    expect(store.rules).toBe(null)
    // The retry on recovery goes through the app's client, which uses the page's fetch.
    const requests: string[] = []
    vi.stubGlobal('fetch', async (url: string) => (requests.push(url), json(200, rules)))
    const connection = useConnectionStore()
    connection.state = { ...connection.state, recoveries: 1 }
    await flushPromises()
    expect(store.rules).toEqual(rules)
    connection.state = { ...connection.state, recoveries: 2 }
    await flushPromises()
    expect(requests).toEqual(['/api/rules'])
  })
})
