// Names for the API shapes the console uses, all derived from the generated
// schema (see client.ts), so a change on the server shows up as a type error.
import type { QueryParamsOf, RequestOf, ResponseOf } from './client'
import type { LEVELS } from './enums'

type Item<T> = T extends { items?: (infer I)[] | null } ? I : T extends (infer I)[] ? I : never

export type Meta = ResponseOf<'/api/v1/meta', 'get'>
export type LoginResult = ResponseOf<'/api/v1/auth/login', 'post'>
export type Me = ResponseOf<'/api/v1/me', 'get'>
export type TotpSetup = ResponseOf<'/api/v1/me/totp/setup', 'post'>

export type Region = Item<ResponseOf<'/api/v1/regions', 'get'>>
export type RegionDetail = ResponseOf<'/api/v1/regions/{code}', 'get'>
export type RegionCreate = RequestOf<'/api/v1/regions', 'post'>
export type RegionUpdate = RequestOf<'/api/v1/regions/{code}', 'put'>
export type LocateResult = ResponseOf<'/api/v1/grids/locate', 'get'>

export type Unit = Item<ResponseOf<'/api/v1/units', 'get'>>
export type UnitQuery = QueryParamsOf<'/api/v1/units', 'get'>
export type UnitCreate = RequestOf<'/api/v1/units', 'post'>

export type User = Item<ResponseOf<'/api/v1/users', 'get'>>
export type UserQuery = QueryParamsOf<'/api/v1/users', 'get'>
export type UserCreate = RequestOf<'/api/v1/users', 'post'>
export type UserUpdate = RequestOf<'/api/v1/users/{id}', 'put'>
export type Role = Item<ResponseOf<'/api/v1/roles', 'get'>>

export type AuditRecord = Item<ResponseOf<'/api/v1/audit', 'get'>>
export type AuditQuery = QueryParamsOf<'/api/v1/audit', 'get'>
export type AuditVerify = ResponseOf<'/api/v1/audit/verify', 'get'>

export type Notification = Item<ResponseOf<'/api/v1/notifications', 'get'>>

export type APIKey = Item<ResponseOf<'/api/v1/api-keys', 'get'>>
export type APIKeyCreated = ResponseOf<'/api/v1/api-keys', 'post'>

export type PopulationDicts = ResponseOf<'/api/v1/dicts/population', 'get'>
export type Resident = Item<ResponseOf<'/api/v1/residents', 'get'>>
export type ResidentCreate = RequestOf<'/api/v1/residents', 'post'>
export type ResidentUpdate = RequestOf<'/api/v1/residents/{id}', 'put'>
export type ResidentHistoryEntry = Item<ResponseOf<'/api/v1/residents/{id}/history', 'get'>>
export type Building = Item<ResponseOf<'/api/v1/buildings', 'get'>>
export type Household = Item<ResponseOf<'/api/v1/households', 'get'>>
export type ImportJob = ResponseOf<'/api/v1/imports/{id}', 'get'>
export type ImportFileSpec = ResponseOf<'/api/v1/imports/columns', 'get'>
export type Transfer = Item<ResponseOf<'/api/v1/residents/transfers', 'get'>>
export type TransferCreate = RequestOf<'/api/v1/residents/transfers', 'post'>

export type Notice = Item<ResponseOf<'/api/v1/notices', 'get'>>
export type NoticeInput = RequestOf<'/api/v1/notices', 'post'>
export type NoticeQuery = QueryParamsOf<'/api/v1/notices', 'get'>
export type NoticeReads = ResponseOf<'/api/v1/notices/{id}/reads', 'get'>

export type Booking = Item<ResponseOf<'/api/v1/bookings', 'get'>>
export type BookingQuery = QueryParamsOf<'/api/v1/bookings', 'get'>
export type BookingService = Item<ResponseOf<'/api/v1/booking-services', 'get'>>
export type TeamLoad = ResponseOf<'/api/v1/bookings/teams/{unit_id}', 'get'>
export type TeamMember = Item<ResponseOf<'/api/v1/team-members', 'get'>>

// the server's codes, generated from its OpenAPI document with the types
export { LEVELS, UNIT_TYPES, USER_STATUSES } from './enums'
export type { Permission } from './enums'
export type Level = (typeof LEVELS)[number]

export type ResidentAccount = Item<ResponseOf<'/api/v1/resident-accounts', 'get'>>

export type Measure = Item<ResponseOf<'/api/v1/epidemic/measures', 'get'>>
export type MeasureDetail = ResponseOf<'/api/v1/epidemic/measures/{id}', 'get'>
export type MeasureQuery = QueryParamsOf<'/api/v1/epidemic/measures', 'get'>
export type IsolationSite = Item<ResponseOf<'/api/v1/epidemic/sites', 'get'>>
export type IsolationSiteDetail = ResponseOf<'/api/v1/epidemic/sites/{id}', 'get'>
export type ReportCard = Item<ResponseOf<'/api/v1/epidemic/reports', 'get'>>
export type CardInput = RequestOf<'/api/v1/epidemic/reports', 'post'>
export type UnitTimeliness = Item<ResponseOf<'/api/v1/epidemic/reports/timeliness', 'get'>>
export type EpidemicVocabulary = ResponseOf<'/api/v1/epidemic/vocabulary', 'get'>
export type Disease = Item<ResponseOf<'/api/v1/epidemic/diseases', 'get'>>
export type EpiTest = Item<ResponseOf<'/api/v1/epidemic/tests', 'get'>>
export type TestIngest = ResponseOf<'/api/v1/epidemic/tests', 'post'>
export type Coverage = ResponseOf<'/api/v1/epidemic/coverage', 'get'>
export type UntestedResident = Item<ResponseOf<'/api/v1/epidemic/coverage/untested', 'get'>>
export type Venue = Item<ResponseOf<'/api/v1/epidemic/venues', 'get'>>
export type VenueStays = ResponseOf<'/api/v1/epidemic/venues/{code}/checkins', 'get'>
export type VenueVisit = Item<ResponseOf<'/api/v1/public/venue-checkins', 'get'>>
export type VenueScan = ResponseOf<'/api/v1/public/venues/{code}', 'get'>

export type Signal = Item<ResponseOf<'/api/v1/epidemic/signals', 'get'>>
export type SignalDetail = ResponseOf<'/api/v1/epidemic/signals/{id}', 'get'>
export type UnitResponse = Item<ResponseOf<'/api/v1/epidemic/signals/response', 'get'>>
export type WarningConfig = ResponseOf<'/api/v1/epidemic/warning/methods', 'get'>
export type WarningMethod = Item<WarningConfig>
