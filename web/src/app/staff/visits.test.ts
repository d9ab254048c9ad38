import { describe, expect, it } from 'vitest'
import type { InboxItem } from './inbox'
import { scheduledBookings, visitBody, visitMissing, type VisitForm } from './visits'

describe('a visit record', () => {
  it('needs a resident, a kind, findings and a location', () => {
    const f: VisitForm = { bookingId: '', residentId: '', kind: '', notes: '' }
    expect(visitMissing(f)).toBe('resident')
    f.residentId = 'r1'
    expect(visitMissing(f)).toBe('kind')
    f.kind = 'elderly_followup'
    expect(visitMissing(f)).toBe('notes')
    f.notes = ' 血压 135/85，按时服药 '
    expect(visitMissing(f)).toBe('location')
    f.point = { lng: 112.73, lat: 38.41 }
    expect(visitMissing(f)).toBe('')
    expect(visitBody(f)).toEqual({ resident_id: 'r1', kind: 'elderly_followup', notes: '血压 135/85，按时服药', lng: 112.73, lat: 38.41 })
    expect(visitBody({ ...f, bookingId: 'b1' }).booking_id).toBe('b1')
  })

  it('takes my scheduled bookings from the inbox, the soonest first', () => {
    const it = (x: Partial<InboxItem>): InboxItem => ({ kind: 'booking', id: 'b', title: '', action: 'visit', overdue: false, ...x })
    const got = scheduledBookings([
      it({ id: 'late', deadline: '2026-12-09T01:00:00Z' }),
      it({ kind: 'event_task', id: 'e' }),
      it({ id: 'soon', deadline: '2026-12-08T01:00:00Z' }),
    ])
    expect(got.map((x) => x.id)).toEqual(['soon', 'late'])
  })
})
