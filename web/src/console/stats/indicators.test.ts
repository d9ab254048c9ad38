import { describe, expect, it } from 'vitest'
import { canDrill, countsOf, formatHours, formatRate, formatScore, metricOf, rank, sortRows, type StatsRow } from './indicators'

function row(key: string, name: string, over: Partial<StatsRow> = {}): StatsRow {
  return {
    key,
    name,
    reports: 0,
    cases: 0,
    registered: 0,
    due: 20,
    closed: 0,
    closed_on_time: 0,
    overdue: 0,
    tasks: 0,
    tasks_due: 0,
    tasks_on_time: 0,
    returned: 0,
    verified: 0,
    reopened: 0,
    summoned: 0,
    reported_in: 0,
    rated: 0,
    register_rate: null,
    handle_on_time_rate: null,
    close_rate: null,
    close_on_time_rate: null,
    rework_rate: null,
    return_rate: null,
    overdue_rate: null,
    report_in_rate: null,
    satisfaction: null,
    stages: [],
    small_sample: false,
    ...over,
  }
}

describe('formatRate', () => {
  it('shows a percentage with one decimal', () => {
    expect(formatRate(0.7646153846)).toBe('76.5%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(0)).toBe('0.0%')
    expect(formatRate(0.00049)).toBe('0.0%')
    expect(formatRate(0.38016)).toBe('38.0%')
  })
  it('shows a dash when there is no denominator', () => {
    expect(formatRate(null)).toBe('—')
    expect(formatRate(undefined)).toBe('—')
  })
})

describe('formatScore', () => {
  it('rounds to one decimal', () => {
    expect(formatScore(3.9946)).toBe('4.0')
    expect(formatScore(4.25)).toBe('4.3')
    expect(formatScore(null)).toBe('—')
  })
})

describe('formatHours', () => {
  it('reads minutes under an hour', () => {
    expect(formatHours(0.4)).toBe('24分钟')
    expect(formatHours(0.001)).toBe('1分钟')
  })
  it('reads hours with one decimal under two days', () => {
    expect(formatHours(1.1462)).toBe('1.1小时')
    expect(formatHours(24)).toBe('24.0小时')
    expect(formatHours(47.9)).toBe('47.9小时')
  })
  it('reads days beyond', () => {
    expect(formatHours(48)).toBe('2.0天')
    expect(formatHours(79.94)).toBe('3.3天')
  })
  it('shows a dash for nothing', () => {
    expect(formatHours(null)).toBe('—')
    expect(formatHours(-1)).toBe('—')
  })
})

describe('countsOf', () => {
  it('names what a rate was made of', () => {
    const r = row('1', 'a', { closed: 497, due: 650, rated: 372 })
    expect(countsOf(r, metricOf('close_rate'))).toBe('497/650')
    expect(countsOf(r, metricOf('satisfaction'))).toBe('372件评价')
  })
})

describe('rank', () => {
  const rows = [
    row('a', '甲', { close_rate: 0.5, overdue_rate: 0.3 }),
    row('b', '乙', { close_rate: 0.9, overdue_rate: 0.1 }),
    row('c', '丙', { close_rate: 0.99, overdue_rate: 0, due: 4, small_sample: true }),
    row('d', '丁', { close_rate: 0.5, overdue_rate: 0.5 }),
    row('e', '戊', { due: 0, small_sample: true }),
  ]

  it('puts the best first, small samples after the ranked ones unranked, missing figures last', () => {
    const r = rank(rows, metricOf('close_rate'))
    expect(r.map((x) => [x.row.key, x.rank])).toEqual([
      ['b', 1],
      ['d', 2],
      ['a', 2],
      ['c', null],
      ['e', null],
    ])
  })

  it('ranks a rate where lower is better from the lowest', () => {
    const r = rank(rows, metricOf('overdue_rate'))
    expect(r.map((x) => x.row.key)).toEqual(['b', 'a', 'd', 'c', 'e'])
    expect(r[0].rank).toBe(1)
  })

  it('keeps the value read from the row', () => {
    expect(rank(rows, metricOf('close_rate'))[0].value).toBe(0.9)
    expect(rank(rows, metricOf('close_rate'))[4].value).toBeNull()
  })
})

describe('canDrill', () => {
  it('opens regions above the grids only', () => {
    expect(canDrill('region', '140902001000')).toBe(true)
    expect(canDrill('region', '140902001002')).toBe(true)
    expect(canDrill('region', '140902001002001')).toBe(false)
    expect(canDrill('matter', 'CRB-01')).toBe(false)
    expect(canDrill('unit', '0190aaaa')).toBe(false)
  })
})

describe('sortRows', () => {
  const items = rank(
    [row('a', '甲', { close_rate: 0.5 }), row('b', '乙', { close_rate: null }), row('c', '丙', { close_rate: 0.9 })],
    metricOf('close_rate'),
  )
  const byRate = (r: (typeof items)[number]) => r.row.close_rate

  it('keeps groups without the figure at the bottom both ways', () => {
    expect(sortRows(items, byRate, 'ascending').map((r) => r.row.key)).toEqual(['a', 'c', 'b'])
    expect(sortRows(items, byRate, 'descending').map((r) => r.row.key)).toEqual(['c', 'a', 'b'])
  })

  it('sorts names as Chinese reads them, and keeps the ranking with no order', () => {
    expect(sortRows(items, (r) => r.row.name, 'ascending').map((r) => r.row.name)).toEqual(['丙', '甲', '乙'])
    expect(sortRows(items, byRate, null)).toEqual(items)
  })
})
