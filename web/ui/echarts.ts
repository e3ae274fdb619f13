import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

// Only the modules the panels use (DESIGN §5 charts; keeps the bundle small).
echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer])

export { echarts }
export type ChartOption = echarts.EChartsCoreOption
