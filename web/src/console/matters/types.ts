// Names for the matter catalogue's API shapes, derived from the generated
// schema like src/api/types.ts, and the fixed lists the screens offer.
import type { QueryParamsOf, RequestOf, ResponseOf } from '@/api/client'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : never

export type Matter = Item<ResponseOf<'/api/v1/matters', 'get'>>
export type MatterQuery = QueryParamsOf<'/api/v1/matters', 'get'>
export type MatterNode = NonNullable<ResponseOf<'/api/v1/matters/tree', 'get'>>[number]
export type MatterInput = RequestOf<'/api/v1/matters/{code}', 'put'>
export type MatterCreate = RequestOf<'/api/v1/matters', 'post'>
export type Category = ResponseOf<'/api/v1/matter-categories', 'post'>
export type CategoryCreate = RequestOf<'/api/v1/matter-categories', 'post'>
export type Route = MatterInput['routing'][string]
export type Limits = MatterInput['limits']
export type Limit = Limits['dispatch']

/** The region levels a matter routes at, top down (the server's matter.Levels). */
export const ROUTE_LEVELS = ['county', 'township', 'village', 'grid'] as const
export type RouteLevel = (typeof ROUTE_LEVELS)[number]

/** The timed stages of an event, in order. */
export const STAGES = ['dispatch', 'handle', 'verify'] as const
export type Stage = (typeof STAGES)[number]

/** The units a time limit is counted in. */
export const LIMIT_UNITS = ['working_hours', 'working_days', 'natural_days'] as const

/** An event's priorities, as the server lists them. */
export { PRIORITIES } from '@/api/enums'

/** The codes the server accepts (internal/matter/validate.go). */
export const MATTER_CODE = /^[A-Z][A-Z0-9]{1,9}-[0-9]{2,3}$/
export const CATEGORY_CODE = /^[A-Z][A-Z0-9]{1,9}$/
