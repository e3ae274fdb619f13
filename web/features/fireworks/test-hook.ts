import type { ComputedRef } from 'vue'
import type { FireworksProbe } from '../../map/use-test-hook.ts'
import type { DrawnViolation } from './map-features.ts'
import type { LayoutOutlet } from './plan-layout.ts'
import type { useCandidate } from './use-candidate.ts'
import type { PlanEditor } from './use-plan-editor.ts'
import type { PlannerMap } from './use-planner-map.ts'

const tally = (values: string[]) => {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

/** The e2e build's window.__sheyang on /fireworks (see web/map/use-test-hook.ts); null elsewhere. */
export function installPlannerHook(
  map: PlannerMap,
  state: {
    layout: ComputedRef<LayoutOutlet[]>
    drawn: ComputedRef<DrawnViolation[]>
    candidate: ReturnType<typeof useCandidate>
    editor: PlanEditor
  },
) {
  if (import.meta.env.MODE !== 'e2e') return null
  let renders = 0
  void map.loaded.then((instance) => instance.on('render', () => renders++))
  const hook: NonNullable<Window['__sheyang']> = {
    sourceFeatureCounts: () => ({ ...map.sourceCounts }),
    collectionCounts: () => ({}),
    ready: false,
    settled: () => map.settled(),
    project: (lngLat) => {
      const instance = map.map.value
      if (!instance) return null
      const point = instance.project(lngLat)
      const rect = instance.getContainer().getBoundingClientRect()
      return { x: rect.left + point.x, y: rect.top + point.y }
    },
    flyTo: async (lngLat, zoom) => {
      map.map.value?.jumpTo({ center: lngLat, zoom })
      await map.settled()
    },
    fireworks: (): FireworksProbe => {
      const twin = state.candidate.twin.value
      return {
        outlets: tally(state.layout.value.map((o) => o.status)),
        changes: tally(state.layout.value.flatMap((o) => (o.change ? [o.change] : []))),
        drawn: state.drawn.value.length,
        evaluating: state.editor.evaluating.value,
        renders,
        candidate: twin
          ? {
              allowed: twin.allowed,
              violations: twin.violations.length,
              server: state.candidate.server.value?.allowed ?? null,
            }
          : null,
      }
    },
  }
  window.__sheyang = hook
  return hook
}
