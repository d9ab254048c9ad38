// The 工作台's figures: what waits for the caller, by kind, each with the
// list it opens; the key rates of the caller's area this month against the
// same days of last month.
import type { RouteLocationRaw } from 'vue-router'
import type { ResponseOf } from '@/api/client'

export type InboxCounts = ResponseOf<'/api/v1/inbox/counts', 'get'>
export type InboxCount = NonNullable<InboxCounts['by']>[number]
export type Indicators = ResponseOf<'/api/v1/events/stats', 'get'>['total']

/** The 我的待办 page. */
export const INBOX: RouteLocationRaw = { name: 'event-inbox' }

/**
 * todoLink is the list a to-do count opens: the events list filtered to the
 * cases that wait for the caller at that step, where the step is the
 * case's own (立案, 核查); 我的待办 for a task (签收, 处置, 报到); nothing
 * for a kind the console has no list of.
 */
export function todoLink(c: Pick<InboxCount, 'kind' | 'action'>): RouteLocationRaw | undefined {
  if (c.kind === 'event') {
    const status = { register: 'reported', verify: 'pending_verify' }[c.action]
    return status ? { name: 'events', query: { mine: '1', status } } : { name: 'events', query: { mine: '1' } }
  }
  if (c.kind === 'event_task') return INBOX
  return undefined
}

/** todoKey is the message key naming a to-do: workbench.todo.<kind>_<action>, or the generic one. */
export function todoKey(c: Pick<InboxCount, 'kind' | 'action'>, has: (key: string) => boolean): string {
  const key = `workbench.todo.${c.kind}_${c.action}`
  return has(key) ? key : 'workbench.todo.other'
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * lastMonthSpan is the same days of last month as this month's 1st to today
 * (yyyy-mm-dd, China days): to the same day of the month, or the month's
 * last where it is shorter.
 */
export function lastMonthSpan(today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number)
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1]
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate()
  return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(Math.min(d, last))}` }
}

/** The 工作台's key figures: 上报 is a count, the rest rates. */
export const KEY_FIGURES = ['reports', 'register_rate', 'close_on_time_rate', 'overdue_rate'] as const
export type KeyFigure = (typeof KEY_FIGURES)[number]

/** Whether a rise in the figure is good news (超期率 rising is not). */
const RISE_IS_GOOD: Record<KeyFigure, boolean | null> = {
  reports: null,
  register_rate: true,
  close_on_time_rate: true,
  overdue_rate: false,
}

export interface Trend {
  /** the change: a count's, or a rate's in percentage points; null when either side has none */
  delta: number | null
  /** up, down or flat */
  dir: 'up' | 'down' | 'flat'
  /** good, bad, or neither (a count) */
  tone: 'good' | 'bad' | 'neutral'
}

/** trend compares a figure with last month's. */
export function trend(key: KeyFigure, now: Indicators, before: Indicators): Trend {
  const a = now[key]
  const b = before[key]
  if (a == null || b == null) return { delta: null, dir: 'flat', tone: 'neutral' }
  const delta = key === 'reports' ? a - b : Math.round((a - b) * 1000) / 10
  const dir = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat'
  const good = RISE_IS_GOOD[key]
  const tone = dir === 'flat' || good === null ? 'neutral' : (dir === 'up') === good ? 'good' : 'bad'
  return { delta, dir, tone }
}

/** figure shows a key figure: a count as is, a rate in per cent, none as —. */
export function figure(key: KeyFigure, v: Indicators): string {
  const x = v[key]
  if (x == null) return '—'
  return key === 'reports' ? String(x) : `${(x * 100).toFixed(1)}%`
}
