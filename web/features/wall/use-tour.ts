import { onBeforeUnmount, onMounted, shallowRef } from 'vue'
import { stepTown, type TourParams } from './tour-params.ts'

/**
 * The tour through the towns: `current` is the town on show (null: the whole county). With
 * ?tour=1 it moves on every `periodS` seconds; ?town= holds it on one town. Keys: Space or P
 * pause / resume, → / ← next / previous town, Escape or Home the whole county (paused).
 * One timer at most, re-armed on each step and cleared on unmount.
 */
export function useTour(params: TourParams, sequence: () => string[]) {
  const current = shallowRef<string | null>(params.town)
  const paused = shallowRef(params.town !== null || !params.enabled)
  let timer: ReturnType<typeof setTimeout> | undefined

  function arm() {
    clearTimeout(timer)
    timer = undefined
    if (paused.value) return
    timer = setTimeout(() => {
      current.value = stepTown(sequence(), current.value, 1)
      arm()
    }, params.periodS * 1000)
  }

  function step(direction: 1 | -1) {
    current.value = stepTown(sequence(), current.value, direction)
    arm()
  }

  function setPaused(value: boolean) {
    paused.value = value
    arm()
  }

  function overview() {
    current.value = null
    setPaused(true)
  }

  /** Starts moving (when enabled and not held on a town): the first town comes at once. */
  function begin() {
    if (paused.value) return
    current.value = stepTown(sequence(), current.value, 1)
    arm()
  }

  function onKey(event: KeyboardEvent) {
    if (event.key === ' ' || event.key === 'p' || event.key === 'P') setPaused(!paused.value)
    else if (event.key === 'ArrowRight') step(1)
    else if (event.key === 'ArrowLeft') step(-1)
    else if (event.key === 'Escape' || event.key === 'Home') overview()
    else return
    event.preventDefault()
  }

  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKey)
    clearTimeout(timer)
  })

  return { current, paused, begin, step, setPaused, overview }
}
