import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { fetchEnterpriseRecord } from '../../api/enterprises.ts'
import { fetchRegister } from '../../api/registers.ts'
import { useAuthStore } from '../../stores/auth.ts'
import { enterpriseFields, newEnterpriseDefaults } from './enterprise-fields.ts'
import { recordFeatures } from './map-layers.ts'
import { isRegisterTab, newRecordDefaults, registerDefs, type RegisterDef, type RegisterTab } from './register-defs.ts'
import { useRecordForm, type RecordFormSpec } from './use-record-form.ts'
import { useRegisterList } from './use-register-list.ts'
import { useRegisterMap } from './use-register-map.ts'

type Row = Record<string, unknown>

const specOf = (def: RegisterDef): RecordFormSpec => ({
  register: def.name,
  fields: def.fields,
  shape: def.shape,
  key: def.key,
  createOnly: def.createOnly,
  locationOptional: def.locationOptional,
})
const enterpriseSpec: RecordFormSpec = { register: 'enterprises', fields: enterpriseFields, shape: 'point', key: 'id' }

/**
 * The 数据维护 screen's state: the tab and the record in the address (/registers/{tab}?id= or
 * ?new=1), the table, the open form (and an enterprise's confined-space form over it), and the
 * map following them: the marker of the point being placed, terra-draw for an outline.
 */
export function useRegistersScreen(mapContainer: Ref<HTMLElement | null>) {
  const route = useRoute()
  const router = useRouter()
  const auth = useAuthStore()

  const tab = computed<RegisterTab>(() =>
    isRegisterTab(route.params.register) ? route.params.register : 'enterprises',
  )
  const def = computed(() => (tab.value === 'enterprises' || tab.value === 'outlets' ? null : registerDefs[tab.value]))
  const keyName = computed(() => def.value?.key ?? 'id')
  const list = useRegisterList(() => tab.value)
  const main = useRecordForm(() => (def.value ? specOf(def.value) : enterpriseSpec))
  const space = useRecordForm(() => specOf(registerDefs['confined-spaces']))
  const formOpen = ref(false)
  const spaceOpen = ref(false)
  const spaces = shallowRef<Row[]>([])
  const active = computed(() => (spaceOpen.value ? space : main))
  const shape = computed(() =>
    spaceOpen.value || tab.value === 'enterprises' ? 'point' : (def.value?.shape ?? 'none'),
  )
  /** DOMAIN: grid boundaries are the county's (the server refuses a town user's boundary change). */
  const outlineEditable = computed(
    () => tab.value !== 'grids' || auth.user?.role === 'admin' || auth.user?.role === 'county',
  )
  const selectedKey = computed(() =>
    formOpen.value && main.base.value ? String(main.base.value[keyName.value]) : null,
  )

  const map = useRegisterMap(mapContainer, {
    records: () => recordFeatures(spaceOpen.value ? spaces.value : list.rows.value, keyName.value, selectedKey.value),
    marker: () => (formOpen.value && shape.value === 'point' ? active.value.markerAt.value : null),
    placing: () => formOpen.value && shape.value === 'point',
    editing: () => formOpen.value,
    onPlace: (at) => active.value.place(at),
    onRecordClick: (key) => void router.push({ query: { id: key } }),
    onOutlineChange: (outline) => main.draw(outline),
  })

  async function loadSpaces(enterpriseId: unknown) {
    spaces.value =
      typeof enterpriseId === 'number'
        ? (await fetchRegister('confined-spaces', { enterprise_id: enterpriseId, limit: 100 })).items
        : []
  }

  /**
   * The record of ?id=: the enterprise's full record, else the row of the table, else one the
   * register's search finds (by name: the table's own rows are the usual way in).
   */
  async function recordOf(key: string): Promise<Row | null> {
    if (tab.value === 'enterprises') return (await fetchEnterpriseRecord(key)).enterprise as Row
    const sameKey = (row: Row) => String(row[keyName.value]) === key
    const inPage = list.rows.value.find(sameKey)
    if (inPage || !def.value) return inPage ?? null
    return ((await fetchRegister(def.value.name, { q: key, limit: 50 })).items as Row[]).find(sameKey) ?? null
  }

  let openTab: RegisterTab | null = null
  async function openFromRoute() {
    const id = typeof route.query.id === 'string' ? route.query.id : null
    const isNew = route.query.new === '1'
    // A new record just saved gets its id in the address: it is the record already open.
    const base = main.base.value
    if (formOpen.value && id && openTab === tab.value && base && String(base[keyName.value]) === id) return
    openTab = tab.value
    spaceOpen.value = false
    if (!id && !isNew) {
      formOpen.value = false
      map.stopOutline()
      return
    }
    const record = id ? await recordOf(id) : null
    if (id && !record) {
      // Not in the caller's area (or gone): nothing to edit, and certainly not a new record.
      formOpen.value = false
      map.stopOutline()
      return
    }
    const defaults =
      tab.value === 'enterprises' ? newEnterpriseDefaults : def.value ? newRecordDefaults(def.value.name) : {}
    main.open(record, defaults)
    formOpen.value = true
    if (tab.value === 'enterprises') void loadSpaces(record?.id)
    if (shape.value === 'polygon') {
      const outline = main.outline.value
      if (outlineEditable.value) await map.editOutline(outline)
      if (outline) void map.show(outline)
    } else if (main.markerAt.value) void map.show(main.markerAt.value)
  }
  watch(
    [tab, () => route.query.id, () => route.query.new],
    () => void openFromRoute().catch(() => (formOpen.value = false)),
    { immediate: true },
  )

  async function save() {
    const answer = await active.value.save()
    if (!answer) return
    if (spaceOpen.value) {
      spaceOpen.value = false
      await loadSpaces(main.base.value?.id)
      return
    }
    await list.load()
    const key = String(answer[keyName.value])
    if (route.query.id !== key) await router.replace({ query: { id: key } })
  }

  async function remove() {
    if (!(await main.remove())) return
    await list.load()
    await router.push({ query: {} })
  }

  function openSpace(row: Row | null) {
    space.open(row, newRecordDefaults('confined-spaces', { enterprise_id: main.base.value?.id }))
    spaceOpen.value = true
  }

  return {
    tab,
    def,
    list,
    main,
    space,
    active,
    spaces,
    formOpen,
    spaceOpen,
    shape,
    outlineEditable,
    map,
    save,
    remove,
    openSpace,
    closeSpace: () => (spaceOpen.value = false),
    openNew: () => void router.push({ query: { new: '1' } }),
    openRow: (row: Row) => void router.push({ query: { id: String(row[keyName.value]) } }),
    close: () => void router.push({ query: {} }),
  }
}

export type RegistersScreen = ReturnType<typeof useRegistersScreen>
