import { describe, expect, it } from 'vitest'
import { apiParams, defaultSelection, periodRange, selectionFromQuery, selectionQuery } from './selection'

describe('periodRange', () => {
  const p = (period: 'month' | 'lastMonth' | 'quarter' | 'custom', from = '', to = '') => ({ period, from, to })

  it('runs this month and this quarter up to today', () => {
    expect(periodRange(p('month'), '2026-11-24')).toEqual({ from: '2026-11-01', to: '2026-11-24' })
    expect(periodRange(p('quarter'), '2026-11-24')).toEqual({ from: '2026-10-01', to: '2026-11-24' })
    expect(periodRange(p('quarter'), '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(periodRange(p('quarter'), '2026-07-01')).toEqual({ from: '2026-07-01', to: '2026-07-01' })
  })

  it('takes last month whole, across a year and in February', () => {
    expect(periodRange(p('lastMonth'), '2026-11-24')).toEqual({ from: '2026-10-01', to: '2026-10-31' })
    expect(periodRange(p('lastMonth'), '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(periodRange(p('lastMonth'), '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
  })

  it('takes custom days in order, else this month', () => {
    expect(periodRange(p('custom', '2026-09-01', '2026-09-30'), '2026-11-24')).toEqual({ from: '2026-09-01', to: '2026-09-30' })
    expect(periodRange(p('custom', '2026-09-30', '2026-09-01'), '2026-11-24')).toEqual({ from: '2026-09-01', to: '2026-09-30' })
    expect(periodRange(p('custom'), '2026-11-24')).toEqual({ from: '2026-11-01', to: '2026-11-24' })
  })
})

describe('the selection in the URL', () => {
  it('leaves the defaults out and reads them back', () => {
    expect(selectionQuery(defaultSelection())).toEqual({})
    expect(selectionFromQuery({})).toEqual(defaultSelection())
  })

  it('round-trips a full selection', () => {
    const s = { period: 'custom' as const, from: '2026-09-01', to: '2026-09-30', region: '140902001000', by: 'unit' as const, metric: 'report_in_rate' as const }
    expect(selectionFromQuery(selectionQuery(s) as Record<string, string>)).toEqual(s)
  })

  it('drops what the API would refuse', () => {
    const s = selectionFromQuery({ period: 'custom', from: '2026-9-1', region: 'x', by: 'street', metric: 'speed' })
    expect(s).toEqual(defaultSelection())
  })
})

describe('apiParams', () => {
  it('asks for the period’s days, and the region only when one is chosen', () => {
    expect(apiParams(defaultSelection(), '2026-11-24')).toEqual({ by: 'region', from: '2026-11-01', to: '2026-11-24' })
    expect(apiParams({ ...defaultSelection(), region: '140902001000', by: 'matter', period: 'lastMonth' }, '2026-11-24')).toEqual({
      region: '140902001000',
      by: 'matter',
      from: '2026-10-01',
      to: '2026-10-31',
    })
  })
})
