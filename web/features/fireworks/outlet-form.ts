import type { OutletFeature, OutletPatch } from '../../api/fireworks.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { outletLimits } from '../../../lib/limits.ts'

/** An outlet's ledger fields as GET /api/fireworks/outlets gives them. */
export type OutletRecord = OutletFeature['properties']

/** The outlet form's fields, as typed (text inputs hold strings; '' is none). */
export type OutletForm = {
  name: string
  operator: string
  phone: string
  address: string
  kind: OutletRecord['kind']
  status: OutletRecord['status']
  floor_area_m2: string
  storage_limit_kg: string
  dedicated_shop: boolean
  shares_residence: boolean
  licence_no: string
  licence_valid_from: string
  licence_valid_to: string
  supplier_enterprise_id: string
}

export type OutletFormErrors = Partial<Record<keyof OutletForm, MessageKey>>

const text = (value: string | null) => value ?? ''
const number = (value: number | null) => (value === null ? '' : String(value))

/** The form filled from a record. */
export function outletForm(record: OutletRecord): OutletForm {
  return {
    name: record.name,
    operator: text(record.operator),
    phone: text(record.phone),
    address: text(record.address),
    kind: record.kind,
    status: record.status,
    floor_area_m2: number(record.floor_area_m2),
    storage_limit_kg: number(record.storage_limit_kg),
    dedicated_shop: record.dedicated_shop,
    shares_residence: record.shares_residence,
    licence_no: text(record.licence_no),
    licence_valid_from: text(record.licence_valid_from),
    licence_valid_to: text(record.licence_valid_to),
    supplier_enterprise_id: number(record.supplier_enterprise_id),
  }
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/
const validDate = (value: string) => isoDate.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
const decimal = /^\d+(\.\d+)?$/

/**
 * What the form changes of the record, as the PATCH body's fields (the version is added by the
 * caller), or the fields in error with their message keys. The rules the server alone can judge
 * (a licence number for an active outlet, a unique licence, a supplier that exists) come back as
 * its 4xx, shown in Chinese by describeError.
 */
export function outletChanges(
  form: OutletForm,
  record: OutletRecord,
): { changes: Omit<OutletPatch, 'version'>; errors: OutletFormErrors } {
  const errors: OutletFormErrors = {}
  const changes: Omit<OutletPatch, 'version'> = {}
  const name = form.name.trim()
  if (!name) errors.name = 'fireworks.outlet.errors.name'
  else if (name !== record.name) changes.name = name

  for (const field of ['operator', 'phone', 'address', 'licence_no'] as const) {
    const value = form[field].trim() || null
    if (value !== record[field]) changes[field] = value
  }
  if (form.kind !== record.kind) changes.kind = form.kind
  if (form.status !== record.status) changes.status = form.status
  if (form.dedicated_shop !== record.dedicated_shop) changes.dedicated_shop = form.dedicated_shop
  if (form.shares_residence !== record.shares_residence) changes.shares_residence = form.shares_residence

  const area = form.floor_area_m2.trim()
  if (!decimal.test(area) || Number(area) <= 0 || Number(area) > outletLimits.floorAreaM2)
    errors.floor_area_m2 = 'fireworks.outlet.errors.area'
  else if (Number(area) !== record.floor_area_m2) changes.floor_area_m2 = Number(area)

  const storage = form.storage_limit_kg.trim()
  if (storage && (!decimal.test(storage) || Number(storage) > outletLimits.storageLimitKg))
    errors.storage_limit_kg = 'fireworks.outlet.errors.storage'
  else if ((storage ? Number(storage) : null) !== record.storage_limit_kg)
    changes.storage_limit_kg = storage ? Number(storage) : null

  for (const field of ['licence_valid_from', 'licence_valid_to'] as const) {
    const value = form[field].trim()
    if (value && !validDate(value)) errors[field] = 'fireworks.outlet.errors.date'
    else if ((value || null) !== record[field]) changes[field] = value || null
  }
  const from = form.licence_valid_from.trim()
  const to = form.licence_valid_to.trim()
  if (!errors.licence_valid_from && !errors.licence_valid_to && from && to && from > to)
    errors.licence_valid_to = 'fireworks.outlet.errors.dateOrder'

  const supplier = form.supplier_enterprise_id ? Number(form.supplier_enterprise_id) : null
  if (supplier !== record.supplier_enterprise_id) changes.supplier_enterprise_id = supplier
  return { changes, errors }
}
