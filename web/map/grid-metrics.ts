import type { ExpressionSpecification } from 'maplibre-gl'
import type { GridStats } from '../api/stats.ts'
import { riskColors } from '../domain/colors.ts'
import { riskLevels, type RiskLevel } from '../domain/vocab.ts'

export const gridMetrics = [
  'open_hazards',
  'overdue_hazards',
  'highest_risk',
  'enterprises',
  'visited_on_time',
] as const
export type GridMetric = (typeof gridMetrics)[number]

export const isGridMetric = (value: unknown): value is GridMetric => gridMetrics.includes(value as GridMetric)

/** One legend class: values v with from ≤ v < to (open ends are undefined), or one risk level. */
export type MetricClass = { color: string; from?: number; to?: number; risk?: RiskLevel }

export const noDataColor = '#e4e7eb'

/**
 * Fixed class breaks per metric, so a legend means the same from one day to the next. Counts are
 * integers: {from: 1, to: 3} reads "1–2". The share is a fraction in [0, 1].
 */
export const metricClasses: Record<GridMetric, MetricClass[]> = {
  open_hazards: [
    { color: '#f7f4ea', to: 1 },
    { color: '#fdd9a0', from: 1, to: 2 },
    { color: '#f59e5b', from: 2, to: 4 },
    { color: '#d9533b', from: 4, to: 10 },
    { color: '#8c1d18', from: 10 },
  ],
  overdue_hazards: [
    { color: '#f7f4ea', to: 1 },
    { color: '#f3c3a8', from: 1, to: 2 },
    { color: '#e07a5f', from: 2, to: 3 },
    { color: '#b23a2e', from: 3, to: 6 },
    { color: '#6d1410', from: 6 },
  ],
  highest_risk: riskLevels.map((risk) => ({ color: riskColors[risk], risk })),
  enterprises: [
    { color: '#f4f1f8', to: 1 },
    { color: '#d7cde8', from: 1, to: 3 },
    { color: '#ad9bd3', from: 3, to: 6 },
    { color: '#8067b7', from: 6, to: 11 },
    { color: '#553a94', from: 11, to: 26 },
    { color: '#2f1b66', from: 26 },
  ],
  visited_on_time: [
    { color: '#b2182b', to: 0.5 },
    { color: '#ef8a62', from: 0.5, to: 0.7 },
    { color: '#f7d7c4', from: 0.7, to: 0.85 },
    { color: '#a6d96a', from: 0.85, to: 0.95 },
    { color: '#1a9641', from: 0.95 },
  ],
}

/** The value a grid has for a metric: a number, a risk level, or null (no data). */
export function metricValue(stats: GridStats, metric: GridMetric): number | RiskLevel | null {
  switch (metric) {
    case 'open_hazards':
      return stats.hazards.open
    case 'overdue_hazards':
      return stats.hazards.overdue
    case 'highest_risk':
      return stats.enterprises.highest_risk_level
    case 'enterprises':
      return stats.enterprises.total
    case 'visited_on_time':
      return stats.inspections.visited_on_time_share
  }
}

/** The index of the class a value falls in, or -1 for no data. */
export function classify(metric: GridMetric, value: number | string | null | undefined): number {
  if (value === null || value === undefined) return -1
  const classes = metricClasses[metric]
  if (metric === 'highest_risk') return classes.findIndex((c) => c.risk === value)
  if (typeof value !== 'number') return -1
  return classes.findIndex((c) => (c.from === undefined || value >= c.from) && (c.to === undefined || value < c.to))
}

/** The legend text of a class, e.g. "0", "1–2", "≥ 11", "50–70%", or the risk level's key. */
export function classLabel(metric: GridMetric, cls: MetricClass): string {
  if (cls.risk) return cls.risk
  if (metric === 'visited_on_time') {
    const pct = (x: number) => `${Math.round(x * 100)}%`
    if (cls.from === undefined) return `< ${pct(cls.to!)}`
    if (cls.to === undefined) return `≥ ${pct(cls.from)}`
    return `${pct(cls.from)}–${pct(cls.to)}`
  }
  const from = cls.from ?? 0
  if (cls.to === undefined) return `≥ ${from}`
  return cls.to - 1 === from ? String(from) : `${from}–${cls.to - 1}`
}

/** fill-color for the grids: the feature-state `metric` through the metric's classes. */
export function gridFillColor(metric: GridMetric): ExpressionSpecification {
  const value: ExpressionSpecification = ['feature-state', metric]
  const classes = metricClasses[metric]
  if (metric === 'highest_risk') {
    return [
      'match',
      ['coalesce', value, ''],
      ...classes.flatMap((c) => [c.risk!, c.color]),
      noDataColor,
    ] as unknown as ExpressionSpecification
  }
  const steps = classes.slice(1).flatMap((c) => [c.from!, c.color])
  return [
    'case',
    ['==', ['typeof', value], 'number'],
    ['step', value, classes[0]!.color, ...steps],
    noDataColor,
  ] as ExpressionSpecification
}
