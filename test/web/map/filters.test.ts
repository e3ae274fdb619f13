import { describe, expect, test } from 'vitest'
import { filterExpression, matchesFilters, statsQuery } from '../../../web/map/filters.ts'

const filters = { towns: ['320924100'], sectors: ['hazchem' as const], risks: ['major' as const, 'high' as const] }

describe('map filters', () => {
  test('enterprise layers test town, sector and risk; other layers only the town', () => {
    const hazchemMajor = { town_code: '320924100', sector: 'hazchem', risk_level: 'major' }
    expect(matchesFilters(hazchemMajor, filters, true)).toBe(true)
    expect(matchesFilters({ ...hazchemMajor, risk_level: 'low' }, filters, true)).toBe(false)
    expect(matchesFilters({ ...hazchemMajor, sector: 'textile' }, filters, true)).toBe(false)
    expect(matchesFilters({ town_code: '320924100', kind: 'school' }, filters, false)).toBe(true)
    expect(matchesFilters({ town_code: '320924101', kind: 'school' }, filters, false)).toBe(false)
  })

  test('the same test as a style filter and as the statistics query', () => {
    expect(filterExpression(filters, true)).toEqual([
      'all',
      ['in', ['get', 'town_code'], ['literal', ['320924100']]],
      ['in', ['get', 'sector'], ['literal', ['hazchem']]],
      ['in', ['get', 'risk_level'], ['literal', ['major', 'high']]],
    ])
    expect(filterExpression(filters, false)).toEqual(['in', ['get', 'town_code'], ['literal', ['320924100']]])
    expect(filterExpression({ towns: [], sectors: [], risks: [] }, true)).toBeNull()
    expect(statsQuery(filters)).toEqual({ town_code: '320924100', sector: 'hazchem', risk_level: 'major,high' })
    expect(statsQuery({ towns: [], sectors: [], risks: [] })).toEqual({
      town_code: undefined,
      sector: undefined,
      risk_level: undefined,
    })
  })
})
