import type { AreaMetrics } from '../../../api/stats.ts'
import { riskColors } from '../../../domain/colors.ts'
import { riskLevels } from '../../../domain/vocab.ts'
import type { ChartOption } from '../../../ui/echarts.ts'

type Label = (key: string) => string

/** Enterprises per risk level as four bars in the four colours, in the fixed order. */
export function riskMixOption(metrics: AreaMetrics, label: Label): ChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 16, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: riskLevels.map((r) => label(`riskShort.${r}`)), axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1, splitNumber: 3 },
    series: [
      {
        type: 'bar',
        barWidth: '55%',
        label: { show: true, position: 'top', fontSize: 11 },
        data: riskLevels.map((r) => ({
          value: metrics.enterprises.by_risk_level[r],
          itemStyle: { color: riskColors[r] },
        })),
      },
    ],
  }
}

/** Hazards: open, overdue, major open, and found / closed this year. */
export function hazardsOption(metrics: AreaMetrics, label: Label): ChartOption {
  const h = metrics.hazards
  const rows: [string, number, string][] = [
    [label('gridStats.hazardsFound'), h.found_this_year, '#5b7fa6'],
    [label('gridStats.hazardsClosed'), h.closed_this_year, '#3d9a5b'],
    [label('gridStats.openHazards'), h.open, '#f39800'],
    [label('gridStats.overdueHazards'), h.overdue, '#c0261b'],
    [label('gridStats.majorHazards'), h.major_open, '#7a0d08'],
  ]
  return {
    animation: false,
    grid: { left: 8, right: 28, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1, splitNumber: 3 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r[0]), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barWidth: '60%',
        label: { show: true, position: 'right', fontSize: 11 },
        data: rows.map(([, value, color]) => ({ value, itemStyle: { color } })),
      },
    ],
  }
}
