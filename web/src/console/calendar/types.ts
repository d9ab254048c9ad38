// Names for the work calendar's API shapes, derived from the generated schema
// like src/api/types.ts.
import type { QueryParamsOf, ResponseOf } from '@/api/client'

export type CalendarYear = ResponseOf<'/api/v1/calendar', 'get'>
export type CalendarDay = NonNullable<CalendarYear['days']>[number]
export type DayKind = CalendarDay['kind']
export type DeadlinePreview = ResponseOf<'/api/v1/calendar/deadline', 'get'>
export type DeadlineQuery = NonNullable<QueryParamsOf<'/api/v1/calendar/deadline', 'get'>>

/** The units a time limit is counted in, as the API names them. */
export const LIMIT_UNITS = ['working_hours', 'working_days', 'natural_days'] as const
export type LimitUnit = (typeof LIMIT_UNITS)[number]
