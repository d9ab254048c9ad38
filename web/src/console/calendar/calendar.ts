// The work calendar's day rules on the client: the weekend rule plus the
// year's overrides, as the server computes them (internal/calendar). Days are
// civil dates "YYYY-MM-DD"; nothing here depends on the browser's time zone.
import type { CalendarDay, DayKind } from './types'

/** The holiday names the State Council's notices use, offered when editing. */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const

/** isoDay is the "YYYY-MM-DD" of a year, month (1–12) and day. */
export function isoDay(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function utc(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}

/** weekday of a day: 0 Sunday … 6 Saturday. */
export function weekday(day: string): number {
  return utc(day).getUTCDay()
}

/** isWeekend tells whether the day is a Saturday or Sunday. */
export function isWeekend(day: string): boolean {
  const w = weekday(day)
  return w === 0 || w === 6
}

/** addDays moves a day by n days. */
export function addDays(day: string, n: number): string {
  const d = utc(day)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** dayRange is every day from a to b, both included, in order whichever comes first. */
export function dayRange(a: string, b: string): string[] {
  const [from, to] = a <= b ? [a, b] : [b, a]
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}

/** monthWeeks lays a month (1–12) out in Monday-first weeks; null pads the first and last week. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const lead = (weekday(isoDay(year, month, 1)) + 6) % 7
  const cells: (string | null)[] = Array(lead).fill(null)
  for (let d = 1; d <= days; d++) cells.push(isoDay(year, month, d))
  while (cells.length % 7) cells.push(null)
  const weeks: (string | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}

/** Overrides are the year's days that differ from the weekend rule, by day. */
export type Overrides = Map<string, CalendarDay>

/** toOverrides indexes a year's days by day. */
export function toOverrides(days: readonly CalendarDay[] | null | undefined): Overrides {
  return new Map((days ?? []).map((d) => [d.day, { ...d }]))
}

/** How a day shows: a plain workday or weekend, or an override. */
export type Look = 'work' | 'weekend' | DayKind

/** look is how the day shows under the overrides. */
export function look(day: string, o: Overrides): Look {
  return o.get(day)?.kind ?? (isWeekend(day) ? 'weekend' : 'work')
}

/** isWorkday tells whether the day is worked: its override if any, else Monday to Friday. */
export function isWorkday(day: string, o: Overrides): boolean {
  const l = look(day, o)
  return l === 'work' || l === 'workday'
}

/** workingDays counts the working days of a year. */
export function workingDays(year: number, o: Overrides): number {
  return dayRange(isoDay(year, 1, 1), isoDay(year, 12, 31)).filter((d) => isWorkday(d, o)).length
}

/**
 * applyEdit sets the days to kind with name, or back to the weekend rule
 * (kind null), and returns the new overrides.
 */
export function applyEdit(o: Overrides, days: readonly string[], kind: DayKind | null, name: string): Overrides {
  const next = new Map(o)
  for (const day of days) {
    if (kind) next.set(day, { day, kind, name: name.trim() })
    else next.delete(day)
  }
  return next
}

/** toPayload is the overrides as PUT /calendar/{year} takes them, by day. */
export function toPayload(o: Overrides): CalendarDay[] {
  return [...o.values()].sort((a, b) => a.day.localeCompare(b.day))
}

/** sameOverrides tells whether two states hold the same days. */
export function sameOverrides(a: Overrides, b: Overrides): boolean {
  if (a.size !== b.size) return false
  for (const [day, d] of a) {
    const e = b.get(day)
    if (!e || e.kind !== d.kind || e.name !== d.name) return false
  }
  return true
}

/** A holiday as a notice lists it: its runs of days off and its make-up working days. */
export interface Holiday {
  name: string
  off: { from: string; to: string; days: number }[]
  work: string[]
}

/**
 * holidays groups the overrides by name, in the order of their first day off
 * (a make-up day may come weeks before), as the State Council's notice does.
 */
export function holidays(o: Overrides): Holiday[] {
  const out: Holiday[] = []
  const byName = (name: string) => {
    let h = out.find((x) => x.name === name)
    if (!h) out.push((h = { name, off: [], work: [] }))
    return h
  }
  for (const d of toPayload(o)) {
    const h = byName(d.name)
    if (d.kind === 'workday') {
      h.work.push(d.day)
      continue
    }
    const last = h.off.at(-1)
    if (last && addDays(last.to, 1) === d.day) {
      last.to = d.day
      last.days++
    } else h.off.push({ from: d.day, to: d.day, days: 1 })
  }
  const first = (h: Holiday) => h.off[0]?.from ?? h.work[0]
  return out.sort((a, b) => first(a).localeCompare(first(b)))
}

/**
 * dayErrors maps the field errors of a refused PUT (body.days[i].…) onto
 * the days of the payload that was sent; errors naming no row are returned
 * under "".
 */
export function dayErrors(
  sent: readonly CalendarDay[],
  errors: readonly { location?: string; message?: string }[] | null | undefined,
): Map<string, string> {
  const out = new Map<string, string>()
  for (const e of errors ?? []) {
    const m = /^body\.days\[(\d+)\]/.exec(e.location ?? '')
    const day = m ? (sent[Number(m[1])]?.day ?? '') : ''
    out.set(day, out.has(day) ? `${out.get(day)}; ${e.message ?? ''}` : (e.message ?? ''))
  }
  return out
}
