import { describe, expect, it } from 'vitest'
import { parseBoolean, parseDate, parseEnum, parseNumber, townKeys } from '../../server/imports/check.ts'
import { layers } from '../../server/imports/layers.ts'
import { guessMapping, normaliseHeader } from '../../server/imports/mapping.ts'

describe('the values of a Chinese sheet', () => {
  it('reads dates in the forms a county writes them', () => {
    expect(parseDate('2024-03-05')).toBe('2024-03-05')
    expect(parseDate('2024/3/5')).toBe('2024-03-05')
    expect(parseDate('2024年3月5日')).toBe('2024-03-05')
    expect(parseDate('20240305')).toBe('2024-03-05')
    expect(parseDate(45356)).toBe('2024-03-05')
    expect(parseDate('45356')).toBe('2024-03-05')
    expect(parseDate('2024/2/30')).toBeUndefined()
    expect(parseDate('去年')).toBeUndefined()
  })
  it('reads booleans, numbers and vocabulary', () => {
    expect(['是', '√', '1', 'true', 'TRUE', 1, true].map((v) => parseBoolean(v))).toEqual(Array(7).fill(true))
    expect(['否', '×', '0', 'false', 0, false].map((v) => parseBoolean(v))).toEqual(Array(6).fill(false))
    expect(parseBoolean('也许')).toBeUndefined()
    expect(parseNumber('１２.５')).toBe(12.5)
    expect(parseNumber('1,234')).toBe(1234)
    expect(parseNumber('十')).toBeUndefined()
    const risk = layers.enterprises.fields.find((f) => f.field === 'risk_level')!
    expect(['重大', '较大风险', '一般', '低风险', 'low'].map((v) => parseEnum(risk, v))).toEqual([
      'major',
      'high',
      'general',
      'low',
      'low',
    ])
    expect(townKeys('320924100', '合德镇')).toEqual(['320924100', '合德镇', '合德'])
  })
})

describe('the header mapping', () => {
  it('recognises Chinese headers exactly, then normalised, and leaves the rest unmapped', () => {
    expect(normaliseHeader(' 液氨储量（吨） ')).toBe('液氨储量')
    expect(normaliseHeader('ＬＯＮ')).toBe('lon')
    const mapping = guessMapping(
      ['单位名称', '信用代码', 'X', 'Lat', '乡镇', '风险等级', '液氨储量(t)', '从业人数 (人)', '无关'],
      layers.enterprises,
    )
    expect(mapping).toEqual({
      单位名称: 'name',
      信用代码: 'uscc',
      X: 'lon',
      Lat: 'lat',
      乡镇: 'town',
      风险等级: 'risk_level',
      '液氨储量(t)': 'ammonia_tonnes',
      '从业人数 (人)': 'employees',
      无关: null,
    })
  })
  it('gives a field to one column: the better alias wins', () => {
    const mapping = guessMapping(['企业名称', '统一社会信用代码', '名称'], layers.confined_spaces)
    expect(mapping).toEqual({ 企业名称: null, 统一社会信用代码: 'enterprise_id', 名称: 'name' })
  })
})
