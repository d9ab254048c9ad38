import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { defaultTime, onDay, teamFull, toApiTime, toPicker } from './schedule'

describe('schedule times', () => {
  it('sends the picker wall time as China time', () => {
    expect(toApiTime('2026-05-12 09:00')).toBe('2026-05-12T09:00:00+08:00')
  })
  it('shows an API time in Asia/Shanghai', () => {
    expect(toPicker('2026-05-12T01:30:00Z')).toBe('2026-05-12 09:30')
    expect(toPicker(undefined)).toBe('')
  })
  it('starts at the booking slot, or at its scheduled time', () => {
    expect(defaultTime({ preferred_date: '2026-05-12', slot: 'pm' })).toBe('2026-05-12 14:30')
    expect(defaultTime({ preferred_date: '2026-05-12', slot: 'am', scheduled_at: '2026-05-13T02:00:00Z' })).toBe('2026-05-13 10:00')
  })
})

describe('teamFull', () => {
  const full = new ApiError({ status: 409, code: 'booking.team_full', params: { day: '2026-05-12', next: '2026-05-14' } })
  it('reads the day refused and the next free day', () => {
    expect(teamFull(full)).toEqual({ day: '2026-05-12', next: '2026-05-14' })
  })
  it('ignores any other problem', () => {
    expect(teamFull(new ApiError({ status: 409, code: 'booking.status_not_allowed' }))).toBeNull()
    expect(teamFull(new Error('x'))).toBeNull()
  })
  it('gives "" when no day is free within the horizon', () => {
    expect(teamFull(new ApiError({ status: 409, code: 'booking.team_full', params: { day: '2026-05-12', next: '' } }))?.next).toBe('')
  })
  it('moves the time to the day offered, keeping the hour', () => {
    expect(onDay('2026-05-12 14:30', '2026-05-14')).toBe('2026-05-14 14:30')
  })
})
