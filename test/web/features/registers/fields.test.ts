import { describe, expect, test } from 'vitest'
import type { EnterpriseRecord } from '../../../../web/api/registers.ts'
import { enterpriseFields } from '../../../../web/features/registers/enterprise-fields.ts'
import { bodyFromForm, formFromRecord, mergeStale } from '../../../../web/features/registers/fields.ts'
import { registerDefs } from '../../../../web/features/registers/register-defs.ts'

const enterprise: EnterpriseRecord = {
  id: 7,
  uscc: '91350100M000100Y43',
  name: '射阳县示例纸业有限公司',
  legal_rep: '王强',
  safety_manager: null,
  safety_phone: '0515-82345678',
  address: '合德镇幸福大道 8 号',
  town_code: '320924100',
  grid_code: '320924100-01',
  source_crs: null,
  version: 3,
  lon: 120.2527,
  lat: 33.7751,
  location_source: 'survey',
  employees: 120,
  above_size: true,
  sector: 'light_industry',
  risk_level: 'high',
  status: 'active',
  standardization_level: 'level3',
  standardization_on: '2024-05-01',
  standardization_expiry: '2027-04-30',
  dust: true,
  dust_type: 'paper',
  dust_workers_per_shift: 34,
  dust_verified: false,
  dust_verified_on: null,
  ammonia_tonnes: 12.5,
  hazchem_key_process: false,
  hazchem_key_chemical: true,
  major_hazard_level: 2,
  dcs: true,
  fireworks_wholesale: false,
  confined_space_demo: true,
  confined_space_demo_on: '2025-03-15',
  culture_demo_level: null,
  culture_demo_on: null,
  created_at: '2025-01-02T03:04:05.000Z',
  updated_at: '2025-06-07T08:09:10.000Z',
  warnings: [],
}

describe('form ↔ body: the enterprise record', () => {
  test('a record read into the form and sent back unchanged makes an empty body (nothing is resent)', () => {
    const form = formFromRecord(enterpriseFields, enterprise)
    expect(form.employees).toBe('120')
    expect(form.ammonia_tonnes).toBe('12.5')
    expect(form.major_hazard_level).toBe('2')
    expect(form.safety_manager).toBe('')
    expect(form.dust).toBe(true)
    expect(bodyFromForm(enterpriseFields, form, enterprise)).toEqual({ body: {}, problems: {} })
  })

  test('an edit sends only the changed fields, typed: numbers as numbers, an emptied text as null', () => {
    const form = formFromRecord(enterpriseFields, enterprise)
    Object.assign(form, {
      employees: '135',
      ammonia_tonnes: '9.75',
      major_hazard_level: '1',
      legal_rep: ' ',
      status: 'closed',
    })
    expect(bodyFromForm(enterpriseFields, form, enterprise)).toEqual({
      body: { employees: 135, ammonia_tonnes: 9.75, major_hazard_level: 1, legal_rep: null, status: 'closed' },
      problems: {},
    })
  })

  test('dust details are neither checked nor sent while 粉尘涉爆 is unticked', () => {
    const form = { ...formFromRecord(enterpriseFields, enterprise), dust: false, dust_workers_per_shift: 'many' }
    expect(bodyFromForm(enterpriseFields, form, enterprise)).toEqual({ body: { dust: false }, problems: {} })
    expect(bodyFromForm(enterpriseFields, { ...form, dust: true }, enterprise).problems).toEqual({
      dust_workers_per_shift: 'number',
    })
  })

  test('a new record sends every filled field; required, number, date and range problems are by field', () => {
    const form = formFromRecord(enterpriseFields, {
      employees: 0,
      status: 'active',
      standardization_level: 'none',
      location_source: 'survey',
    })
    Object.assign(form, { name: '新企业', uscc: '91350100M000100Y43', sector: 'hazchem', risk_level: 'major' })
    expect(bodyFromForm(enterpriseFields, form, null)).toEqual({
      body: {
        name: '新企业',
        uscc: '91350100M000100Y43',
        employees: 0,
        above_size: false,
        location_source: 'survey',
        sector: 'hazchem',
        risk_level: 'major',
        status: 'active',
        standardization_level: 'none',
        hazchem_key_process: false,
        hazchem_key_chemical: false,
        dcs: false,
        fireworks_wholesale: false,
        confined_space_demo: false,
        dust: false,
      },
      problems: {},
    })
    Object.assign(form, { name: '', employees: '1.5', standardization_on: '2024/05/01', ammonia_tonnes: '-1' })
    expect(bodyFromForm(enterpriseFields, form, null).problems).toEqual({
      name: 'required',
      employees: 'integer',
      standardization_on: 'date',
      ammonia_tonnes: 'range',
    })
  })

  test('a USCC of the wrong form blocks the save; one whose check character fails is sent (the server warns)', () => {
    const form = formFromRecord(enterpriseFields, enterprise)
    expect(bodyFromForm(enterpriseFields, { ...form, uscc: '91350100M000100Y4' }, enterprise).problems).toEqual({
      uscc: 'uscc',
    })
    expect(bodyFromForm(enterpriseFields, { ...form, uscc: '91350100M000100YI3' }, enterprise).problems).toEqual({
      uscc: 'uscc',
    })
    expect(bodyFromForm(enterpriseFields, { ...form, uscc: '91350100M000100Y44' }, enterprise)).toEqual({
      body: { uscc: '91350100M000100Y44' },
      problems: {},
    })
  })
})

