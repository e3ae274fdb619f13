import { describe, expect, test } from 'vitest'
import {
  draftOf,
  editableValue,
  parseNumber,
  sameValue,
  valueFromDraft,
  valueParts,
} from '../../../../web/features/settings/setting-value.ts'

describe('a setting’s value, edited field by field', () => {
  test('a number and a flag are one part; an object one per key, in the order and words of the server’s fields', () => {
    expect(valueParts(50)).toEqual([{ part: null, kind: 'number', value: 50, label: null, unit: null }])
    expect(valueParts(true)).toEqual([{ part: null, kind: 'boolean', value: true, label: null, unit: null }])
    const fields = [
      { key: 'off_season', label: '销售季外', unit: '天' },
      { key: 'season', label: '销售季内', unit: '天' },
      { key: 'gone', label: '不在值中', unit: '' },
    ]
    expect(valueParts({ season: 7, off_season: 90, extra: 'x' }, fields)).toEqual([
      { part: 'off_season', kind: 'number', value: 90, label: '销售季外', unit: '天' },
      { part: 'season', kind: 'number', value: 7, label: '销售季内', unit: '天' },
      { part: 'extra', kind: 'text', value: 'x', label: 'extra', unit: null },
    ])
  })

  test('the fireworks season’s dates are text parts and come back as the same object', () => {
    const season = { start: '12-15', end: '03-05' }
    const draft = draftOf(season)
    expect(draft).toEqual({ start: '12-15', end: '03-05' })
    expect(valueFromDraft(season, { ...draft, end: ' 03-10 ' })).toEqual({ value: { start: '12-15', end: '03-10' } })
  })

  test('numbers are read as typed, full-width digits and a decimal comma included', () => {
    expect(valueFromDraft({ season: 7, off_season: 90 }, { season: '１４', off_season: '60' })).toEqual({
      value: { season: 14, off_season: 60 },
    })
    expect(valueFromDraft(10, { '': '12,5' })).toEqual({ value: 12.5 })
    expect(valueFromDraft(true, { '': 'false' })).toEqual({ value: false })
  })

  test('a part that is not a number is named, and nothing is sent', () => {
    expect(valueFromDraft({ season: 7, off_season: 90 }, { season: '七', off_season: '' })).toEqual({
      invalid: ['season', 'off_season'],
    })
    expect(valueFromDraft(50, { '': '50m' })).toEqual({ invalid: [''] })
  })

  test('parseNumber refuses what is not a plain decimal', () => {
    expect([parseNumber('-3'), parseNumber('0.5'), parseNumber('1e3'), parseNumber(''), parseNumber('1.')]).toEqual([
      -3,
      0.5,
      null,
      null,
      null,
    ])
  })

  test('sameValue compares by content', () => {
    expect(sameValue({ a: 1 }, { a: 1 })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false)
  })

  test('editableValue takes a scalar or a flat object, and refuses what a form cannot edit', () => {
    expect(editableValue(50)).toBe(50)
    expect(editableValue({ start: '12-15', end: '03-05' })).toEqual({ start: '12-15', end: '03-05' })
    expect(editableValue([1, 2])).toBeNull()
    expect(editableValue({ a: { b: 1 } })).toBeNull()
    expect(editableValue(null)).toBeNull()
  })
})
