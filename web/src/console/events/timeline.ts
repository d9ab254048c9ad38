// What a timeline entry says beyond its action: the departments it sent the
// case to, the task it was taken on, a deadline set, a rating, a merge.
import { i18n } from '@/i18n'
import { formatTime } from '../utils/format'
import { label } from './labels'
import type { EventTask, TimelineEntry } from './types'

/** One fact of an entry, labelled. */
export interface EntryFact {
  key: string
  label: string
  value: string
}

function names(v: unknown): string {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string').join('、') : ''
}

/**
 * entryFacts lists what an entry records, in a fixed order; keys it does not
 * know are left out rather than shown raw.
 */
export function entryFacts(e: TimelineEntry, tasks: readonly EventTask[] | null | undefined): EntryFact[] {
  const t = i18n.global.t
  const d = e.detail ?? {}
  const out: EntryFact[] = []
  const add = (key: string, value: string) => value && out.push({ key, label: t(`eventTimeline.${key}`), value })
  const task = e.task_id ? tasks?.find((x) => x.id === e.task_id) : undefined
  if (task) add('task', `${task.unit_name}（${label('role', task.role)}）`)
  else if (typeof d.unit === 'string') add('unit', d.unit)
  add('lead_units', names(d.lead_units))
  add('co_units', names(d.co_units))
  if (typeof d.level === 'number') add('level', d.level >= 100 ? t('eventTimeline.levelOverdue') : t('eventTimeline.levelUsed', { n: d.level }))
  if (typeof d.deadline === 'string') add('deadline', formatTime(d.deadline).slice(0, 16))
  if (typeof d.centre_name === 'string') add('centre', d.centre_name)
  if (typeof d.into === 'string') add('into', d.into)
  if (typeof d.report === 'string') add('report', d.report)
  if (typeof d.suspended_since === 'string') add('suspended_since', formatTime(d.suspended_since).slice(0, 16))
  return out
}

/** statusChange says "待受理 → 已立案", or "" when the entry moved nothing. */
export function statusChange(e: TimelineEntry): string {
  if (!e.to_status || e.from_status === e.to_status) return ''
  return e.from_status ? `${label('status', e.from_status)} → ${label('status', e.to_status)}` : label('status', e.to_status)
}

/** The dot colour of each kind of step. */
export function entryColor(action: string): string {
  if (['reject', 'return', 'reopen', 'deny_extension'].includes(action)) return '#f56c6c'
  if (['supervise', 'auto_supervise', 'sla_warning', 'escalate', 'whistle', 'extend', 'suspend'].includes(action)) return '#e6a23c'
  if (['verify', 'evaluate', 'handle'].includes(action)) return '#67c23a'
  return '#1f5fbf'
}
