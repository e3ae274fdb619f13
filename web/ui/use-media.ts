import { onBeforeUnmount, ref } from 'vue'

/** True while the viewport is phone-sized: panels turn into a bottom sheet. */
export function usePhoneLayout(query = '(max-width: 899px)') {
  const media = globalThis.matchMedia?.(query)
  const phone = ref(media?.matches ?? false)
  const update = (event: MediaQueryListEvent) => (phone.value = event.matches)
  media?.addEventListener('change', update)
  onBeforeUnmount(() => media?.removeEventListener('change', update))
  return phone
}
