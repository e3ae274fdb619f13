import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, test } from 'vitest'
import { createApiClient } from '../../../../web/api/client.ts'
import type { useLayerData } from '../../../../web/map/use-layer-data.ts'
import { useWallData } from '../../../../web/features/wall/use-wall-data.ts'

/** A server that answers after the test releases it, recording each path asked for. */
function harness() {
  setActivePinia(createPinia())
  const asked: string[] = []
  const waiting: (() => void)[] = []
  const fetch = (async (input: RequestInfo | URL) => {
    const url = String(input)
    asked.push(url.split('?')[0]!)
    await new Promise<void>((resolve) => waiting.push(resolve))
    return new Response(JSON.stringify(url.startsWith('/api/stats/towns') ? { towns: [] } : { url }), { status: 200 })
  }) as typeof globalThis.fetch
  const client = createApiClient({ fetch, schedule: () => undefined })
  const reloaded: string[][] = []
  const layers = { reload: async (ids: string[]) => void reloaded.push(ids) } as unknown as ReturnType<
    typeof useLayerData
  >
  const data = useWallData(client, layers, () => 42)
  const release = async () => {
    while (waiting.length > 0) waiting.shift()!()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { data, asked, reloaded, release }
}

describe('useWallData', () => {
  test('refetches only the resources asked for and stamps the update time', async () => {
    const h = harness()
    const done = h.data.refresh(['summary', 'lists', 'enterprises'])
    await h.release()
    await done
    expect(h.asked).toEqual(['/api/stats/summary', '/api/wall/lists'])
    expect(h.reloaded).toEqual([['enterprises']])
    expect(h.data.updatedAt.value).toBe(42)
  })

  test('requests made while a refresh runs are merged into one more round, never run alongside', async () => {
    const h = harness()
    const first = h.data.refresh(['summary'])
    await new Promise((resolve) => setTimeout(resolve, 0))
    void h.data.refresh(['lists'])
    void h.data.refresh(['lists', 'townStats'])
    void h.data.refresh(['summary'])
    expect(h.asked).toEqual(['/api/stats/summary'])
    await h.release()
    await h.release()
    await first
    expect(h.asked).toEqual(['/api/stats/summary', '/api/stats/summary', '/api/wall/lists', '/api/stats/towns'])
  })
})
