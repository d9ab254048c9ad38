// Names for the tracing API's shapes, derived from the generated schema, and
// the page's small pure helpers.
import type { RequestOf, ResponseOf } from '@/api/client'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type TraceResult = ResponseOf<'/api/v1/epidemic/trace', 'post'>
export type TraceInput = RequestOf<'/api/v1/epidemic/trace', 'post'>
export type Contact = NonNullable<TraceResult['contacts']>[number]
export type Exposure = NonNullable<Contact['exposures']>[number]
export type TraceRecord = Item<ResponseOf<'/api/v1/epidemic/traces', 'get'>>
export type Pushed = ResponseOf<'/api/v1/epidemic/traces/{id}/push', 'post'>

/** The case categories a trace starts from. */
export const CASE_CATEGORIES = ['confirmed', 'asymptomatic'] as const

/** byHop splits contacts into close (hop 1) and secondary (hop 2), in the answer's order. */
export function byHop(contacts: readonly Contact[]): { close: Contact[]; secondary: Contact[] } {
  return { close: contacts.filter((c) => c.hop === 1), secondary: contacts.filter((c) => c.hop === 2) }
}

/** request is the trace's body from the form: only what differs from the server's defaults. */
export function request(person: string, hops: 1 | 2, minutes: number, range: [Date, Date] | null): TraceInput {
  const body: TraceInput = { person_id: person, hops }
  if (minutes !== 30) body.window_minutes = minutes
  if (range) {
    body.from = range[0].toISOString()
    body.to = range[1].toISOString()
  }
  return body
}

/** minutesBetween is the length of a stay in whole minutes. */
export function minutesBetween(from?: string | null, to?: string | null): number {
  if (!from || !to) return 0
  return Math.floor((Date.parse(to) - Date.parse(from)) / 60000)
}
