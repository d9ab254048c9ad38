// Which deadline an event is working to, and how far off it is.
import { i18n } from '@/i18n'
import { formatTime } from '../utils/format'
import type { EventTask } from './types'

/** The deadline an event is working to now. */
export interface OpenDeadline {
  at: string
  overdue: boolean
  /** whose clock: the centre's (register and dispatch), the verifier's, a task's handling, a whistle's report-in */
  kind: 'dispatch' | 'verify' | 'task' | 'report'
}

interface HasDeadlines {
  status: string
  deadline?: string
  tasks?: EventTask[] | null
}

/** taskDeadline is the clock an open task runs on: report-in while summoned, else handling. */
export function taskDeadline(t: EventTask): OpenDeadline | null {
  if (t.status === 'summoned') return t.report_deadline ? { at: t.report_deadline, overdue: t.overdue, kind: 'report' } : null
  if (t.status === 'dispatched' || t.status === 'accepted') return t.deadline ? { at: t.deadline, overdue: t.overdue, kind: 'task' } : null
  return null
}

/**
 * openDeadline is the event's own stage deadline while it waits on the
 * centre or the verifier, else the earliest deadline of its open tasks;
 * null when no clock runs (closed, suspended, …).
 */
export function openDeadline(e: HasDeadlines, now = Date.now()): OpenDeadline | null {
  if (e.status === 'suspended') return null
  if (e.deadline && ['reported', 'registered', 'pending_verify'].includes(e.status)) {
    return { at: e.deadline, overdue: Date.parse(e.deadline) < now, kind: e.status === 'pending_verify' ? 'verify' : 'dispatch' }
  }
  let best: OpenDeadline | null = null
  for (const t of e.tasks ?? []) {
    const d = taskDeadline(t)
    if (d && (!best || Date.parse(d.at) < Date.parse(best.at))) best = d
  }
  return best
}

/** A time span in whole days, hours and minutes. */
export interface Span {
  overdue: boolean
  days: number
  hours: number
  minutes: number
}

/** span is how long until at (or, when overdue, how long since). */
export function span(at: string, now = Date.now()): Span {
  const ms = Date.parse(at) - now
  const total = Math.floor(Math.abs(ms) / 60_000)
  return {
    overdue: ms < 0,
    days: Math.floor(total / 1440),
    hours: Math.floor((total % 1440) / 60),
    minutes: total % 60,
  }
}

/** Under this long to go, a deadline is shown as pressing. */
const PRESSING_MS = 4 * 3600_000

/** pressing tells whether a deadline not yet passed is near. */
export function pressing(at: string, now = Date.now()): boolean {
  const ms = Date.parse(at) - now
  return ms >= 0 && ms < PRESSING_MS
}

/** spanText says a span in the user's language: "2天3小时", "3小时5分", "12分钟". */
export function spanText(s: Span): string {
  const t = i18n.global.t
  if (s.days) return t('eventDeadline.days', { d: s.days, h: s.hours })
  if (s.hours) return t('eventDeadline.hours', { h: s.hours, m: s.minutes })
  return t('eventDeadline.minutes', { m: Math.max(s.minutes, 1) })
}

/** shortTime shows a time as "MM-DD HH:mm" in Asia/Shanghai, for tables. */
export function shortTime(v: string | null | undefined): string {
  return formatTime(v).slice(5, 16)
}
