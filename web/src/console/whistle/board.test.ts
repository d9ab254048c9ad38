import { describe, expect, it } from 'vitest'
import type { EventTask } from '../events/types'
import { boardQuery, chipOf, chipsOf, defaultFilters, filtersFromQuery, listQuery, shows, tally, type Chip } from './board'

const NOW = Date.parse('2026-11-24T08:00:00Z')
const H = 3600_000

function task(over: Partial<EventTask>): EventTask {
  return {
    id: 't1',
    unit_name: '忻府区疾控中心',
    role: 'co',
    status: 'summoned',
    overdue: false,
    feedback: '',
    reopen_count: 0,
    started_at: '2026-11-24T06:00:00Z',
    ...over,
  } as EventTask
}

const iso = (ms: number) => new Date(ms).toISOString()

describe('chipOf', () => {
  it('ignores a task no whistle created', () => {
    expect(chipOf(task({ status: 'dispatched', report_deadline: undefined }), 'dispatched', NOW)).toBeNull()
  })

  it('counts down to the deadline while the unit is still to report in', () => {
    expect(chipOf(task({ report_deadline: iso(NOW + 2 * H) }), 'dispatched', NOW)).toEqual({
      taskId: 't1',
      unit: '忻府区疾控中心',
      state: 'waiting',
      at: iso(NOW + 2 * H),
    })
  })

  it('is missed once the deadline has passed without a report-in', () => {
    expect(chipOf(task({ report_deadline: iso(NOW - 1000) }), 'dispatched', NOW)?.state).toBe('missed')
  })

  it('stands still while the case is suspended', () => {
    expect(chipOf(task({ report_deadline: iso(NOW - H) }), 'suspended', NOW)?.state).toBe('paused')
  })

  it('shows when the unit reported in, on time or late', () => {
    const on = chipOf(task({ status: 'accepted', report_deadline: iso(NOW), reported_in_at: iso(NOW - H) }), 'dispatched', NOW)
    expect(on).toMatchObject({ state: 'reported', at: iso(NOW - H) })
    const late = chipOf(task({ status: 'handled', report_deadline: iso(NOW - 2 * H), reported_in_at: iso(NOW - H) }), 'closed', NOW)
    expect(late).toMatchObject({ state: 'late', at: iso(NOW - H) })
  })

  it('reports a summons given back without reporting in as returned', () => {
    expect(chipOf(task({ status: 'returned', report_deadline: iso(NOW + H) }), 'dispatched', NOW)?.state).toBe('returned')
  })
})

describe('chipsOf', () => {
  it('puts the units to chase first, nearest deadline first', () => {
    const e = {
      status: 'dispatched',
      tasks: [
        task({ id: 'a', status: 'accepted', report_deadline: iso(NOW), reported_in_at: iso(NOW - H) }),
        task({ id: 'b', report_deadline: iso(NOW + 5 * H) }),
        task({ id: 'c', report_deadline: iso(NOW + H) }),
        task({ id: 'd', report_deadline: iso(NOW - H) }),
        task({ id: 'e', status: 'dispatched' }),
      ],
    }
    expect(chipsOf(e, NOW).map((c) => [c.taskId, c.state])).toEqual([
      ['d', 'missed'],
      ['c', 'waiting'],
      ['b', 'waiting'],
      ['a', 'reported'],
    ])
  })
})

describe('shows and tally', () => {
  const chip = (state: Chip['state']): Chip => ({ taskId: state, unit: 'u', state, at: iso(NOW) })
  const sets = [[chip('reported'), chip('missed')], [chip('waiting'), chip('late')], [chip('paused')], [chip('returned')]]

  it('filters cases by a unit still to report in, or one past its deadline', () => {
    expect(sets.map((s) => shows(s, 'all'))).toEqual([true, true, true, true])
    expect(sets.map((s) => shows(s, 'waiting'))).toEqual([false, true, true, false])
    expect(sets.map((s) => shows(s, 'missed'))).toEqual([true, false, false, false])
  })

  it('counts the 报到率 as reported in by the deadline over summoned', () => {
    expect(tally(sets)).toEqual({ cases: 4, summoned: 6, onTime: 1, waiting: 2, missed: 1, rate: 1 / 6 })
    expect(tally([]).rate).toBeNull()
  })
})

describe('the board in the URL', () => {
  it('round-trips its filters and leaves the defaults out', () => {
    expect(boardQuery(defaultFilters())).toEqual({})
    const f = { days: 7 as const, region: '140902001000', q: 'SJ2026', state: 'missed' as const }
    expect(filtersFromQuery(boardQuery(f) as Record<string, string>)).toEqual(f)
    expect(filtersFromQuery({ days: '12', state: 'gone', region: '1409' })).toEqual(defaultFilters())
  })

  it('asks for whistled cases reported in the last days, China time', () => {
    // 08:00 UTC is 16:00 in China: the 30 days are 10-26 to 11-24
    expect(listQuery(defaultFilters(), NOW)).toEqual({ whistle: true, from: '2026-10-26' })
    expect(listQuery({ ...defaultFilters(), days: 7, region: '140902001000', q: '发热' }, NOW)).toEqual({
      whistle: true,
      from: '2026-11-18',
      region: '140902001000',
      q: '发热',
    })
  })
})
