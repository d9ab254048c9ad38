import { describe, expect, it } from 'vitest'
import { apiQuery, chinaDay, emptyFilters, filtersFromQuery, isEmpty, pageFromQuery, routeQuery, sameFilters } from './query'

describe('event list filters in the URL', () => {
  it('round-trip through the query string', () => {
    const f = { ...emptyFilters(), status: 'dispatched', matter: 'CRB-01', region: '140902001002001', overdue: true, from: '2026-11-01', mine: true }
    const q = routeQuery(f, 3, 50)
    expect(q).toEqual({
      status: 'dispatched',
      matter: 'CRB-01',
      region: '140902001002001',
      overdue: '1',
      from: '2026-11-01',
      mine: '1',
      page: '3',
      size: '50',
    })
    expect(filtersFromQuery(q as Record<string, string>)).toEqual(f)
    expect(pageFromQuery(q as Record<string, string>)).toEqual({ page: 3, size: 50 })
  })

  it('leave out what is empty, and the first page', () => {
    expect(routeQuery(emptyFilters())).toEqual({})
  })

  it('drop what the API would refuse', () => {
    const f = filtersFromQuery({ status: 'nonsense', source: 'fax', region: '14', from: '2026/11/01', overdue: 'yes', page: '-2', size: '7' })
    expect(f).toEqual(emptyFilters())
    expect(pageFromQuery({ page: '-2', size: '7' })).toEqual({ page: 1, size: 20 })
  })

  it('keep a search as typed, trimmed, at most 100 characters', () => {
    expect(filtersFromQuery({ q: ' SJ20261124 ' }).q).toBe('SJ20261124')
    expect(filtersFromQuery({ q: '积'.repeat(120) }).q).toHaveLength(100)
    expect(apiQuery({ ...emptyFilters(), q: '  垃圾 ' })).toEqual({ q: '垃圾' })
    expect(routeQuery({ ...emptyFilters(), q: '东大街' })).toEqual({ q: '东大街' })
  })

  it('read the first of repeated parameters', () => {
    expect(filtersFromQuery({ status: ['closed', 'reported'] }).status).toBe('closed')
  })
})

describe('apiQuery', () => {
  it('sends only the filters set', () => {
    expect(apiQuery(emptyFilters())).toEqual({})
    expect(apiQuery({ ...emptyFilters(), source: 'hotline_12345', overdue: true })).toEqual({ source: 'hotline_12345', overdue: true })
  })

  it('puts a backwards date range right', () => {
    expect(apiQuery({ ...emptyFilters(), from: '2026-11-20', to: '2026-11-01' })).toEqual({ from: '2026-11-01', to: '2026-11-20' })
  })
})

describe('comparing filters', () => {
  it('tells equal sets and the empty one', () => {
    expect(sameFilters({ ...emptyFilters(), status: 'closed' }, { ...emptyFilters(), status: 'closed' })).toBe(true)
    expect(sameFilters({ ...emptyFilters(), status: 'closed' }, emptyFilters())).toBe(false)
    expect(isEmpty(emptyFilters())).toBe(true)
  })
})

describe('chinaDay', () => {
  it('is the calendar day in UTC+8', () => {
    expect(chinaDay(Date.parse('2026-11-23T16:30:00Z'))).toBe('2026-11-24')
    expect(chinaDay(Date.parse('2026-11-23T15:30:00Z'))).toBe('2026-11-23')
  })
})
