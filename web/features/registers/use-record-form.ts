import { computed, ref, shallowRef } from 'vue'
import { wgs84 } from '../../../lib/crs.ts'
import { api, type ApiClient } from '../../api/client.ts'
import { deleteRecord, saveRecord, type RegisterName } from '../../api/registers.ts'
import { emptyEntry, entryFromWgs84, entryToWgs84, locationOf, type CoordinateEntry } from './coordinates.ts'
import { refusalOf, type Refusal } from './field-errors.ts'
import {
  bodyFromForm,
  formFromRecord,
  mergeStale,
  type Field,
  type FieldProblem,
  type FormValue,
  type FormValues,
} from './fields.ts'
import type { Outline } from './polygon-draw.ts'
import type { Shape } from './register-defs.ts'

type Row = Record<string, unknown>

export type RecordFormSpec = {
  register: RegisterName | 'enterprises'
  fields: Field[]
  shape: Shape
  key: 'id' | 'code'
  createOnly?: string[]
  locationOptional?: (form: FormValues) => boolean
}

const noRefusal = (): Refusal => ({ fields: {}, general: null, current: null, status: null })

/**
 * One record's form: what was read (`base`, null for a new record), what is typed, the position
 * or outline, and the save. A save sends only what changed with the version read; a 409 loads the
 * current record under what the user typed (mergeStale), so nothing typed is lost and the next
 * save carries the new version; a 422 or 400 is shown beside its field.
 */
export function useRecordForm(spec: () => RecordFormSpec, client: ApiClient = api) {
  const base = shallowRef<Row | null>(null)
  const form = ref<FormValues>({})
  const entry = ref<CoordinateEntry>(emptyEntry())
  const locationTouched = ref(false)
  const outline = shallowRef<Outline | null>(null)
  const outlineTouched = ref(false)
  const problems = ref<Record<string, FieldProblem>>({})
  const refusal = ref<Refusal>(noRefusal())
  const conflicts = ref<string[]>([])
  /** The record as the server now has it, after a 409 (its values are shown beside conflicts). */
  const current = shallowRef<Row | null>(null)
  const saving = ref(false)
  /** The last good answer (its placement, `reassigned`, `warnings`). */
  const saved = shallowRef<Row | null>(null)

  function open(record: Row | null, defaults: Row = {}) {
    const { fields } = spec()
    base.value = record
    form.value = formFromRecord(fields, record ?? defaults)
    const at = record && typeof record.lon === 'number' ? ([record.lon, record.lat] as [number, number]) : null
    entry.value = at ? entryFromWgs84(at, entry.value.crs) : emptyEntry(entry.value.crs)
    outline.value = (record?.geometry as Outline | undefined) ?? null
    locationTouched.value = false
    outlineTouched.value = false
    problems.value = {}
    refusal.value = noRefusal()
    conflicts.value = []
    current.value = null
    saved.value = null
  }

  function setField(key: string, value: FormValue) {
    form.value = { ...form.value, [key]: value }
  }

  /** A click or a drag on the map: the point in the entry's system. */
  function place(at: [number, number]) {
    entry.value = entryFromWgs84(at, entry.value.crs)
    locationTouched.value = true
  }
  function typeEntry(next: CoordinateEntry) {
    entry.value = next
    locationTouched.value = true
  }
  function draw(next: Outline | null) {
    outline.value = next
    outlineTouched.value = true
  }

  /** Where the marker goes (WGS84), from what is typed. */
  const markerAt = computed(() => {
    try {
      return entryToWgs84(entry.value)
    } catch {
      return null
    }
  })

  function build(): { body: Row; problems: Record<string, FieldProblem> } {
    const { fields, shape, createOnly = [], locationOptional } = spec()
    const editing = base.value !== null
    const shown = editing ? fields.filter((field) => !createOnly.includes(field.key)) : fields
    const { body, problems: found } = bodyFromForm(shown, form.value, base.value)
    if (shape === 'point' && (!editing || locationTouched.value)) {
      const location = locationOf(entry.value)
      if (location) body.location = location.crs === wgs84 ? { lon: location.lon, lat: location.lat } : location
      else if (!locationOptional?.(form.value) || entry.value.x.trim() || entry.value.y.trim())
        found.location = 'required'
    }
    if (shape === 'polygon' && (!editing || outlineTouched.value)) {
      if (outline.value) body.geometry = outline.value
      else found.geometry = 'required'
    }
    if (editing) body.version = base.value!.version
    return { body, problems: found }
  }

  /** Saves; the answer (the record as stored) or null when refused. */
  async function save(): Promise<Row | null> {
    const { body, problems: found } = build()
    problems.value = found
    refusal.value = noRefusal()
    if (Object.keys(found).length > 0) return null
    const { register, key } = spec()
    saving.value = true
    try {
      const answer = await saveRecord<Row>(
        register,
        base.value ? (base.value[key] as string | number) : null,
        body,
        client,
      )
      open(answer)
      saved.value = answer
      return answer
    } catch (error) {
      const refused = refusalOf(error)
      refusal.value = refused
      if (refused.current && base.value) {
        const merged = mergeStale(spec().fields, form.value, base.value, refused.current)
        form.value = merged.form
        conflicts.value = merged.conflicts
        current.value = refused.current
        base.value = refused.current
      }
      return null
    } finally {
      saving.value = false
    }
  }

  /** Removes the record read (sensitive sites, zones): true when done; a refusal shows as a save's would. */
  async function remove(): Promise<boolean> {
    const { register } = spec()
    if (!base.value || (register !== 'sensitive-sites' && register !== 'zones')) return false
    saving.value = true
    try {
      await deleteRecord(register, base.value.id as number, base.value.version as number, client)
      return true
    } catch (error) {
      refusal.value = refusalOf(error)
      if (refusal.value.current) {
        current.value = refusal.value.current
        base.value = refusal.value.current
      }
      return false
    } finally {
      saving.value = false
    }
  }

  /** The message key of a field's problem: typed wrong here, or refused by the server. */
  const errorOf = (key: string) => {
    const problem = problems.value[key]
    if (problem) return `registers.problem.${problem}`
    const code = refusal.value.fields[key]
    return code ? `registers.errors.${code}` : null
  }

  return {
    base,
    form,
    entry,
    outline,
    markerAt,
    refusal,
    conflicts,
    current,
    saving,
    saved,
    open,
    setField,
    place,
    typeEntry,
    draw,
    save,
    remove,
    errorOf,
  }
}

export type RecordForm = ReturnType<typeof useRecordForm>
