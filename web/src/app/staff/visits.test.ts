import { describe, expect, it } from 'vitest'
import { visitBody, visitLink, visitMissing, type VisitForm } from './visits'

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

  it('opens a booking with its resident, when the booker is linked to one', () => {
    expect(visitLink({ id: 'b 1' })).toBe('/visits/new?booking_id=b+1')
    expect(visitLink({ id: 'b1', resident_id: 'r1' })).toBe('/visits/new?booking_id=b1&resident_id=r1')
  })
})
