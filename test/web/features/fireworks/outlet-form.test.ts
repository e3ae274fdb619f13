import { describe, expect, test } from 'vitest'
import { outletChanges, outletForm, type OutletRecord } from '../../../../web/features/fireworks/outlet-form.ts'
import { parseCount } from '../../../../web/features/fireworks/use-town-edit.ts'

const record = {
  id: 7,
  name: '合德镇一号网点',
  operator: '张三',
  phone: null,
  address: '射阳县合德镇',
  kind: 'fixed',
  status: 'active',
  floor_area_m2: 12.5,
  storage_limit_kg: null,
  dedicated_shop: true,
  shares_residence: false,
  licence_no: '(苏)LS〔2026〕00007',
  licence_valid_from: '2026-01-01',
  licence_valid_to: '2026-12-31',
  supplier_enterprise_id: 3,
  version: 4,
} as unknown as OutletRecord

describe('the outlet form', () => {
  test('an untouched form changes nothing', () => {
    expect(outletChanges(outletForm(record), record)).toEqual({ changes: {}, errors: {} })
  })

  test('only the fields changed are sent; blanks are nulls, numbers are numbers', () => {
    const form = {
      ...outletForm(record),
      name: ' 合德镇一号网点（迁） ',
      operator: '',
      phone: '0515-1234567',
      floor_area_m2: '30',
      storage_limit_kg: '500.5',
      shares_residence: true,
      licence_valid_to: '',
      supplier_enterprise_id: '',
      status: 'suspended' as const,
    }
    expect(outletChanges(form, record)).toEqual({
      changes: {
        name: '合德镇一号网点（迁）',
        operator: null,
        phone: '0515-1234567',
        floor_area_m2: 30,
        storage_limit_kg: 500.5,
        shares_residence: true,
        licence_valid_to: null,
        supplier_enterprise_id: null,
        status: 'suspended',
      },
      errors: {},
    })
  })

  test('what the form can tell before sending, as message keys (shown in Chinese)', () => {
    const form = {
      ...outletForm(record),
      name: '  ',
      floor_area_m2: '0',
      storage_limit_kg: '-1',
      licence_valid_from: '2026-13-01',
    }
    expect(outletChanges(form, record).errors).toEqual({
      name: 'fireworks.outlet.errors.name',
      floor_area_m2: 'fireworks.outlet.errors.area',
      storage_limit_kg: 'fireworks.outlet.errors.storage',
      licence_valid_from: 'fireworks.outlet.errors.date',
    })
    const reversed = { ...outletForm(record), licence_valid_from: '2026-06-01', licence_valid_to: '2026-01-01' }
    expect(outletChanges(reversed, record).errors).toEqual({ licence_valid_to: 'fireworks.outlet.errors.dateOrder' })
    expect(outletChanges({ ...outletForm(record), floor_area_m2: '10000000' }, record).errors).toEqual({
      floor_area_m2: 'fireworks.outlet.errors.area',
    })
  })

  test('a town’s count: blank is none, whole numbers up to PostgreSQL’s integer', () => {
    expect(['', ' 12 ', '0', '2147483647', '2147483648', '1.5', '-3', 'abc'].map(parseCount)).toEqual([
      null,
      12,
      0,
      2147483647,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})
