import { describe, expect, test } from 'vitest'
import { classLabel, classify, gridFillColor, metricClasses, noDataColor } from '../../../web/map/grid-metrics.ts'

describe('grid metric classes', () => {
  test('open hazards fall in 0 / 1 / 2–3 / 4–9 / ≥ 10', () => {
    expect(metricClasses.open_hazards.map((c) => classLabel('open_hazards', c))).toEqual([
      '0',
      '1',
      '2–3',
      '4–9',
      '≥ 10',
    ])
    expect([0, 1, 2, 3, 4, 9, 10, 26].map((v) => classify('open_hazards', v))).toEqual([0, 1, 2, 2, 3, 3, 4, 4])
  })

  test('the visited-on-time share is labelled in percent and null is no data', () => {
    expect(metricClasses.visited_on_time.map((c) => classLabel('visited_on_time', c))).toEqual([
      '< 50%',
      '50%–70%',
      '70%–85%',
      '85%–95%',
      '≥ 95%',
    ])
    expect(classify('visited_on_time', 0.6667)).toBe(1)
    expect(classify('visited_on_time', 1)).toBe(4)
    expect(classify('visited_on_time', null)).toBe(-1)
  })

  test('highest risk uses the four colours in order', () => {
    expect(metricClasses.highest_risk.map((c) => [c.risk, c.color])).toEqual([
      ['major', '#e60012'],
      ['high', '#f39800'],
      ['general', '#ffd900'],
      ['low', '#0068b7'],
    ])
    expect(classify('highest_risk', 'general')).toBe(2)
    expect(gridFillColor('highest_risk')).toEqual([
      'match',
      ['coalesce', ['feature-state', 'highest_risk'], ''],
      'major',
      '#e60012',
      'high',
      '#f39800',
      'general',
      '#ffd900',
      'low',
      '#0068b7',
      noDataColor,
    ])
  })

  test('count metrics become a step expression on feature-state with a no-data fallback', () => {
    expect(gridFillColor('overdue_hazards')).toEqual([
      'case',
      ['==', ['typeof', ['feature-state', 'overdue_hazards']], 'number'],
      ['step', ['feature-state', 'overdue_hazards'], '#f7f4ea', 1, '#f3c3a8', 2, '#e07a5f', 3, '#b23a2e', 6, '#6d1410'],
      noDataColor,
    ])
  })
})
