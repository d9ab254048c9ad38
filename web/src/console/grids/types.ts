// Names for the grid and team API shapes the console uses, derived from the
// generated schema like src/api/types.ts.
import type { QueryParamsOf, RequestOf, ResponseOf } from '@/api/client'
import type { DUTIES, MEMBER_TYPES } from '@/api/enums'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type Grid = Item<ResponseOf<'/api/v1/grids', 'get'>>
export type GridProfile = ResponseOf<'/api/v1/grids/{code}', 'get'>
export type PartyBranch = Item<ResponseOf<'/api/v1/grids/{code}/party-branches', 'put'>>
export type FeatureCollection = ResponseOf<'/api/v1/grids/boundaries', 'get'>
export type BoundaryImport = ResponseOf<'/api/v1/grids/boundaries', 'post'>

export type Member = Item<ResponseOf<'/api/v1/team-members', 'get'>>
export type MemberQuery = QueryParamsOf<'/api/v1/team-members', 'get'>
export type MemberInput = RequestOf<'/api/v1/team-members', 'post'>

// the member types (grid workers first) and duty statuses, as the API lists them
export { DUTIES, MEMBER_TYPES } from '@/api/enums'
export type MemberType = (typeof MEMBER_TYPES)[number]
export type Duty = (typeof DUTIES)[number]

/** The tag colour of each duty status. */
export const DUTY_TAGS: Record<Duty, 'success' | 'info' | 'warning'> = {
  on_duty: 'success',
  off_duty: 'info',
  leave: 'warning',
}

/** The tag colour of each member type. */
export const TYPE_TAGS: Record<MemberType, 'primary' | 'success' | 'warning' | 'danger'> = {
  grid_worker: 'primary',
  health_service: 'success',
  volunteer: 'warning',
  police: 'danger',
}
