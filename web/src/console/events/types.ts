// Names for the event workflow's API shapes, derived from the generated
// schema like src/api/types.ts.
import type { QueryParamsOf, RequestOf, ResponseOf } from '@/api/client'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type EventItem = Item<ResponseOf<'/api/v1/events', 'get'>>
export type EventDetail = ResponseOf<'/api/v1/events/{id}', 'get'>
export type EventTask = NonNullable<EventDetail['tasks']>[number]
export type TimelineEntry = NonNullable<EventDetail['timeline']>[number]
export type MergedReport = NonNullable<EventDetail['reports']>[number]
export type EventAttachment = NonNullable<EventDetail['attachments']>[number]
export type EventQuery = NonNullable<QueryParamsOf<'/api/v1/events', 'get'>>
export type EventInput = RequestOf<'/api/v1/events', 'post'>
export type ActionBody = RequestOf<'/api/v1/events/{id}/actions', 'post'>
export type MatterNode = NonNullable<ResponseOf<'/api/v1/matters/tree', 'get'>>[number]
export type MatterDetail = ResponseOf<'/api/v1/matters/{code}', 'get'>
export type Candidate = NonNullable<ResponseOf<'/api/v1/events/{id}/units', 'get'>>[number]

/** Where a reported problem is: a point placed in its grid, or just a grid. */
export interface Place {
  lng: number | null
  lat: number | null
  gridCode: string
  gridName: string
}
