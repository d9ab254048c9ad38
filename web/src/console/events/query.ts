// The event list's filters as the filter bar, the URL and the API see them.
// The URL carries them so that a filtered list can be shared or bookmarked.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { EVENT_STATUSES, SOURCES } from './labels'
import type { EventQuery } from './types'

/** EventFilters is what the filter bar holds. */
export interface EventFilters {
  /** a case number or its beginning, else words of the title or address */
  q: string
  status: string
  matter: string
  /** a region or grid code */
  region: string
  source: string
  overdue: boolean
  /** yyyy-mm-dd, China time */
  from: string
  to: string
  mine: boolean
}

/** The filter fields, in the order the URL and the views list them. */
export const FILTER_KEYS = ['q', 'status', 'matter', 'region', 'source', 'overdue', 'from', 'to', 'mine'] as const

/** emptyFilters is the filter bar after 重置. */
export function emptyFilters(): EventFilters {
  return { q: '', status: '', matter: '', region: '', source: '', overdue: false, from: '', to: '', mine: false }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}

function flag(v: LocationQuery[string] | undefined): boolean {
  return ['1', 'true'].includes(one(v))
}

/** filtersFromQuery reads the filters off a URL query, dropping what the API would refuse. */
export function filtersFromQuery(q: LocationQuery): EventFilters {
  const status = one(q.status)
  const source = one(q.source)
  const from = one(q.from)
  const to = one(q.to)
  return {
    q: one(q.q).slice(0, 100),
    status: (EVENT_STATUSES as readonly string[]).includes(status) ? status : '',
    matter: one(q.matter),
    region: /^\d{12}(\d{3})?$/.test(one(q.region)) ? one(q.region) : '',
    source: (SOURCES as readonly string[]).includes(source) ? source : '',
    overdue: flag(q.overdue),
    from: DAY.test(from) ? from : '',
    to: DAY.test(to) ? to : '',
    mine: flag(q.mine),
  }
}

/** routeQuery is the URL query of the filters (and a page past the first); empty fields are left out. */
export function routeQuery(f: EventFilters, page = 1, size = 20): LocationQueryRaw {
  const out: LocationQueryRaw = {}
  for (const k of FILTER_KEYS) {
    const v = f[k]
    if (v === true) out[k] = '1'
    else if (typeof v === 'string' && v) out[k] = v
  }
  if (page > 1) out.page = String(page)
  if (size !== 20) out.size = String(size)
  return out
}

/** pageFromQuery reads page and size off a URL query. */
export function pageFromQuery(q: LocationQuery): { page: number; size: number } {
  const page = Number.parseInt(one(q.page), 10)
  const size = Number.parseInt(one(q.size), 10)
  return {
    page: Number.isFinite(page) && page > 0 ? page : 1,
    size: [10, 20, 50, 100, 200].includes(size) ? size : 20,
  }
}

/** apiQuery maps the filters to GET /events; a date range typed the wrong way round is put right. */
export function apiQuery(f: EventFilters): EventQuery {
  let { from, to } = f
  if (from && to && from > to) [from, to] = [to, from]
  const out: EventQuery = {
    q: f.q.trim() || undefined,
    status: (f.status || undefined) as EventQuery['status'],
    matter: f.matter || undefined,
    region: f.region || undefined,
    source: (f.source || undefined) as EventQuery['source'],
    overdue: f.overdue || undefined,
    from: from || undefined,
    to: to || undefined,
    mine: f.mine || undefined,
  }
  for (const k of Object.keys(out) as (keyof EventQuery)[]) if (out[k] === undefined) delete out[k]
  return out
}

/** sameFilters tells whether two filter sets select the same events. */
export function sameFilters(a: EventFilters, b: EventFilters): boolean {
  return FILTER_KEYS.every((k) => a[k] === b[k])
}

/** isEmpty tells whether no filter is set. */
export function isEmpty(f: EventFilters): boolean {
  return sameFilters(f, emptyFilters())
}

/** chinaDay is the China (UTC+8) calendar day of an instant, yyyy-mm-dd, as the list's from/to take it. */
export function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
}
