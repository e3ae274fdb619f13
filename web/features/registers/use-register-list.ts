import { ref, shallowRef, watch } from 'vue'
import { fetchLedger, type EnterpriseLedgerPage } from '../../api/ledgers.ts'
import { fetchRegister } from '../../api/registers.ts'
import type { RegisterTab } from './register-defs.ts'

type Row = Record<string, unknown>

export const registerPageSize = 20

/**
 * The open tab's table: a page of GET /api/registers/{register} (enterprises: the enterprise
 * ledger, /api/ledgers/enterprises), searched by `q`; a search starts at the first page again.
 */
export function useRegisterList(tab: () => RegisterTab) {
  const q = ref('')
  const offset = ref(0)
  const rows = shallowRef<Row[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let asked = 0

  async function load() {
    const register = tab()
    if (register === 'outlets') {
      rows.value = []
      total.value = 0
      return
    }
    const query = { q: q.value.trim(), offset: offset.value, limit: registerPageSize }
    const request = ++asked
    loading.value = true
    try {
      const page =
        register === 'enterprises'
          ? await fetchLedger('enterprises', query).then((p) => {
              const { rows: items, total: count } = p as EnterpriseLedgerPage
              return { items: items as Row[], total: count }
            })
          : await fetchRegister(register, query)
      if (request !== asked) return
      rows.value = page.items as Row[]
      total.value = page.total
      error.value = null
    } catch (reason) {
      if (request === asked) error.value = reason
    } finally {
      if (request === asked) loading.value = false
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined
  watch(q, () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (offset.value === 0) void load()
      else offset.value = 0
    }, 250)
  })
  watch(offset, () => void load())
  watch(
    tab,
    () => {
      q.value = ''
      offset.value = 0
      void load()
    },
    { immediate: true },
  )

  return {
    q,
    offset,
    rows,
    total,
    loading,
    error,
    load,
    search: (text: string) => (q.value = text),
    goTo: (at: number) => (offset.value = Math.max(0, at)),
  }
}

export type RegisterList = ReturnType<typeof useRegisterList>
