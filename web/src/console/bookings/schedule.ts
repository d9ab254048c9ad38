// Scheduling a booking: the time as the picker shows it (Asia/Shanghai wall
// time, whatever the browser's zone) and as the API takes it, and the next
// free day a full team's refusal offers.
import { ApiError } from '@/api/client'
import type { Booking } from '@/api/types'
import { formatTime } from '../utils/format'

/** The picker's format: a wall time in Asia/Shanghai. */
export const PICKER_FORMAT = 'YYYY-MM-DD HH:mm'

/** The hour each slot of the day starts at, the default time of a visit. */
const SLOT_START: Record<Booking['slot'], string> = { am: '09:00', pm: '14:30' }

/** toApiTime makes a picker value ("2026-05-12 09:00") an RFC 3339 time in China's zone. */
export function toApiTime(v: string): string {
  const [day, hm] = v.trim().split(/\s+/)
  return `${day}T${hm ?? '00:00'}:00+08:00`
}

/** toPicker shows an API time in the picker's format, in Asia/Shanghai. */
export function toPicker(v: string | null | undefined): string {
  return formatTime(v).slice(0, 16)
}

/** defaultTime is where the picker starts for a booking: its time if scheduled, else its day and slot. */
export function defaultTime(b: Pick<Booking, 'preferred_date' | 'slot' | 'scheduled_at'>): string {
  return b.scheduled_at ? toPicker(b.scheduled_at) : `${b.preferred_date} ${SLOT_START[b.slot] ?? SLOT_START.am}`
}

export interface TeamFull {
  /** the day refused, YYYY-MM-DD */
  day: string
  /** the next day the team has room, YYYY-MM-DD; "" when none within the horizon */
  next: string
}

/** teamFull reads a booking.team_full refusal; null for any other error. */
export function teamFull(err: unknown): TeamFull | null {
  if (!(err instanceof ApiError) || err.problem.code !== 'booking.team_full') return null
  const p = err.problem.params ?? {}
  return { day: String(p.day ?? ''), next: String(p.next ?? '') }
}

/** onDay moves a picker value to another day, keeping its time of day. */
export function onDay(v: string, day: string): string {
  const hm = v.trim().split(/\s+/)[1] ?? SLOT_START.am
  return `${day} ${hm}`
}
