// The residents filter bar as the list, the export and the URL see it.
import { buildURL, type QueryParamsOf } from '@/api/client'
import { normalizeIdNumber } from '../utils/idcard'

/** ResidentFilters is what the filter bar holds. */
export interface ResidentFilters {
  q: string
  grid: string
  tag: string
  ageMin: number | null | undefined
  ageMax: number | null | undefined
  residenceType: string
  status: string
}

/** The filter parameters of GET /residents (its export takes the same). */
export type ResidentQuery = Omit<NonNullable<QueryParamsOf<'/api/v1/residents', 'get'>>, 'page' | 'size'>

/** emptyFilters is the filter bar after 重置. */
export function emptyFilters(): ResidentFilters {
  return { q: '', grid: '', tag: '', ageMin: null, ageMax: null, residenceType: '', status: '' }
}

/** What a keyword is looked up as: the server matches names by prefix, numbers exactly. */
export type KeywordKind = 'name' | 'id_number' | 'phone'

/** keywordKind tells how the server will read a keyword. */
export function keywordKind(q: string): KeywordKind {
  const s = normalizeIdNumber(q).replace(/[\s-]/g, '')
  if (/^\d{17}[\dX]$/.test(s)) return 'id_number'
  if (/^(\+?86)?1\d{10}$/.test(s)) return 'phone'
  return 'name'
}

/**
 * normalizeKeyword tidies a keyword the way the blind index needs it: an ID
 * number folded to half-width upper case, a phone without spaces, dashes or
 * +86; a name only trimmed.
 */
export function normalizeKeyword(q: string): string {
  const kind = keywordKind(q)
  if (kind === 'name') return q.trim()
  const s = normalizeIdNumber(q).replace(/[\s-]/g, '')
  return kind === 'phone' ? s.replace(/^\+?86/, '') : s
}

function age(v: number | null | undefined): number | undefined {
  // the API takes ages as digit strings
  if (v === null || v === undefined || !Number.isFinite(v) || v < 0) return undefined
  return Math.floor(v)
}

/**
 * residentQuery maps the filters to the list's query; empty fields are left
 * out, and an age range typed the wrong way round is put right.
 */
export function residentQuery(f: ResidentFilters, region?: string): ResidentQuery {
  let min = age(f.ageMin)
  let max = age(f.ageMax)
  if (min !== undefined && max !== undefined && min > max) [min, max] = [max, min]
  const q = normalizeKeyword(f.q)
  const out: ResidentQuery = {
    q: q || undefined,
    region: region || undefined,
    grid: f.grid || undefined,
    tag: f.tag || undefined,
    age_min: min === undefined ? undefined : String(min),
    age_max: max === undefined ? undefined : String(max),
    residence_type: (f.residenceType || undefined) as ResidentQuery['residence_type'],
    status: (f.status || undefined) as ResidentQuery['status'],
  }
  for (const k of Object.keys(out) as (keyof ResidentQuery)[]) if (out[k] === undefined) delete out[k]
  return out
}

/** exportURL is the xlsx download of the filtered list. */
export function exportURL(f: ResidentFilters, region?: string): string {
  return buildURL('/api/v1/residents/export', undefined, residentQuery(f, region) as Record<string, unknown>)
}

/** unmaskedExportURL is the download in full (resident:export_unmasked), with its stated reason. */
export function unmaskedExportURL(f: ResidentFilters, region: string | undefined, reason: string): string {
  return buildURL('/api/v1/residents/export', undefined, {
    ...(residentQuery(f, region) as Record<string, unknown>),
    unmasked: 'true',
    reason: reason.trim(),
  })
}
