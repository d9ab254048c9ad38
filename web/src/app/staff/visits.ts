// Home visits on the phone: the kinds the server takes (internal/visit
// Kinds), what a record needs before it is queued, and where a booking
// leads.
import type { RequestOf, ResponseOf } from '@/api/client'

export type Visit = ResponseOf<'/api/v1/visits/{id}', 'get'>
export type Booking = ResponseOf<'/api/v1/bookings/{id}', 'get'>
export type VisitInput = RequestOf<'/api/v1/visits', 'post'>
export type VisitKind = VisitInput['kind']

/** The kinds of visit, in the server's order. */
export const VISIT_KINDS: readonly VisitKind[] = ['chronic_followup', 'elderly_followup', 'rehabilitation', 'maternal', 'key_population', 'other']

/** What the visit form holds. */
export interface VisitForm {
  bookingId: string
  residentId: string
  kind: VisitKind | ''
  notes: string
  point?: { lng: number; lat: number }
}

/** visitMissing names the first thing the form lacks ('' when it may be queued). */
export function visitMissing(f: VisitForm): 'resident' | 'kind' | 'notes' | 'location' | '' {
  if (!f.residentId) return 'resident'
  if (!f.kind) return 'kind'
  if (!f.notes.trim()) return 'notes'
  if (!f.point) return 'location'
  return ''
}

/** visitBody is the request; the photos' ids are added by the outbox. */
export function visitBody(f: VisitForm): VisitInput {
  if (!f.kind || !f.point) throw new Error('visitBody: the form is not complete')
  const body: VisitInput = { resident_id: f.residentId, kind: f.kind, notes: f.notes.trim(), lng: f.point.lng, lat: f.point.lat }
  if (f.bookingId) body.booking_id = f.bookingId
  return body
}

/** visitLink opens the visit form for a booking, its resident filled in when the booker's account is linked to one. */
export function visitLink(b: Pick<Booking, 'id' | 'resident_id'>): string {
  const q = new URLSearchParams({ booking_id: b.id })
  if (b.resident_id) q.set('resident_id', b.resident_id)
  return `/visits/new?${q.toString()}`
}
