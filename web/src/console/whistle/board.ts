// The 吹哨报到看板: for each whistled case, where each summoned department
// stands with its report-in (报到) — read from the tasks a whistle created
// (status summoned, with a report_deadline) against the clock — and the
// board's filters as the URL carries them.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { chinaDay } from '../events/query'
import type { EventItem, EventTask } from '../events/types'

/**
 * Where a summoned unit stands: reported in by the deadline, reported in
 * after it, still to report in with time left, past the deadline without
 * reporting in, waiting while the case is suspended (its clock stands
 * still), or gave the summons back (回退).
 */
export type ChipState = 'reported' | 'late' | 'waiting' | 'missed' | 'paused' | 'returned'

export interface Chip {
  taskId: string
  unit: string
  state: ChipState
  /** when it reported in (reported, late), else its report-in deadline */
  at: string
}

/** The order chips are shown in: what needs chasing first. */
const ORDER: ChipState[] = ['missed', 'waiting', 'paused', 'returned', 'late', 'reported']

/** chipOf is where a whistled task's unit stands at now; null for a task no whistle created. */
export function chipOf(t: EventTask, eventStatus: string, now: number): Chip | null {
  if (!t.report_deadline) return null
  const base = { taskId: t.id, unit: t.unit_name }
  const deadline = t.report_deadline
  if (t.reported_in_at) {
    const late = Date.parse(t.reported_in_at) > Date.parse(deadline)
    return { ...base, state: late ? 'late' : 'reported', at: t.reported_in_at }
  }
  if (t.status !== 'summoned') return { ...base, state: 'returned', at: deadline }
  if (eventStatus === 'suspended') return { ...base, state: 'paused', at: deadline }
  return { ...base, state: Date.parse(deadline) < now ? 'missed' : 'waiting', at: deadline }
}

/** chipsOf are an event's summoned units, the ones to chase first, the nearest deadline first among those waiting. */
export function chipsOf(e: Pick<EventItem, 'status' | 'tasks'>, now: number): Chip[] {
  const out: Chip[] = []
  for (const t of e.tasks ?? []) {
    const c = chipOf(t, e.status, now)
    if (c) out.push(c)
  }
  return out.sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || Date.parse(a.at) - Date.parse(b.at))
}

export const REPORT_FILTERS = ['all', 'waiting', 'missed'] as const
export type ReportFilter = (typeof REPORT_FILTERS)[number]

/** shows tells whether a case with these chips belongs under the filter: some unit still to report in, or some past its deadline. */
export function shows(chips: readonly Chip[], f: ReportFilter): boolean {
  if (f === 'waiting') return chips.some((c) => c.state === 'waiting' || c.state === 'paused')
  if (f === 'missed') return chips.some((c) => c.state === 'missed')
  return true
}

/** The units summoned in a set of cases, by where they stand, and the 报到率 as the indicators define it. */
export interface Tally {
  cases: number
  summoned: number
  /** reported in by the deadline */
  onTime: number
  waiting: number
  missed: number
  /** on time ÷ summoned; null with nobody summoned */
  rate: number | null
}

/** tally counts the summoned units of the cases. */
export function tally(chipSets: readonly (readonly Chip[])[]): Tally {
  const t: Tally = { cases: chipSets.length, summoned: 0, onTime: 0, waiting: 0, missed: 0, rate: null }
  for (const chips of chipSets) {
    for (const c of chips) {
      t.summoned++
      if (c.state === 'reported') t.onTime++
      else if (c.state === 'waiting' || c.state === 'paused') t.waiting++
      else if (c.state === 'missed') t.missed++
    }
  }
  t.rate = t.summoned ? t.onTime / t.summoned : null
  return t
}

export const SPANS = [7, 30, 90] as const
export type SpanDays = (typeof SPANS)[number]

/** What the board looks at: cases reported in the last days, in an area, matching a number or words, by report-in state. */
export interface BoardFilters {
  days: SpanDays
  region: string
  q: string
  state: ReportFilter
}

export function defaultFilters(): BoardFilters {
  return { days: 30, region: '', q: '', state: 'all' }
}

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}

/** filtersFromQuery reads the board's filters off a URL query, dropping what does not fit. */
export function filtersFromQuery(q: LocationQuery): BoardFilters {
  const d = defaultFilters()
  const days = Number(one(q.days))
  const state = one(q.state)
  return {
    days: (SPANS as readonly number[]).includes(days) ? (days as SpanDays) : d.days,
    region: /^\d{12}(\d{3})?$/.test(one(q.region)) ? one(q.region) : '',
    q: one(q.q).slice(0, 100),
    state: (REPORT_FILTERS as readonly string[]).includes(state) ? (state as ReportFilter) : d.state,
  }
}

/** boardQuery is the URL query of the filters, the defaults left out. */
export function boardQuery(f: BoardFilters): LocationQueryRaw {
  const d = defaultFilters()
  const out: LocationQueryRaw = {}
  if (f.days !== d.days) out.days = String(f.days)
  if (f.region) out.region = f.region
  if (f.q) out.q = f.q
  if (f.state !== d.state) out.state = f.state
  return out
}

/** listQuery is GET /events's query for the board's cases: whistled, reported in the last days. */
export function listQuery(f: BoardFilters, now: number): { whistle: true; from: string; region?: string; q?: string } {
  return {
    whistle: true,
    from: chinaDay(now - (f.days - 1) * 86_400_000),
    ...(f.region ? { region: f.region } : {}),
    ...(f.q ? { q: f.q } : {}),
  }
}
