import { computed, ref, watch, type Ref } from 'vue'
import { checkCandidateInBrowser } from './candidate-check.ts'
import { drawnViolations } from './drawn-violations.ts'
import { emptyFeatures, pointFeature, probeFeatures } from './map-features.ts'
import { twinLayers } from './plan-layout.ts'
import { installPlannerHook } from './test-hook.ts'
import { probeParties, useCandidate } from './use-candidate.ts'
import { useFireworksData } from './use-fireworks-data.ts'
import { useOutletEdit } from './use-outlet-edit.ts'
import { usePlanEditor } from './use-plan-editor.ts'
import { usePlannerMap, type TownQuotaState } from './use-planner-map.ts'

export const tabs = ['violations', 'towns', 'check', 'plan'] as const
export type Tab = (typeof tabs)[number]

/**
 * The state of /fireworks and the map's wiring: which tab, which outlet is selected or open, the
 * layout shown (today's, or the open plan's), its violations and towns, and what a click, a drag
 * and a drop on the map do in each tab. FireworksView.vue lays it out.
 */
export function useFireworksScreen(mapElement: Readonly<Ref<HTMLDivElement | null>>) {
  const data = useFireworksData()
  const editor = usePlanEditor(data)
  const candidate = useCandidate()
  const tab = ref<Tab>('violations')
  const tool = ref<'select' | 'add'>('select')
  const selected = ref<string | null>(null)
  const adding = ref<[number, number] | null>(null)
  const comparing = ref(false)
  /** The outlet whose record is open in the side panel (outside the plan tab). */
  const openOutlet = ref<number | null>(null)
  const outlet = useOutletEdit(data, openOutlet)

  const rules = computed(() => data.violations.value?.rules ?? data.towns.value?.rules ?? null)
  const planOpen = computed(() => tab.value === 'plan' && editor.plan.value !== null)
  const layout = computed(() => (planOpen.value ? editor.layout.value : data.outlets.value))
  const shownViolations = computed(() =>
    planOpen.value ? (editor.evaluation.value?.violations ?? []) : (data.violations.value?.violations ?? []),
  )
  const shownTowns = computed(() =>
    planOpen.value && editor.evaluation.value ? editor.evaluation.value.towns : (data.towns.value?.towns ?? []),
  )
  const townNames = computed(() => new Map((data.towns.value?.towns ?? []).map((row) => [row.code, row.name])))
  const canEditTowns = computed(() => (data.towns.value?.actions ?? []).includes('edit_town'))
  const drawn = computed(() => drawnViolations(shownViolations.value, layout.value, data.sites.value))
  const townQuota = computed(
    () =>
      new Map<string, TownQuotaState>(
        shownTowns.value.map((town) => [town.code, town.within === null ? 'none' : town.within ? 'within' : 'over']),
      ),
  )

  const map = usePlannerMap(mapElement, data, {
    layout: () => layout.value,
    violations: () => drawn.value,
    townQuota: () => townQuota.value,
    siteThresholds: () => rules.value?.fireworks_site_distance_m ?? null,
    onMapClick: (at) => {
      if (tab.value === 'plan' && editor.editable.value && tool.value === 'add') adding.value = at
      else if (tab.value === 'check' || tab.value === 'plan') void check(at)
    },
    onOutletClick: (key) => {
      select(key)
      if (tab.value !== 'plan') openOutlet.value = layout.value.find((o) => o.key === key)?.id ?? null
    },
    canDrag: (key) =>
      planOpen.value && editor.editable.value && layout.value.some((o) => o.key === key && o.status !== 'closed'),
    onDrag: (key, at) => {
      if (!rules.value) return
      const layers = twinLayers(layout.value, data.prepared.value, key)
      const answer = checkCandidateInBrowser(at, layers, rules.value)
      map.drawDrag(at, answer.allowed, probeParties(answer, layers))
    },
    onDrop: (key, at) => {
      showProbe(at, key)
      const moved = layout.value.find((o) => o.key === key)
      if (!moved) return
      if (moved.id !== null) editor.move(moved.id, at[0], at[1])
      else editor.moveAdded(moved.ref!, at[0], at[1])
      selected.value = key
      void map.setFocus(pointFeature(at))
    },
  })

  /** Selects an outlet of the layout shown and rings it on the map. */
  function select(key: string) {
    selected.value = key
    const chosen = layout.value.find((o) => o.key === key)
    if (chosen) void map.setFocus(pointFeature(chosen.at))
    return chosen
  }

  /** The browser twin's answer for a point, drawn as the probe (used while dragging: no server call). */
  function showProbe(at: [number, number], exceptKey: string | null) {
    if (!rules.value) return null
    const layers = twinLayers(layout.value, data.prepared.value, exceptKey)
    const answer = checkCandidateInBrowser(at, layers, rules.value)
    void map.setProbe(probeFeatures(at, answer.allowed, probeParties(answer, layers)))
    return answer
  }

  async function check(at: [number, number]) {
    if (!rules.value) return
    showProbe(at, null)
    await candidate.check(at, twinLayers(layout.value, data.prepared.value), rules.value)
  }

  function flyTo(key: string) {
    const chosen = select(key)
    if (chosen) void map.flyTo(chosen.at)
  }

  /** A violations row: fly to the outlet and open its record. */
  function openFromList(key: string) {
    flyTo(key)
    openOutlet.value = layout.value.find((o) => o.key === key)?.id ?? null
  }

  watch(tab, (next) => {
    if (next !== 'check' && next !== 'plan') {
      candidate.clear()
      void map.setProbe(emptyFeatures())
    }
    if (next !== 'plan') comparing.value = false
    else openOutlet.value = null
  })
  watch(
    () => data.towns.value?.year,
    (year) => {
      if (year && editor.plans.value.length === 0) editor.year.value = year + 1
    },
  )

  const hook = installPlannerHook(map, { layout, drawn, candidate, editor })
  void (async () => {
    await data.load()
    await map.settled()
    if (hook) hook.ready = true
  })()

  return {
    data,
    editor,
    candidate,
    map,
    outlet,
    tab,
    tool,
    selected,
    adding,
    comparing,
    openOutlet,
    rules,
    planOpen,
    layout,
    shownTowns,
    townNames,
    canEditTowns,
    check,
    flyTo,
    openFromList,
  }
}