describe('form ↔ body: the other registers', () => {
  test('a confined space’s gases are typed as one line and sent as a list', () => {
    const { fields } = registerDefs['confined-spaces']
    const form = formFromRecord(fields, { enterprise_id: 7, gases: ['H2S', 'CO'], permit_required: true })
    expect(form.gases).toBe('H2S、CO')
    Object.assign(form, { name: '沉淀池', space_type: 'underground', gases: 'H2S，CO、 NH3 ' })
    expect(bodyFromForm(fields, form, null).body).toEqual({
      enterprise_id: 7,
      name: '沉淀池',
      space_type: 'underground',
      gases: ['H2S', 'CO', 'NH3'],
      warning_sign: false,
      permit_required: true,
      outsourced: false,
    })
  })

  test('an accident’s date must be yyyy-mm-dd and a real day', () => {
    const { fields } = registerDefs.accidents
    const form = formFromRecord(fields, { deaths: 0, serious_injuries: 0, direct_loss_wan_yuan: 0 })
    Object.assign(form, { occurred_on: '2024-02-29', level: 'general', description: '叉车碰撞' })
    expect(bodyFromForm(fields, form, null).problems).toEqual({})
    for (const wrong of ['2025-02-29', '2025-13-01', '2025-2-1'])
      expect(bodyFromForm(fields, { ...form, occurred_on: wrong }, null).problems).toEqual({ occurred_on: 'date' })
  })
})

describe('mergeStale: after a 409 the newer record comes in under what the user typed', () => {
  const fields = registerDefs['sensitive-sites'].fields
  const read = { id: 1, name: '实验小学', kind: 'school', address: '人民路 1 号', version: 4 }

  test('untouched fields take the newer values; a field both changed is a conflict and keeps the input', () => {
    const form = { ...formFromRecord(fields, read), name: '射阳县实验小学' }
    const current = { ...read, name: '实验小学（东校区）', address: '人民路 3 号', version: 5 }
    expect(mergeStale(fields, form, read, current)).toEqual({
      form: { name: '射阳县实验小学', kind: 'school', address: '人民路 3 号' },
      conflicts: ['name'],
    })
  })

  test('a field the user changed that nobody else touched is no conflict', () => {
    const form = { ...formFromRecord(fields, read), address: '人民路 5 号' }
    const current = { ...read, kind: 'kindergarten', version: 5 }
    expect(mergeStale(fields, form, read, current)).toEqual({
      form: { name: '实验小学', kind: 'kindergarten', address: '人民路 5 号' },
      conflicts: [],
    })
  })
})
