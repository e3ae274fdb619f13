import type { MapHandle } from '../../map/use-map.ts'
import type { RegistersScreen } from './use-registers-screen.ts'

/** The e2e build's window.__sheyang on /registers (see web/map/use-test-hook.ts); null elsewhere. */
export function installRegistersHook(handle: MapHandle, screen: Pick<RegistersScreen, 'list'>) {
  if (import.meta.env.MODE !== 'e2e') return null
  const hook: NonNullable<Window['__sheyang']> = {
    sourceFeatureCounts: () => ({ ...handle.sourceCounts }),
    collectionCounts: () => ({
      records: { features: screen.list.rows.value.length, numberMatched: screen.list.total.value },
    }),
    ready: false,
    settled: () => handle.settled(),
    project: (lngLat) => {
      const map = handle.map.value
      if (!map) return null
      const point = map.project(lngLat)
      const rect = map.getContainer().getBoundingClientRect()
      return { x: rect.left + point.x, y: rect.top + point.y }
    },
  }
  window.__sheyang = hook
  void handle.loaded.then(() => handle.settled()).then(() => (hook.ready = true))
  return hook
}
