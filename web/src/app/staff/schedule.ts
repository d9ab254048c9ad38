// Scheduling residents' bookings from the phone (a team leader, a street
// office — those holding booking:schedule), as the console's 预约服务 does:
// who may take one (a team member with an account and a team to count it
// against), the request, and the next free day a full team's refusal
// offers. Times are Asia/Shanghai wall times, as the console's picker.
import type { Problem, RequestOf, ResponseOf } from '@/api/client'
import { defaultTime, onDay, toApiTime } from '@/console/bookings/schedule'

export type Member = NonNullable<ResponseOf<'/api/v1/team-members', 'get'>['items']>[number]
export type ScheduleInput = RequestOf<'/api/v1/bookings/{id}/schedule', 'post'>

/** takers are the members a booking can go to: an account to see it on, a team to count it against. */
export function takers(members: Member[]): Member[] {
  return members.filter((m) => m.user_id && m.unit_id)
}

/** The form: a member, a day (YYYY-MM-DD) and a time (HH:mm). */
export interface ScheduleForm {
  memberId: string
  day: string
  time: string
}

/** startForm fills the form from a booking: its member and time if scheduled, else its day and slot's hour. */
export function startForm(b: Pick<ResponseOf<'/api/v1/bookings/{id}', 'get'>, 'preferred_date' | 'slot' | 'scheduled_at' | 'member_id'>): ScheduleForm {
  const [day, time] = defaultTime(b).split(' ')
  return { memberId: b.member_id ?? '', day, time }
}

/** scheduleMissing names the first thing the form lacks ('' when it may be sent). */
export function scheduleMissing(f: ScheduleForm): 'member' | 'day' | 'time' | '' {
  if (!f.memberId) return 'member'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.day)) return 'day'
  if (!/^\d{2}:\d{2}$/.test(f.time)) return 'time'
  return ''
}

/** scheduleBody is the request: the member, and the time in China's zone. */
export function scheduleBody(f: ScheduleForm): ScheduleInput {
  return { member_id: f.memberId, at: toApiTime(`${f.day} ${f.time}`) }
}

/** onNextDay moves the form to the day the server offered, keeping the time of day. */
export function onNextDay(f: ScheduleForm, next: string): ScheduleForm {
  const [day, time] = onDay(`${f.day} ${f.time}`, next).split(' ')
  return { ...f, day, time }
}

export interface TeamFull {
  /** the day refused, YYYY-MM-DD */
  day: string
  /** the next day the team has room, YYYY-MM-DD; "" when none within the horizon */
  next: string
}

/** teamFullOf reads a booking.team_full refusal the outbox kept; null for any other. */
export function teamFullOf(p: Problem | undefined): TeamFull | null {
  if (p?.code !== 'booking.team_full') return null
  const params = p.params ?? {}
  return { day: String(params.day ?? ''), next: String(params.next ?? '') }
}

/** monthDay splits YYYY-MM-DD into the month and day China writes as "5月12日". */
export function monthDay(day: string): { m: number; d: number } {
  const [, m, d] = day.split('-').map(Number)
  return { m, d }
}
