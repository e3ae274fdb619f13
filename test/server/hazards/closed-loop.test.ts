import { describe, expect, it } from 'vitest'
import { workingDaysBetween } from '../../../server/hazards/closed-loop.ts'
import { escalationLevelFor } from '../../../server/rules/overdue.ts'

const rule = { letter_after_days_overdue: 7, public_criticism_after_days_overdue: 30 }

describe('escalationLevelFor', () => {
  it('is 0 up to 6 days overdue, a 督办函 letter from 7, public criticism from 30', () => {
    expect([-3, 0, 1, 6, 7, 29, 30, 400].map((days) => escalationLevelFor(days, rule))).toEqual([
      0, 0, 0, 0, 1, 1, 2, 2,
    ])
  })
})

describe('workingDaysBetween', () => {
  it('counts Monday to Friday after the first day up to and including the last', () => {
    // 2026-10-15 is a Thursday.
    expect(workingDaysBetween('2026-10-15', '2026-10-15')).toBe(0)
    expect(workingDaysBetween('2026-10-15', '2026-10-16')).toBe(1)
    expect(workingDaysBetween('2026-10-15', '2026-10-18')).toBe(1)
    expect(workingDaysBetween('2026-10-15', '2026-10-19')).toBe(2)
    expect(workingDaysBetween('2026-10-15', '2026-11-12')).toBe(20)
    expect(workingDaysBetween('2026-10-15', '2026-10-01')).toBe(0)
  })
})
