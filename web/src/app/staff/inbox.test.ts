import { describe, expect, it } from 'vitest'
import { chips, due, linkOf, merge, urgency, type InboxItem } from './inbox'

const item = (x: Partial<InboxItem>): InboxItem => ({ kind: 'event_task', id: 'e1', title: '楼道堆物', action: 'accept', overdue: false, ...x })

describe('the inbox', () => {
  it('puts overdue first, then the earliest deadline, none last', () => {
    const items = [
      item({ id: 'none' }),
      item({ id: 'late2', deadline: '2026-12-02T00:00:00Z', overdue: true }),
      item({ id: 'soon', deadline: '2026-12-08T00:00:00Z' }),
      item({ id: 'late1', deadline: '2026-12-01T00:00:00Z', overdue: true }),
      item({ id: 'later', deadline: '2026-12-09T00:00:00Z' }),
    ]
    expect([...items].sort(urgency).map((x) => x.id)).toEqual(['late1', 'late2', 'soon', 'later', 'none'])
  })

  it('joins pages once each, an event’s tasks apart', () => {
    const a = item({ id: 'e1', task_id: 't1', deadline: '2026-12-08T00:00:00Z' })
    const b = item({ id: 'e1', task_id: 't2', deadline: '2026-12-07T00:00:00Z' })
    const c = item({ kind: 'booking', id: 'b1', action: 'visit', deadline: '2026-12-09T00:00:00Z' })
    expect(merge([a, b], [b, c]).map((x) => x.task_id ?? x.id)).toEqual(['t2', 't1', 'b1'])
  })

  it('counts chips by kind over its actions, the most first', () => {
    const by = [
      { kind: 'event_task', action: 'accept', count: 5, overdue: 1, soon: 0 },
      { kind: 'event', action: 'verify', count: 4, overdue: 0, soon: 0 },
      { kind: 'event_task', action: 'handle', count: 1, overdue: 2, soon: 0 },
      { kind: 'booking', action: 'visit', count: 2, overdue: 0, soon: 1 },
    ]
    expect(chips({ total: 12, overdue: 3, soon: 1, by })).toEqual([
      { kind: 'event_task', count: 6, overdue: 3 },
      { kind: 'event', count: 4, overdue: 0 },
      { kind: 'booking', count: 2, overdue: 0 },
    ])
    expect(chips(undefined)).toEqual([])
  })

  it('leads cases to their page and bookings to a visit', () => {
    expect(linkOf(item({ id: 'e9' }))).toBe('/events/e9')
    expect(linkOf(item({ kind: 'event', id: 'e8' }))).toBe('/events/e8')
    expect(linkOf(item({ kind: 'booking', id: 'b 1' }))).toBe('/visits/new?booking_id=b%201')
    expect(linkOf(item({ kind: 'epidemic_person', id: 'p1' }))).toBe('/epidemic/persons/p1')
    expect(linkOf(item({ kind: 'screening' }))).toBeUndefined()
  })

  it('says how far off a deadline is, in the largest whole unit', () => {
    const now = Date.parse('2026-12-07T12:00:00Z')
    expect(due('2026-12-07T12:30:00Z', now)).toEqual({ overdue: false, unit: 'minute', n: 30 })
    expect(due('2026-12-07T12:00:20Z', now)).toEqual({ overdue: false, unit: 'minute', n: 1 })
    expect(due('2026-12-08T17:00:00Z', now)).toEqual({ overdue: false, unit: 'hour', n: 29 })
    expect(due('2026-12-10T12:00:00Z', now)).toEqual({ overdue: false, unit: 'day', n: 3 })
    expect(due('2026-12-07T09:00:00Z', now)).toEqual({ overdue: true, unit: 'hour', n: 3 })
  })
})
