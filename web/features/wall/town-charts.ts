import type { WallTown } from '../../api/wall.ts'
import { riskColors } from '../../domain/colors.ts'
import type { ChartOption } from '../../ui/echarts.ts'

const axisColor = '#a9bdd6'
const highlight = '#00e5ff'

const axisLabel = (fontPx: number, current: string | null, towns: WallTown[]) => ({
  color: axisColor,
  fontSize: fontPx * 0.66,
  // Every town's name, never thinned out.
  interval: 0,
  formatter: (name: string, index: number) => (towns[index]?.code === current ? `{on|${name}}` : name),
  rich: { on: { color: highlight, fontWeight: 'bold' as const, fontSize: fontPx * 0.72 } },
})

const base = (fontPx: number) => ({
  animationDuration: 600,
  animationDurationUpdate: 600,
  grid: { left: fontPx * 0.4, right: fontPx * 2.2, top: fontPx * 0.3, bottom: fontPx * 0.3, containLabel: true },
  xAxis: { type: 'value' as const, show: false },
})

/** The towns down the left, top first, the shown town in bold. */
const townAxis = (towns: WallTown[], current: string | null, fontPx: number) => ({
  type: 'category' as const,
  inverse: true,
  data: towns.map((town) => town.name),
  axisLine: { show: false },
  axisTick: { show: false },
  axisLabel: axisLabel(fontPx, current, towns),
})

/**
 * Towns ranked by overdue, then open hazards (the server's rank, top first): overdue in red and the
 * rest of the open hazards in orange, stacked, with the open total at the end of each bar.
 */
export function hazardRankingOption(towns: WallTown[], current: string | null, fontPx: number): ChartOption {
  const ranked = [...towns].sort((a, b) => a.rank - b.rank)
  return {
    ...base(fontPx),
    yAxis: townAxis(ranked, current, fontPx),
    series: [
      {
        id: 'overdue',
        type: 'bar',
        stack: 'hazards',
        data: ranked.map((town) => town.overdue),
        itemStyle: { color: riskColors.major },
        barWidth: '70%',
        label: {
          show: true,
          position: 'insideLeft',
          color: '#ffffff',
          fontSize: fontPx * 0.62,
          fontWeight: 'bold',
          formatter: ({ value }: { value: unknown }) => (Number(value) > 0 ? String(value) : ''),
        },
      },
      {
        id: 'open',
        type: 'bar',
        stack: 'hazards',
        data: ranked.map((town) => town.open - town.overdue),
        itemStyle: { color: riskColors.high },
        label: {
          show: true,
          position: 'right',
          color: '#ffffff',
          fontSize: fontPx * 0.66,
          fontWeight: 'bold',
          formatter: ({ dataIndex }: { dataIndex: number }) => String(ranked[dataIndex]?.open ?? ''),
        },
      },
    ],
  }
}

/** Active fireworks outlets per town against its cap (总量控制): over the cap in red, the cap as an outline. */
export function outletCapOption(towns: WallTown[], current: string | null, fontPx: number): ChartOption {
  const sorted = [...towns].sort((a, b) => a.code.localeCompare(b.code))
  return {
    ...base(fontPx),
    yAxis: townAxis(sorted, current, fontPx),
    series: [
      {
        id: 'cap',
        type: 'bar',
        data: sorted.map((town) => town.outlets.cap ?? 0),
        barWidth: '70%',
        itemStyle: { color: 'rgba(169, 189, 214, 0.12)', borderColor: axisColor, borderWidth: 1, borderType: 'dashed' },
        z: 1,
        silent: true,
      },
      {
        id: 'active',
        type: 'bar',
        barGap: '-100%',
        data: sorted.map((town) => ({
          value: town.outlets.active,
          itemStyle: { color: town.outlets.over_cap ? riskColors.major : '#3a8ee6' },
        })),
        z: 2,
        label: {
          show: true,
          position: 'right',
          color: '#ffffff',
          fontSize: fontPx * 0.66,
          fontWeight: 'bold',
          formatter: ({ dataIndex }: { dataIndex: number }) => {
            const town = sorted[dataIndex]
            return town ? `${town.outlets.active}/${town.outlets.cap ?? '—'}` : ''
          },
        },
      },
    ],
  }
}
