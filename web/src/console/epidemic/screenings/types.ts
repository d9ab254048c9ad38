// Names for the screening API's shapes, derived from the generated schema
// so that a change on the server shows up here as a type error.
import type { ResponseOf } from '@/api/client'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type Screening = Item<ResponseOf<'/api/v1/epidemic/screenings', 'get'>>
export type ScreeningCreated = ResponseOf<'/api/v1/epidemic/screenings', 'post'>
export type Progress = ResponseOf<'/api/v1/epidemic/screenings/{id}/progress', 'get'>
export type RegionProgress = NonNullable<Progress['items']>[number]
export type Reject = Item<ResponseOf<'/api/v1/epidemic/screenings/{id}/rejects', 'get'>>
export type Handover = Item<ResponseOf<'/api/v1/epidemic/screenings/{id}/handovers', 'get'>>
export type RiskPerson = Item<ResponseOf<'/api/v1/epidemic/persons', 'get'>>
export type PersonDetail = ResponseOf<'/api/v1/epidemic/persons/{id}', 'get'>
export type Disease = Item<ResponseOf<'/api/v1/epidemic/diseases', 'get'>>
export type Vocabulary = ResponseOf<'/api/v1/epidemic/vocabulary', 'get'>

/** A list's counts in one scope, as the list, the progress and the live stream give them. */
export interface Counts {
  received: number
  distributed: number
  pool: number
  verified: number
  overdue: number
  rate: number
}
