import { onBeforeUnmount, onMounted } from 'vue'
import { createLiveEvents, type LiveEventsOptions } from './live-events.ts'

/** The server's change stream for a view's lifetime: opened on mount, closed on unmount. */
export function useLiveEvents(options: LiveEventsOptions) {
  const live = createLiveEvents(options)
  onMounted(() => live.start())
  onBeforeUnmount(() => live.stop())
  return live
}
