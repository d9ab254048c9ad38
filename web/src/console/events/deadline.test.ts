import { describe, expect, it } from 'vitest'
import { openDeadline, pressing, shortTime, span, spanText, taskDeadline } from './deadline'
import type { EventTask } from './types'

const NOW = Date.parse('2026-11-24T04:00:00Z')

function task(over: Partial<EventTask>): EventTask {
  return {
    id: 't',
    unit_name: '忻府区疾控中心',
    role: 'lead',
    status: 'accepted',
    overdue: false,
    feedback: '',
    reopen_count: 0,
    started_at: '2026-11-24T00:00:00Z',
    ...over,
  } as EventTask
}

describe('openDeadline', () => {
  it('is the event’s own stage while it waits on the centre or the verifier', () => {
    for (const status of ['reported', 'registered', 'pending_verify']) {
      const d = openDeadline({ status, deadline: '2026-11-24T03:00:00Z', tasks: [] }, NOW)
      expect(d).toEqual({ at: '2026-11-24T03:00:00Z', overdue: true, kind: status === 'pending_verify' ? 'verify' : 'dispatch' })
    }
  })

  it('is the earliest open task deadline while departments work', () => {
    const d = openDeadline(
      {
        status: 'dispatched',
        tasks: [
          task({ deadline: '2026-11-26T09:00:00Z' }),
          task({ status: 'handled', deadline: '2026-11-24T01:00:00Z' }),
          task({ status: 'summoned', report_deadline: '2026-11-25T09:00:00Z', overdue: false }),
          task({ status: 'returned', deadline: '2026-11-20T09:00:00Z' }),
        ],
      },
      NOW,
    )
    expect(d).toEqual({ at: '2026-11-25T09:00:00Z', overdue: false, kind: 'report' })
  })

  it('is none while suspended or once closed', () => {
    expect(openDeadline({ status: 'suspended', deadline: '2026-11-24T03:00:00Z', tasks: [task({ deadline: '2026-11-25T00:00:00Z' })] }, NOW)).toBeNull()
    expect(openDeadline({ status: 'closed', tasks: [task({ status: 'handled', deadline: '2026-11-25T00:00:00Z' })] }, NOW)).toBeNull()
  })

  it('takes a task’s overdue flag from the server', () => {
    expect(taskDeadline(task({ deadline: '2026-11-23T00:00:00Z', overdue: true }))).toEqual({
      at: '2026-11-23T00:00:00Z',
      overdue: true,
      kind: 'task',
    })
    expect(taskDeadline(task({ status: 'handled', deadline: '2026-11-23T00:00:00Z' }))).toBeNull()
  })
})

describe('span', () => {
  it('counts days, hours and minutes either side of now', () => {
    expect(span('2026-11-25T06:30:00Z', NOW)).toEqual({ overdue: false, days: 1, hours: 2, minutes: 30 })
    expect(span('2026-11-24T03:15:00Z', NOW)).toEqual({ overdue: true, days: 0, hours: 0, minutes: 45 })
  })

  it('says it in Chinese', () => {
    expect(spanText({ overdue: false, days: 1, hours: 2, minutes: 30 })).toBe('1天2小时')
    expect(spanText({ overdue: true, days: 0, hours: 3, minutes: 5 })).toBe('3小时5分')
    expect(spanText({ overdue: false, days: 0, hours: 0, minutes: 0 })).toBe('1分钟')
  })

  it('is pressing within four hours, not after the deadline', () => {
    expect(pressing('2026-11-24T07:00:00Z', NOW)).toBe(true)
    expect(pressing('2026-11-24T09:00:00Z', NOW)).toBe(false)
    expect(pressing('2026-11-24T03:00:00Z', NOW)).toBe(false)
  })
})

describe('shortTime', () => {
  it('shows month, day and minutes in China time', () => {
    expect(shortTime('2026-11-24T16:05:09Z')).toBe('11-25 00:05')
    expect(shortTime(undefined)).toBe('')
  })
})
