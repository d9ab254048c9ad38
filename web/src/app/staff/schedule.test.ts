import { describe, expect, it } from 'vitest'
import { monthDay, onNextDay, scheduleBody, scheduleMissing, startForm, takers, teamFullOf, type Member } from './schedule'

describe('scheduling from the phone', () => {
  it('offers only members with an account and a team', () => {
    const ms = [
      { id: 'a', name: '甲', user_id: 'u1', unit_id: 't1' },
      { id: 'b', name: '乙', unit_id: 't1' },
      { id: 'c', name: '丙', user_id: 'u3' },
    ] as Member[]
    expect(takers(ms).map((m) => m.id)).toEqual(['a'])
  })

  it('starts at the preferred day and the slot hour, or the time already given', () => {
    expect(startForm({ preferred_date: '2026-05-12', slot: 'pm' })).toEqual({ memberId: '', day: '2026-05-12', time: '14:30' })
    expect(startForm({ preferred_date: '2026-05-12', slot: 'am', member_id: 'm1', scheduled_at: '2026-05-13T02:15:00Z' })).toEqual({
      memberId: 'm1',
      day: '2026-05-13',
      time: '10:15',
    })
  })

  it('names what the form lacks, then sends the time in China', () => {
    expect(scheduleMissing({ memberId: '', day: '2026-05-12', time: '09:00' })).toBe('member')
    expect(scheduleMissing({ memberId: 'm', day: '', time: '09:00' })).toBe('day')
    expect(scheduleMissing({ memberId: 'm', day: '2026-05-12', time: '9' })).toBe('time')
    const f = { memberId: 'm', day: '2026-05-12', time: '09:30' }
    expect(scheduleMissing(f)).toBe('')
    expect(scheduleBody(f)).toEqual({ member_id: 'm', at: '2026-05-12T09:30:00+08:00' })
  })

  it("reads a full team's refusal and moves to the day offered", () => {
    expect(teamFullOf({ status: 409, code: 'booking.team_full', params: { day: '2026-05-12', next: '2026-05-14' } })).toEqual({
      day: '2026-05-12',
      next: '2026-05-14',
    })
    expect(teamFullOf({ status: 409, code: 'booking.team_full', params: { day: '2026-05-12' } })?.next).toBe('')
    expect(teamFullOf({ status: 409, code: 'booking.not_open' })).toBeNull()
    expect(teamFullOf(undefined)).toBeNull()
    expect(onNextDay({ memberId: 'm', day: '2026-05-12', time: '14:30' }, '2026-05-14')).toEqual({ memberId: 'm', day: '2026-05-14', time: '14:30' })
    expect(monthDay('2026-05-04')).toEqual({ m: 5, d: 4 })
  })
})
