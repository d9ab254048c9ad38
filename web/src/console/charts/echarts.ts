// ECharts with only the parts the console draws: bar and line charts on a
// grid, with tooltips, legends and a slider for long rankings; graphs
// (transmission chains). Importing through echarts/core keeps the rest of
// the library out of the bundle.
import { use, type ComposeOption } from 'echarts/core'
import { BarChart, GraphChart, LineChart, type BarSeriesOption, type GraphSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

use([BarChart, GraphChart, LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomInsideComponent, DataZoomSliderComponent, CanvasRenderer])

export type ChartOption = ComposeOption<
  BarSeriesOption | GraphSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | DataZoomComponentOption
>

export { init, type ECharts } from 'echarts/core'

/** The console's colours for charts: Element Plus's, and the brand blue of the header. */
export const COLORS = {
  brand: '#1f5fbf',
  light: '#8fb3e8',
  small: '#c0c4cc',
  text: '#606266',
  muted: '#909399',
  line: '#ebeef5',
} as const
