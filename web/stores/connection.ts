import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiClient, ConnectionState } from '../api/client.ts'

/** The API client's connection state as plain data, for the stale banner and for reloading. */
export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>({ stale: false, lastGoodAt: null, failures: 0, nextRetryAt: null, recoveries: 0 })
  function follow(client: ApiClient) {
    return client.subscribe((next) => {
      state.value = next
    })
  }
  return { state, follow }
})
