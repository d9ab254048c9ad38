// What the 事件指标 page looks at — a period of China days, a region, a
// grouping, the metric ranked — as the URL carries it, so a view can be
// reloaded, shared, and walked back and forth through drill-downs.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { chinaDay } from '../events/query'
import { GROUPINGS, METRIC_KEYS, type Grouping, type MetricKey } from './indicators'

export const PERIODS = ['month', 'lastMonth', 'quarter', 'custom'] as const
export type Period = (typeof PERIODS)[number]

export interface Selection {
  period: Period
  /** yyyy-mm-dd, China time; only for a custom period */
  from: string
  to: string
  /** a region code inside the caller's area; empty for the whole area */
  region: string
  by: Grouping
  metric: MetricKey
}

/** defaultSelection is this month of the caller's whole area, by region, ranking 结案率. */
export function defaultSelection(): Selection {
  return { period: 'month', from: '', to: '', region: '', by: 'region', metric: 'close_rate' }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function lastDayOf(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/**
 * periodRange is the days a period covers, today being a China day
 * (yyyy-mm-dd): this month and this quarter run to today; last month is whole.
 */
export function periodRange(s: Pick<Selection, 'period' | 'from' | 'to'>, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number)
  switch (s.period) {
    case 'lastMonth': {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1]
      return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(lastDayOf(py, pm))}` }
    }
    case 'quarter':
      return { from: `${y}-${pad(m - ((m - 1) % 3))}-01`, to: today }
    case 'custom': {
      const [from, to] = s.from <= s.to ? [s.from, s.to] : [s.to, s.from]
      if (from && to) return { from, to }
      break
    }
  }
  return { from: `${y}-${pad(m)}-01`, to: today }
}

/** today is the current China day. */
export function today(now = Date.now()): string {
  return chinaDay(now)
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}

function oneOf<T extends string>(v: string, list: readonly T[], fallback: T): T {
  return (list as readonly string[]).includes(v) ? (v as T) : fallback
}

/** selectionFromQuery reads the selection off a URL query; what the API would refuse falls back to the default. */
export function selectionFromQuery(q: LocationQuery): Selection {
  const d = defaultSelection()
  const from = one(q.from)
  const to = one(q.to)
  const custom = DAY.test(from) && DAY.test(to)
  const period = oneOf(one(q.period), PERIODS, d.period)
  return {
    period: period === 'custom' && !custom ? d.period : period,
    from: period === 'custom' && custom ? from : '',
    to: period === 'custom' && custom ? to : '',
    region: /^\d{12}(\d{3})?$/.test(one(q.region)) ? one(q.region) : '',
    by: oneOf(one(q.by), GROUPINGS, d.by),
    metric: oneOf(one(q.metric), METRIC_KEYS, d.metric),
  }
}

/** selectionQuery is the URL query of a selection, leaving out what is the default. */
export function selectionQuery(s: Selection): LocationQueryRaw {
  const d = defaultSelection()
  const out: LocationQueryRaw = {}
  if (s.period !== d.period) out.period = s.period
  if (s.period === 'custom') Object.assign(out, { from: s.from, to: s.to })
  if (s.region) out.region = s.region
  if (s.by !== d.by) out.by = s.by
  if (s.metric !== d.metric) out.metric = s.metric
  return out
}

/** apiParams are the query of GET /events/stats (and its export) for a selection on a day. */
export function apiParams(s: Selection, day: string): { region?: string; by: Grouping; from: string; to: string } {
  const r = periodRange(s, day)
  return { ...(s.region ? { region: s.region } : {}), by: s.by, from: r.from, to: r.to }
}
