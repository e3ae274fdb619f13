import { describe, expect, test } from 'vitest'
import type { WallTown } from '../../../../web/api/wall.ts'
import { parseTourParams, stepTown, tourSequence } from '../../../../web/features/wall/tour-params.ts'

const town = (code: string, rank: number): WallTown => ({
  code,
  name: code,
  open: 0,
  overdue: 0,
  major_open: 0,
  rank,
  outlets: { active: 0, cap: null, over_cap: null },
})

describe('tour parameters', () => {
  test('reads tour, period, order and town from the URL', () => {
    expect(parseTourParams({ tour: '1', period: '45', order: 'code', town: '320924117' })).toEqual({
      enabled: true,
      periodS: 45,
      order: 'code',
      town: '320924117',
    })
  })
  test('falls back to the defaults for anything malformed', () => {
    expect(parseTourParams({ tour: 'yes', period: '2', order: 'name', town: '3209' })).toEqual({
      enabled: false,
      periodS: 20,
      order: 'hazards',
      town: null,
    })
    expect(parseTourParams({ period: ['30', '40'], tour: ['true'] })).toMatchObject({ enabled: true, periodS: 30 })
  })
  test('orders the towns by the server rank or by code, and steps round', () => {
    const towns = [town('320924102', 1), town('320924100', 3), town('320924101', 2)]
    expect(tourSequence(towns, 'hazards')).toEqual(['320924102', '320924101', '320924100'])
    const byCode = tourSequence(towns, 'code')
    expect(byCode).toEqual(['320924100', '320924101', '320924102'])
    expect(stepTown(byCode, null, 1)).toBe('320924100')
    expect(stepTown(byCode, '320924102', 1)).toBe('320924100')
    expect(stepTown(byCode, '320924100', -1)).toBe('320924102')
    expect(stepTown(byCode, '999999999', -1)).toBe('320924102')
    expect(stepTown([], '320924100', 1)).toBeNull()
  })
})
