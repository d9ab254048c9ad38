// The 事件指标 page's charts as ECharts options, built from the server's
// figures: the ranking of the groups by one metric, small samples apart and
// hatched, and the time spent per stage.
import { i18n } from '@/i18n'
import { COLORS, type ChartOption } from '../charts/echarts'
import { countsOf, formatHours, formatValue, type Metric, type Ranked, type StageTime } from './indicators'

/** At most this many bars show at once; a slider scrolls through more. */
export const RANK_WINDOW = 20
const BAR = 26

/** The hatching of small-sample bars, in their bars and in the legend. */
const HATCH = {
  symbol: 'rect',
  symbolSize: 1,
  dashArrayX: [1, 0],
  dashArrayY: [3, 3],
  rotation: -Math.PI / 4,
  color: 'rgba(255, 255, 255, 0.75)',
}

/** rankingHeight is how tall the ranking of n groups is drawn. */
export function rankingHeight(n: number): number {
  return Math.min(Math.max(n, 3), RANK_WINDOW) * BAR + 72
}

/** The bars of a ranking: the groups that have the figure, in rank order. */
export function rankedBars(items: readonly Ranked[]): Ranked[] {
  return items.filter((i) => i.value != null)
}

/** a figure on the chart's axis: rates in percent, scores as they are */
function onAxis(m: Metric, v: number): number {
  return m.scale === 'rate' ? Math.round(v * 1000) / 10 : Math.round(v * 100) / 100
}

/**
 * rankingOption draws the groups best first as horizontal bars. Groups with
 * too few due cases to rank come after, grey and hatched, as their own
 * series so the legend names them (样本较少).
 */
export function rankingOption(items: readonly Ranked[], m: Metric): ChartOption {
  const t = i18n.global.t
  const bars = rankedBars(items)
  const name = t(`eventStats.metric.${m.key}`)
  const small = t('eventStats.smallSample')
  const values = (pick: (r: Ranked) => boolean) => bars.map((r) => (pick(r) && r.value != null ? onAxis(m, r.value) : null))
  const label = {
    show: true,
    position: 'right' as const,
    color: COLORS.text,
    formatter: (p: { dataIndex: number }) => formatValue(m, bars[p.dataIndex].value),
  }
  return {
    animationDuration: 300,
    legend: { top: 0, right: 8, itemWidth: 18, itemHeight: 10, data: [name, small] },
    grid: { left: 8, right: bars.length > RANK_WINDOW ? 56 : 32, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const { dataIndex } = p as { dataIndex: number }
        const r = bars[dataIndex]
        const lines = [
          `<b>${escapeHtml(r.row.name)}</b>`,
          t('eventStats.pair', { name, value: `${formatValue(m, r.value)} (${countsOf(r.row, m)})` }),
          r.rank ? t('eventStats.rankOf', { n: r.rank }) : t('eventStats.smallSampleHint', { n: r.row.due }),
        ]
        return lines.join('<br>')
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: m.scale === 'rate' ? 100 : 5,
      axisLabel: { color: COLORS.muted, formatter: m.scale === 'rate' ? '{value}%' : '{value}' },
      splitLine: { lineStyle: { color: COLORS.line } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((r) => (r.rank ? `${r.rank}. ${r.row.name}` : r.row.name)),
      axisTick: { show: false },
      axisLabel: { color: COLORS.text, width: 180, overflow: 'truncate' },
    },
    dataZoom:
      bars.length > RANK_WINDOW
        ? [
            {
              type: 'slider',
              yAxisIndex: 0,
              startValue: 0,
              endValue: RANK_WINDOW - 1,
              right: 8,
              width: 12,
              showDetail: false,
              showDataShadow: false,
              brushSelect: false,
              handleSize: '100%',
              fillerColor: 'rgba(31, 95, 191, 0.15)',
              borderColor: COLORS.line,
            },
            { type: 'inside', yAxisIndex: 0, startValue: 0, endValue: RANK_WINDOW - 1, zoomOnMouseWheel: false, moveOnMouseWheel: true },
          ]
        : [],
    series: [
      {
        name,
        type: 'bar',
        stack: 'rank',
        barMaxWidth: 18,
        data: values((r) => !r.row.small_sample),
        itemStyle: { color: COLORS.brand },
        label,
        cursor: 'pointer',
      },
      {
        name: small,
        type: 'bar',
        stack: 'rank',
        barMaxWidth: 18,
        data: values((r) => r.row.small_sample),
        itemStyle: { color: COLORS.small, decal: HATCH },
        label,
        cursor: 'pointer',
      },
    ],
  }
}

/**
 * stageOption draws the mean and the median time of each stage as bars
 * side by side. The axis counts hours, or days when a stage takes two days
 * or more; each bar is labelled as Chinese users read a duration.
 */
export function stageOption(stages: readonly StageTime[]): ChartOption {
  const t = i18n.global.t
  const max = Math.max(0, ...stages.map((s) => Math.max(s.mean, s.median)))
  const unit = max >= 48 ? 24 : 1
  const unitName = t(unit === 24 ? 'eventStats.duration.dayUnit' : 'eventStats.duration.hourUnit')
  const series = (key: 'mean' | 'median', color: string) => ({
    name: t(`eventStats.${key}`),
    type: 'bar' as const,
    barMaxWidth: 14,
    barGap: '20%',
    itemStyle: { color },
    data: stages.map((s) => Math.round((s[key] / unit) * 100) / 100),
    label: {
      show: true,
      position: 'right' as const,
      color: COLORS.text,
      fontSize: 11,
      formatter: (p: { dataIndex: number }) => formatHours(stages[p.dataIndex][key]),
    },
  })
  return {
    animationDuration: 300,
    legend: { top: 0, right: 8, itemWidth: 14, itemHeight: 10 },
    grid: { left: 8, right: 64, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps) => {
        const list = ps as { dataIndex: number }[]
        const s = stages[list[0]?.dataIndex ?? 0]
        return [
          `<b>${t(`eventStats.stage.${s.stage}`)}</b> ${t(`eventStats.stageSpan.${s.stage}`)}`,
          t('eventStats.stageCount', { n: s.n }),
          t('eventStats.pair', { name: t('eventStats.mean'), value: formatHours(s.mean) }),
          t('eventStats.pair', { name: t('eventStats.median'), value: formatHours(s.median) }),
        ].join('<br>')
      },
    },
    xAxis: {
      type: 'value',
      name: unitName,
      nameLocation: 'end',
      nameTextStyle: { color: COLORS.muted },
      axisLabel: { color: COLORS.muted },
      splitLine: { lineStyle: { color: COLORS.line } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: stages.map((s) => t(`eventStats.stage.${s.stage}`)),
      axisTick: { show: false },
      axisLabel: { color: COLORS.text },
    },
    series: [series('mean', COLORS.brand), series('median', COLORS.light)],
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
