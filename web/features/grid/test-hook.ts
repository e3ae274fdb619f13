import type { OfficerMap } from './use-officer-map.ts'

declare global {
  interface Window {
    /** Read-only hooks of the grid officer's view, for the end-to-end tests. */
    __sheyangGrid?: {
      /** True once the grid and its enterprises are on the map and it is idle. */
      ready: boolean
      gridCode(): string | null
      /** The enterprises on the map with their open-hazard counts. */
      enterprises(): { id: number; open_hazards: number }[]
      settled(): Promise<void>
    }
  }
}

/** Only in the e2e build, like web/map/use-test-hook.ts: null elsewhere. */
export function installGridTestHook(handle: OfficerMap) {
  if (import.meta.env.MODE !== 'e2e') return null
  const hook: NonNullable<Window['__sheyangGrid']> = {
    ready: false,
    gridCode: () => handle.shown.gridCode,
    enterprises: () => handle.shown.enterprises.map((e) => ({ id: e.id, open_hazards: e.open_hazards })),
    settled: () => handle.settled(),
  }
  window.__sheyangGrid = hook
  return hook
}
