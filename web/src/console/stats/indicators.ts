// The workflow's indicators as the 事件指标 page shows them: which count
// each rate divides by which, whether higher is better, and how rates,
// scores and durations read in the user's language. The figures themselves
// are the server's (internal/event/indicators.go); nothing is recomputed here.
import type { ResponseOf } from '@/api/client'
import { i18n } from '@/i18n'

export type EventStats = ResponseOf<'/api/v1/events/stats', 'get'>
export type Indicators = EventStats['total']
export type StatsRow = NonNullable<EventStats['rows']>[number]
export type StageTime = NonNullable<Indicators['stages']>[number]
export type Grouping = EventStats['by']

export const GROUPINGS: readonly Grouping[] = ['region', 'unit', 'matter']

type Count = {
  [K in keyof Indicators]: Indicators[K] extends number ? K : never
}[keyof Indicators]

/** A figure that can be ranked: a rate of two counts, or the mean rating. */
export interface Metric {
  key: MetricKey
  /** the count over the denominator; none for the mean rating */
  num?: Count
  den: Count
  better: 'high' | 'low'
  /** a share (shown in %) or a score out of 5 */
  scale: 'rate' | 'score'
}

export const METRIC_KEYS = [
  'register_rate',
  'handle_on_time_rate',
  'close_rate',
  'close_on_time_rate',
  'overdue_rate',
  'rework_rate',
  'return_rate',
  'report_in_rate',
  'satisfaction',
] as const
export type MetricKey = (typeof METRIC_KEYS)[number]

export const METRICS: readonly Metric[] = [
  { key: 'register_rate', num: 'registered', den: 'cases', better: 'high', scale: 'rate' },
  { key: 'handle_on_time_rate', num: 'tasks_on_time', den: 'tasks_due', better: 'high', scale: 'rate' },
  { key: 'close_rate', num: 'closed', den: 'due', better: 'high', scale: 'rate' },
  { key: 'close_on_time_rate', num: 'closed_on_time', den: 'due', better: 'high', scale: 'rate' },
  { key: 'overdue_rate', num: 'overdue', den: 'due', better: 'low', scale: 'rate' },
  { key: 'rework_rate', num: 'reopened', den: 'verified', better: 'low', scale: 'rate' },
  { key: 'return_rate', num: 'returned', den: 'tasks', better: 'low', scale: 'rate' },
  { key: 'report_in_rate', num: 'reported_in', den: 'summoned', better: 'high', scale: 'rate' },
  { key: 'satisfaction', den: 'rated', better: 'high', scale: 'score' },
]

/** metricOf is the definition of a metric key. */
export function metricOf(key: MetricKey): Metric {
  return METRICS.find((m) => m.key === key) ?? METRICS[0]
}

/** valueOf is a group's figure for the metric, or null when its denominator is zero. */
export function valueOf(row: Indicators, m: Metric): number | null {
  return row[m.key] ?? null
}

/** formatRate shows a share as a percentage with one decimal: 0.7646 → "76.5%"; "—" for none. */
export function formatRate(r: number | null | undefined): string {
  if (r == null || !Number.isFinite(r)) return '—'
  return `${(Math.round(r * 1000) / 10).toFixed(1)}%`
}

/** formatScore shows a mean rating with one decimal: "4.0"; "—" for none. */
export function formatScore(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s)) return '—'
  return (Math.round(s * 10) / 10).toFixed(1)
}

/** formatValue shows a metric's figure as its scale reads. */
export function formatValue(m: Metric, v: number | null | undefined): string {
  if (m.scale === 'rate') return formatRate(v)
  return v == null ? '—' : i18n.global.t('eventStats.score', { n: formatScore(v) })
}

/** countsOf is "numerator/denominator" (or "n 件评价" for the rating): what a rate was made of. */
export function countsOf(row: Indicators, m: Metric): string {
  if (!m.num) return i18n.global.t('eventStats.ratedCount', { n: row[m.den] })
  return `${row[m.num]}/${row[m.den]}`
}

/**
 * formatHours says a duration as Chinese users read one: minutes under an
 * hour, hours (one decimal) under two days, days (one decimal) beyond.
 */
export function formatHours(h: number | null | undefined): string {
  const t = i18n.global.t
  if (h == null || !Number.isFinite(h) || h < 0) return '—'
  if (h < 1) return t('eventStats.duration.minutes', { n: Math.max(1, Math.round(h * 60)) })
  if (h < 48) return t('eventStats.duration.hours', { n: (Math.round(h * 10) / 10).toFixed(1) })
  return t('eventStats.duration.days', { n: (Math.round((h / 24) * 10) / 10).toFixed(1) })
}

/** A row in the order of a ranking: its place, or none for a small sample or a missing figure. */
export interface Ranked {
  row: StatsRow
  value: number | null
  rank: number | null
}

/**
 * rank orders the groups by the metric, best first. Groups with fewer due
 * cases than the server deems enough (small_sample) are not ranked: they
 * follow the ranked ones, as do groups without the figure at all. Equal
 * figures share a place.
 */
export function rank(rows: readonly StatsRow[], m: Metric): Ranked[] {
  const sign = m.better === 'high' ? -1 : 1
  const items = rows.map((row) => ({ row, value: valueOf(row, m), rank: null as number | null }))
  const tier = (r: Ranked) => (r.value == null ? 2 : r.row.small_sample ? 1 : 0)
  items.sort((a, b) => {
    const d = tier(a) - tier(b)
    if (d) return d
    if (a.value != null && b.value != null && a.value !== b.value) return sign * (a.value - b.value)
    return a.row.name.localeCompare(b.row.name, 'zh-CN')
  })
  items.forEach((it, i) => {
    if (tier(it)) return
    const prev = items[i - 1]
    it.rank = prev && prev.rank != null && prev.value === it.value ? prev.rank : i + 1
  })
  return items
}

/** canDrill tells whether a group can be opened to its own children: regions above the grids (12-digit codes; a grid's has 15). */
export function canDrill(by: Grouping, key: string): boolean {
  return by === 'region' && /^\d{12}$/.test(key)
}

/** A column's figure of a ranked row, for sorting the table. */
export type SortKey = (r: Ranked) => number | string | null | undefined

/**
 * sortRows orders the table by a column, up or down; groups without the
 * figure stay at the bottom either way. No order keeps the ranking's.
 */
export function sortRows(items: readonly Ranked[], get: SortKey | undefined, order: 'ascending' | 'descending' | null): Ranked[] {
  if (!get || !order) return [...items]
  const dir = order === 'ascending' ? 1 : -1
  return [...items].sort((a, b) => {
    const x = get(a)
    const y = get(b)
    if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1
    if (typeof x === 'string' || typeof y === 'string') return dir * String(x).localeCompare(String(y), 'zh-CN')
    return dir * (x - y)
  })
}
