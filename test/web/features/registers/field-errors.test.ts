import { describe, expect, test } from 'vitest'
import { HttpError, UnreachableError } from '../../../../web/api/client.ts'
import { refusalOf } from '../../../../web/features/registers/field-errors.ts'
import { usccFeedback } from '../../../../web/features/registers/uscc-feedback.ts'

describe('refusalOf: a refused write, shown beside its field', () => {
  test('409 stale_version carries the current record and names no field', () => {
    const current = { id: 3, name: '新名字', version: 6 }
    const error = new HttpError(409, { error: 'stale', code: 'stale_version', details: { current } })
    expect(refusalOf(error)).toEqual({ fields: {}, general: 'stale_version', current, status: 409 })
  })

  test('a 422 goes to the field it names, or to the field its code is about', () => {
    expect(refusalOf(new HttpError(422, { code: 'invalid_uscc' })).fields).toEqual({ uscc: 'invalid_uscc' })
    expect(refusalOf(new HttpError(409, { code: 'uscc_taken' })).fields).toEqual({ uscc: 'uscc_taken' })
    expect(refusalOf(new HttpError(422, { code: 'invalid_location', details: { lon: 1 } })).fields).toEqual({
      location: 'invalid_location',
    })
    expect(refusalOf(new HttpError(422, { code: 'grid_outside_town' })).fields).toEqual({
      geometry: 'grid_outside_town',
    })
    expect(refusalOf(new HttpError(422, { code: 'some_rule', details: { field: 'name' } })).fields).toEqual({
      name: 'some_rule',
    })
  })

  test('a 400 marks each field its issues name (location.lon → location)', () => {
    const error = new HttpError(400, {
      code: 'bad_request',
      details: { issues: [{ path: 'location.lon' }, { path: 'employees' }, { path: 'location.lat' }] },
    })
    expect(refusalOf(error)).toEqual({
      fields: { location: 'bad_request', employees: 'bad_request' },
      general: null,
      current: null,
      status: 400,
    })
  })

  test('what names no field is general: a 403 by its status, a lost connection as unreachable', () => {
    expect(refusalOf(new HttpError(403, { error: 'Forbidden' })).general).toBe('status_403')
    expect(refusalOf(new HttpError(403, { code: 'outside_scope' })).general).toBe('outside_scope')
    expect(refusalOf(new UnreachableError('down')).general).toBe('unreachable')
  })
})

describe('usccFeedback while typing (DOMAIN §4)', () => {
  test('a valid code says nothing; a failed check character warns with the expected one', () => {
    expect(usccFeedback('91350100M000100Y43')).toBeNull()
    expect(usccFeedback('91350100M000100Y44')).toEqual({
      severity: 'warning',
      key: 'registers.uscc.check',
      params: { expected: '3', actual: '4' },
    })
  })

  test('a letter outside the charset or a wrong length is an error', () => {
    expect(usccFeedback('91350100M0001O0Y43')).toEqual({
      severity: 'error',
      key: 'registers.uscc.charset',
      params: { c: 'O' },
    })
    expect(usccFeedback('9135010')).toEqual({ severity: 'error', key: 'registers.uscc.length', params: { n: 7 } })
  })
})
