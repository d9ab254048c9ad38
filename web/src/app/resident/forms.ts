// The resident's forms and lists, as plain functions the pages use and the
// tests check: what is wrong with a form (as i18n keys), which tag a status
// wears, which days may be booked, where a notification leads.
import { checkIdNumber } from '@/console/utils/idcard'
import { isMobile } from '@/console/utils/format'
import { passwordProblems, type Policy } from '@/console/utils/password'

/** Problems are a form's errors by field, each an i18n key under resident.err. */
export type Problems = Record<string, string>

/** A form is good when it has no problems. */
export function ok(p: Problems): boolean {
  return Object.keys(p).length === 0
}

export interface Registration {
  phone: string
  code: string
  name: string
  password: string
  region_code: string
}

/** registrationProblems checks a sign-up before it is sent; the server decides. */
export function registrationProblems(r: Registration, policy?: Policy): Problems {
  const p: Problems = {}
  if (!isMobile(r.phone)) p.phone = 'resident.err.phone'
  if (!/^\d{6}$/.test(r.code)) p.code = 'resident.err.code'
  if (!r.name.trim()) p.name = 'resident.err.name'
  if (r.password && passwordProblems(r.password, policy).length) p.password = 'resident.err.password'
  if (!r.region_code) p.region_code = 'resident.err.community'
  return p
}

/** resetProblems checks a password reset by SMS code. */
export function resetProblems(r: { phone: string; code: string; password: string }, policy?: Policy): Problems {
  const p: Problems = {}
  if (!isMobile(r.phone)) p.phone = 'resident.err.phone'
  if (!/^\d{6}$/.test(r.code)) p.code = 'resident.err.code'
  if (!r.password) p.password = 'resident.err.passwordRequired'
  else if (passwordProblems(r.password, policy).length) p.password = 'resident.err.password'
  return p
}

/** idNumberProblem names what is wrong with an ID number (resident.id.*), or '' when it is valid. */
export function idNumberProblem(raw: string, now = new Date()): string {
  const r = checkIdNumber(raw, now)
  return r.ok ? '' : `resident.id.${r.problem}`
}

/** bindProblems checks a real-name binding. */
export function bindProblems(b: { name: string; id_number: string }, now = new Date()): Problems {
  const p: Problems = {}
  if (!b.name.trim()) p.name = 'resident.err.name'
  const id = idNumberProblem(b.id_number, now)
  if (id) p.id_number = id
  return p
}

export interface ReportDraft {
  matter_code: string
  title: string
  description: string
  lng?: number
  lat?: number
}

/** reportProblems checks a report: a matter, a title and a place are needed. */
export function reportProblems(r: ReportDraft): Problems {
  const p: Problems = {}
  if (!r.matter_code) p.matter_code = 'resident.err.matter'
  if (!r.title.trim()) p.title = 'resident.err.title'
  if (r.lng === undefined || r.lat === undefined) p.location = 'resident.err.location'
  return p
}

/** The Vant tag type of a status. */
export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

const REPORT_TAGS: Record<string, TagType> = {
  received: 'primary',
  accepted: 'warning',
  not_accepted: 'default',
  handled: 'success',
  closed: 'success',
}

/** reportTag is the tag of a report's status (its words: resident.reportStatus.<status>). */
export function reportTag(status: string): TagType {
  return REPORT_TAGS[status] ?? 'default'
}

const BOOKING_TAGS: Record<string, TagType> = { requested: 'primary', scheduled: 'warning', done: 'success', cancelled: 'default' }

/** bookingTag is the tag of a booking's status (resident.bookingStatus.<status>). */
export function bookingTag(status: string): TagType {
  return BOOKING_TAGS[status] ?? 'default'
}

/** canCancel: a booking may be cancelled until it is scheduled. */
export function canCancel(status: string): boolean {
  return status === 'requested'
}

/** Days a resident may ask for: from tomorrow to 30 days ahead (the server takes today to 60). */
export const BOOK_AHEAD = 30

/** beijingDay is the civil date in Asia/Shanghai, shifted by days, as a Date at local midnight for the picker. */
export function beijingDay(now: Date, days = 0): Date {
  const b = new Date(now.getTime() + 8 * 3600_000 + days * 86_400_000)
  return new Date(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate())
}

/** isoDay writes a picker's [YYYY, MM, DD] as YYYY-MM-DD. */
export function isoDay(parts: string[]): string {
  return parts.length === 3 ? `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}` : ''
}

/** bookingProblems checks a booking: a service, a day in range and a slot. */
export function bookingProblems(b: { service: string; preferred_date: string; slot: string }, now = new Date()): Problems {
  const p: Problems = {}
  if (!b.service) p.service = 'resident.err.service'
  const first = isoDay(dayParts(beijingDay(now, 1)))
  const last = isoDay(dayParts(beijingDay(now, BOOK_AHEAD)))
  if (!/^\d{4}-\d{2}-\d{2}$/.test(b.preferred_date) || b.preferred_date < first || b.preferred_date > last) p.preferred_date = 'resident.err.date'
  if (b.slot !== 'am' && b.slot !== 'pm') p.slot = 'resident.err.slot'
  return p
}

/** dayParts is a Date's [YYYY, MM, DD] (local fields), as the date picker holds it. */
export function dayParts(d: Date): string[] {
  return [String(d.getFullYear()), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')]
}

/**
 * appLink is where a notification leads in the app, or '' when it leads
 * nowhere the user can open: a resident's case is their report.
 */
export function appLink(link: string | undefined, resident: boolean): string {
  if (!link || !link.startsWith('/') || link.startsWith('//')) return ''
  // a resident's messages link into the app itself (/app/reports/…)
  if (link.startsWith('/app/')) link = link.slice('/app'.length)
  const ev = /^\/events\/([\w-]+)$/.exec(link)
  if (resident) {
    if (ev) return `/reports/${ev[1]}`
    if (/^\/reports(\/[\w-]+)?$/.test(link)) return link
    if (/^\/bookings(\/|$)/.test(link)) return '/bookings'
    if (/^\/notices\/[\w-]+$/.test(link)) return link
    return ''
  }
  return link
}

/** A category of the matter catalogue as GET /matters/tree gives it. */
export interface MatterNode {
  code: string
  name: string
  children?: MatterNode[] | null
  matters?: { code: string; name: string; enabled: boolean }[] | null
}

/** A choice of the matter picker: a category (value c:<code>) with its choices, or a matter. */
export interface Choice {
  text: string
  value: string
  children?: Choice[]
}

/** matterChoices is the catalogue as nested choices: enabled matters only, no empty category. */
export function matterChoices(nodes: MatterNode[] | null | undefined): Choice[] {
  const out: Choice[] = []
  for (const n of nodes ?? []) {
    const children = [
      ...matterChoices(n.children),
      ...(n.matters ?? []).filter((m) => m.enabled).map((m) => ({ text: m.name, value: m.code })),
    ]
    if (children.length) out.push({ text: n.name, value: `c:${n.code}`, children })
  }
  return out
}
