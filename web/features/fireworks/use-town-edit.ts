import { ref } from 'vue'
import { HttpError } from '../../api/client.ts'
import { describeError } from '../../api/errors.ts'
import { patchTown, type TownQuota } from '../../api/fireworks.ts'
import { useI18n } from '../../i18n/use-i18n.ts'
import { maxInt } from '../../../lib/limits.ts'

/** A count typed into the form: '' is none (null), else a whole number 0 … maxInt, or undefined when invalid. */
export function parseCount(text: string): number | null | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return null
  if (!/^\d+$/.test(trimmed)) return undefined
  const value = Number(trimmed)
  return value <= maxInt ? value : undefined
}

/**
 * Editing one town's households and hand-set cap in the towns table (PATCH
 * /api/fireworks/towns/{code} with the version read). An empty cap clears the hand cap (the cap
 * comes from households again). A 409 says so in Chinese and the table is read again, the form
 * taking the fresh row's values, so the planner decides again on what is there now.
 */
export function useTownEdit(reload: () => Promise<unknown>, towns: () => TownQuota[]) {
  const { t } = useI18n()
  const code = ref<string | null>(null)
  const households = ref('')
  const cap = ref('')
  const busy = ref(false)
  const error = ref('')

  function fill(town: TownQuota) {
    households.value = town.households === null ? '' : String(town.households)
    cap.value = town.outlet_cap === null ? '' : String(town.outlet_cap)
  }

  function start(town: TownQuota) {
    code.value = town.code
    error.value = ''
    fill(town)
  }

  function cancel() {
    code.value = null
    error.value = ''
  }

  async function save(town: TownQuota) {
    const nextHouseholds = parseCount(households.value)
    const nextCap = parseCount(cap.value)
    if (nextHouseholds === undefined || nextCap === undefined) {
      error.value = t('fireworks.towns.badCount')
      return
    }
    busy.value = true
    error.value = ''
    try {
      await patchTown(town.code, { version: town.version, households: nextHouseholds, outlet_cap: nextCap })
      await reload()
      code.value = null
    } catch (reason) {
      if (reason instanceof HttpError && reason.status === 409) {
        // Said once the row shows what is there now.
        await reload()
        const fresh = towns().find((row) => row.code === town.code)
        if (fresh) fill(fresh)
        error.value = t('fireworks.towns.stale')
      } else error.value = describeError(reason, t)
    } finally {
      busy.value = false
    }
  }

  return { code, households, cap, busy, error, start, cancel, save }
}
