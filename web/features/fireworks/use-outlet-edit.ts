import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { HttpError } from '../../api/client.ts'
import { describeError } from '../../api/errors.ts'
import { patchOutlet } from '../../api/fireworks.ts'
import { fetchAllItems } from '../../api/ogc.ts'
import { useI18n } from '../../i18n/use-i18n.ts'
import { outletChanges, outletForm, type OutletForm, type OutletFormErrors } from './outlet-form.ts'
import type { FireworksData } from './use-fireworks-data.ts'

export type Supplier = { id: number; name: string }

/** The wholesale enterprises an outlet may buy from, read once per page (OGC, fireworks_wholesale). */
let suppliers: Promise<Supplier[]> | null = null
function wholesalers(): Promise<Supplier[]> {
  suppliers ??= fetchAllItems('enterprises', { fireworks_wholesale: 'true' })
    .then((page) =>
      page.features
        .map((f) => ({ id: Number(f.id), name: String(f.properties.name) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    )
    .catch(() => ((suppliers = null), []))
  return suppliers
}

/**
 * The open outlet's record and its form (PATCH /api/fireworks/outlets/{id} with the version
 * read). After a save every answer is read again (the violations follow the new record); a 409
 * says so in Chinese, reads again and refills the form from what is there now.
 */
export function useOutletEdit(data: FireworksData, id: Ref<number | null>) {
  const { t } = useI18n()
  const record = computed(
    () => data.outletCollection.value?.features.find((f) => f.id === id.value)?.properties ?? null,
  )
  const form = ref<OutletForm | null>(null)
  const errors = shallowRef<OutletFormErrors>({})
  const message = ref<{ kind: 'ok' | 'error'; text: string } | null>(null)
  const busy = ref(false)
  const supplierList = shallowRef<Supplier[]>([])
  const editable = computed(() => (data.outletCollection.value?.actions ?? []).includes('edit_outlet'))

  function fill() {
    form.value = record.value ? outletForm(record.value) : null
    errors.value = {}
  }
  watch(id, () => {
    message.value = null
    fill()
    if (id.value !== null && supplierList.value.length === 0) void wholesalers().then((l) => (supplierList.value = l))
  })

  const pending = computed(() =>
    form.value && record.value ? outletChanges(form.value, record.value) : { changes: {}, errors: {} },
  )
  const dirty = computed(() => Object.keys(pending.value.changes).length > 0)

  async function save() {
    const current = record.value
    if (!form.value || !current) return
    const { changes, errors: invalid } = pending.value
    errors.value = invalid
    message.value = null
    if (Object.keys(invalid).length > 0) return
    if (!dirty.value) {
      message.value = { kind: 'ok', text: t('fireworks.outlet.unchanged') }
      return
    }
    busy.value = true
    try {
      await patchOutlet(current.id, { version: current.version, ...changes })
      await data.reload()
      fill()
      message.value = { kind: 'ok', text: t('fireworks.outlet.saved') }
    } catch (reason) {
      const stale = reason instanceof HttpError && reason.status === 409 && isStale(reason)
      if (stale) {
        // Said once the form shows what is there now.
        await data.reload()
        fill()
      }
      message.value = { kind: 'error', text: stale ? t('fireworks.outlet.stale') : describeError(reason, t) }
    } finally {
      busy.value = false
    }
  }

  return { record, form, errors, message, busy, editable, dirty, suppliers: supplierList, save, revert: fill }
}

const isStale = (error: HttpError) => {
  const code = (error.body as { code?: string } | null)?.code
  return code === 'stale_version' || code === 'version_conflict'
}

export type OutletEdit = ReturnType<typeof useOutletEdit>
