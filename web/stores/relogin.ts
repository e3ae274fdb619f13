import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/**
 * The log-in dialog over the current page (web/ui/ReloginDialog.vue), for a logged-in
 * user whose session ended (expired, or logged out elsewhere). Every request that got the 401
 * waits on `ask`: true once the same user has logged in again (the request is then sent again,
 * web/api/client.ts), false when the dialog was closed (the request fails, and the page keeps
 * what was typed). Several requests failing together share one dialog.
 */
export const useReloginStore = defineStore('relogin', () => {
  const username = ref<string | null>(null)
  const open = computed(() => username.value !== null)
  let waiting: { promise: Promise<boolean>; resolve: (ok: boolean) => void } | null = null

  function ask(name: string): Promise<boolean> {
    if (!waiting) {
      let resolve!: (ok: boolean) => void
      const promise = new Promise<boolean>((settle) => (resolve = settle))
      waiting = { promise, resolve }
      username.value = name
    }
    return waiting.promise
  }

  function finish(ok: boolean) {
    const current = waiting
    waiting = null
    username.value = null
    current?.resolve(ok)
  }

  return {
    username,
    open,
    ask,
    /** The same user is logged in again: the waiting requests are sent again. */
    succeeded: () => finish(true),
    /** The dialog was closed without logging in: the waiting requests fail with their 401. */
    cancel: () => finish(false),
  }
})
