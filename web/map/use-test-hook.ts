import type { useLayerData } from './use-layer-data.ts'
import type { MapHandle } from './use-map.ts'

declare global {
  interface Window {
    /** Read-only hooks for the end-to-end tests and the benchmark. */
    __sheyang?: {
      /** Features in each map source (the enterprises source holds only the filtered ones). */
      sourceFeatureCounts(): Record<string, number>
      /** Features per loaded collection as fetched, with the server's numberMatched. */
      collectionCounts(): Record<string, { features: number; numberMatched: number | undefined }>
      /** True once the default layers' data and the grid statistics are on the map and it is idle. */
      ready: boolean
      /** Resolves when every data update so far is drawn and the map is idle. */
      settled(): Promise<void>
      /** Screen position of a map coordinate, for clicking a place. */
      project(lngLat: [number, number]): { x: number; y: number } | null
      /** The wall display's state (only on /wall). */
      wall?: () => WallProbe
      /** Moves the camera to a place and waits until it is drawn (only on /fireworks). */
      flyTo?: (lngLat: [number, number], zoom: number) => Promise<void>
      /** The fireworks planner's state (only on /fireworks). */
      fireworks?: () => FireworksProbe
    }
  }
}

export type FireworksProbe = {
  /** Outlets drawn, by status, and the plan's changes drawn. */
  outlets: Record<string, number>
  changes: Record<string, number>
  /** Violations drawn on the map (lines + rings come from these). */
  drawn: number
  evaluating: boolean
  /** Frames the map has rendered since the page opened (a drag should add none). */
  renders: number
  candidate: { allowed: boolean; violations: number; server: boolean | null } | null
}

export type WallProbe = { updatedAt: number | null; town: string | null; paused: boolean; streamOpen: boolean }

/**
 * Only the e2e build (`vite build --mode e2e`) installs it; elsewhere this answers null and the
 * minifier drops the rest, so the production bundle has no `window.__sheyang`.
 */
export function installTestHook(handle: MapHandle, layers: ReturnType<typeof useLayerData>) {
  if (import.meta.env.MODE !== 'e2e') return null
  const hook: NonNullable<Window['__sheyang']> = {
    sourceFeatureCounts: () => ({ ...handle.sourceCounts }),
    collectionCounts: () =>
      Object.fromEntries(
        Object.entries(layers.data.value).map(([id, collection]) => [
          id,
          { features: collection.features.length, numberMatched: collection.numberMatched },
        ]),
      ),
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
  return hook
}
