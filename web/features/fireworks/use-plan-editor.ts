import { computed, ref, shallowRef, watch } from 'vue'
import { HttpError } from '../../api/client.ts'
import { describeError } from '../../api/errors.ts'
import {
  adoptPlan,
  createPlan,
  deletePlan,
  evaluateChanges,
  fetchPlan,
  fetchPlans,
  savePlan,
  type Evaluation,
  type Plan,
  type PlanChange,
  type PlanSummary,
} from '../../api/fireworks-plans.ts'
import { useI18n } from '../../i18n/use-i18n.ts'
import { planLayout } from './plan-layout.ts'
import type { FireworksData } from './use-fireworks-data.ts'

/** How long the editor waits after the last change before asking the server to evaluate it. */
const evaluateDelayMs = 350

/**
 * The what-if plan being edited: the stored plan, the working change list (the map and the browser
 * twin follow it at once), and the server's evaluation of it (POST /evaluate, debounced, only the
 * last answer kept). Saving replaces the stored list; adopting applies it to the outlets.
 */
export function usePlanEditor(data: FireworksData) {
  const { t } = useI18n()
  const year = ref(new Date().getFullYear() + 1)
  const plans = shallowRef<PlanSummary[]>([])
  const plan = shallowRef<Plan | null>(null)
  const changes = shallowRef<PlanChange[]>([])
  const evaluation = shallowRef<Evaluation | null>(null)
  const evaluating = ref(false)
  const busy = ref(false)
  const message = ref<{ kind: 'error' | 'ok'; text: string } | null>(null)

  const layout = computed(() => planLayout(data.outlets.value, plan.value ? changes.value : []))
  const dirty = computed(() => !!plan.value && JSON.stringify(plan.value.changes) !== JSON.stringify(changes.value))
  const editable = computed(() => plan.value?.status === 'draft')

  let timer: ReturnType<typeof setTimeout> | undefined
  let asked = 0
  watch([plan, changes], () => {
    clearTimeout(timer)
    if (!plan.value) {
      evaluation.value = null
      return
    }
    evaluating.value = true
    timer = setTimeout(() => void evaluate(), evaluateDelayMs)
  })

  async function evaluate() {
    const mine = ++asked
    try {
      const answer = await evaluateChanges(changes.value)
      if (mine === asked) evaluation.value = answer
    } catch (error) {
      if (mine === asked) fail(error)
    } finally {
      if (mine === asked) evaluating.value = false
    }
  }

  function fail(error: unknown) {
    message.value = { kind: 'error', text: refusal(error) }
  }

  /** The server's refusal in Chinese; a 409 layout_changed names the outlets that changed. */
  function refusal(error: unknown): string {
    if (error instanceof HttpError && error.status === 409) {
      const body = error.body as { code?: string; details?: { outlet_ids?: number[]; changed?: number[] } } | null
      if (body?.code === 'layout_changed') {
        const ids = body.details?.outlet_ids ?? body.details?.changed ?? []
        const names = ids.map((id) => data.outlets.value.find((o) => o.id === id)?.name ?? `#${id}`)
        return t('fireworks.plan.layoutChanged', { names: names.join('、') || '—' })
      }
    }
    return describeError(error, t)
  }

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    message.value = null
    try {
      return await action()
    } catch (error) {
      fail(error)
      return undefined
    } finally {
      busy.value = false
    }
  }

  const listPlans = () => run(async () => (plans.value = (await fetchPlans(year.value)).plans))
  function setYear(next: number) {
    year.value = next
    void listPlans()
  }

  function show(next: Plan | null) {
    plan.value = next
    changes.value = next?.changes ?? []
  }

  const open = (id: number) => run(async () => show(await fetchPlan(id)))
  const create = (name: string, note: string) =>
    run(async () => {
      show(await createPlan({ name, year: year.value, ...(note ? { note } : {}) }))
      await listPlans()
    })
  const leave = () => {
    show(null)
    void listPlans()
  }

  const save = () =>
    run(async () => {
      const current = plan.value!
      show(await savePlan(current.id, { version: current.version, changes: changes.value }))
      message.value = { kind: 'ok', text: t('fireworks.plan.saved') }
    })

  const adopt = () =>
    run(async () => {
      if (dirty.value) await savePlanNow()
      show(await adoptPlan(plan.value!.id, plan.value!.version))
      message.value = { kind: 'ok', text: t('fireworks.plan.adoptedNotice') }
      await data.reload()
    })
  async function savePlanNow() {
    const current = plan.value!
    show(await savePlan(current.id, { version: current.version, changes: changes.value }))
  }

  const remove = () =>
    run(async () => {
      await deletePlan(plan.value!.id, plan.value!.version)
      leave()
    })

  // The edits. At most one close or move per outlet: a new one replaces the old.
  const without = (outletId: number) => changes.value.filter((c) => c.kind === 'add' || c.outlet_id !== outletId)
  function close(outletId: number) {
    changes.value = [...without(outletId), { kind: 'close', outlet_id: outletId }]
  }
  function move(outletId: number, lon: number, lat: number) {
    changes.value = [...without(outletId), { kind: 'move', outlet_id: outletId, lon, lat }]
  }
  function moveAdded(ref: string, lon: number, lat: number) {
    changes.value = changes.value.map((c) => (c.kind === 'add' && c.ref === ref ? { ...c, lon, lat } : c))
  }
  function add(change: Extract<PlanChange, { kind: 'add' }>) {
    changes.value = [...changes.value, change]
  }
  /** Undoes what the plan does to an outlet (stored: by id; added: by ref). */
  function undo(id: number | null, ref: string | null) {
    changes.value = changes.value.filter((c) => (c.kind === 'add' ? c.ref !== ref : c.outlet_id !== id))
  }
  const nextRef = () => {
    const used = new Set(changes.value.flatMap((c) => (c.kind === 'add' ? [c.ref] : [])))
    let n = used.size + 1
    while (used.has(`new-${n}`)) n++
    return `new-${n}`
  }

  return {
    year,
    plans,
    plan,
    changes,
    evaluation,
    evaluating,
    busy,
    message,
    layout,
    dirty,
    editable,
    listPlans,
    setYear,
    open,
    create,
    leave,
    save,
    adopt,
    remove,
    close,
    move,
    moveAdded,
    add,
    undo,
    nextRef,
  }
}

export type PlanEditor = ReturnType<typeof usePlanEditor>
