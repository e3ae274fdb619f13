import { shallowRef, watch, type WatchSource } from 'vue'
import { useConnectionStore } from '../stores/connection.ts'

/**
 * Data fetched for a reactive source: refetched when the source changes and when the server comes
 * back after an outage. Keeps showing the previous data while a new request runs, and a late
 * answer for an older source never replaces a newer one.
 */
export function useResource<S, T>(source: WatchSource<S>, load: (value: S) => Promise<T>) {
  const data = shallowRef<T | null>(null)
  const error = shallowRef<unknown>(null)
  const loading = shallowRef(false)
  const connection = useConnectionStore()
  let generation = 0

  async function run(value: S) {
    const mine = ++generation
    loading.value = true
    try {
      const result = await load(value)
      if (mine !== generation) return
      data.value = result
      error.value = null
    } catch (reason) {
      if (mine === generation) error.value = reason
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  watch(source, (value) => void run(value), { immediate: true, deep: true })
  watch(
    () => connection.state.recoveries,
    () => {
      const value = typeof source === 'function' ? (source as () => S)() : (source as { value: S }).value
      void run(value)
    },
  )
  return { data, error, loading }
}
