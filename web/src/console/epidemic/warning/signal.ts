// The 预警信号's pieces the page and its drawer share: the level colours
// (China's 红橙黄蓝 grades), and the chart of the series behind a signal.
import type { SignalDetail } from '@/api/types'
import { COLORS, type ChartOption } from '../../charts/echarts'

export const LEVELS = ['red', 'orange', 'yellow', 'blue'] as const
export const STATUSES = ['open', 'verifying', 'dismissed', 'confirmed'] as const
export const METHODS = ['fixed', 'C1', 'C2', 'C3'] as const

/** Each level's colour: the grade's own, not Element's tag types. */
export const LEVEL_COLORS: Record<string, string> = {
  red: '#d93026',
  orange: '#f08c00',
  yellow: '#e6b800',
  blue: '#1f6fd1',
}

/** A tag's style for a level: its colour, white on it but dark on yellow. */
export function levelStyle(level: string) {
  const c = LEVEL_COLORS[level] ?? COLORS.muted
  return { backgroundColor: c, borderColor: c, color: level === 'yellow' ? '#3d3100' : '#fff' }
}

/**
 * The chart behind a signal: the daily counts as bars (the signal's day in
 * its level's colour), the baseline mean and the method's upper bound as
 * lines where the method has the history to compute them.
 */
export function seriesOption(d: SignalDetail, labels: { count: string; mean: string; upper: string }): ChartOption {
  const series = d.series ?? []
  const round = (v: number | undefined) => (v === undefined ? null : Math.round(v * 100) / 100)
  return {
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.count, labels.mean, labels.upper], top: 0 },
    xAxis: { type: 'category', data: series.map((p) => p.date.slice(5)), axisLabel: { color: COLORS.text } },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: COLORS.line } } },
    series: [
      {
        name: labels.count,
        type: 'bar',
        itemStyle: { color: COLORS.light },
        data: series.map((p) => ({
          value: p.count,
          itemStyle: { color: p.date === d.date ? (LEVEL_COLORS[d.level] ?? COLORS.brand) : COLORS.light },
        })),
      },
      {
        name: labels.mean,
        type: 'line',
        data: series.map((p) => round(p.mean)),
        symbol: 'none',
        itemStyle: { color: COLORS.muted },
        lineStyle: { color: COLORS.muted },
      },
      {
        name: labels.upper,
        type: 'line',
        data: series.map((p) => round(p.upper)),
        symbol: 'none',
        itemStyle: { color: LEVEL_COLORS.red },
        lineStyle: { color: LEVEL_COLORS.red, type: 'dashed' },
      },
    ],
  }
}
