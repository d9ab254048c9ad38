import { describe, expect, it } from 'vitest'
import { INBOX, figure, lastMonthSpan, todoKey, todoLink, trend, type Indicators } from './workbench'

const ind = (v: Partial<Indicators>) => v as Indicators

describe('todoLink', () => {
  it('opens the events a step of the case waits on, filtered to mine', () => {
    expect(todoLink({ kind: 'event', action: 'register' })).toEqual({ name: 'events', query: { mine: '1', status: 'reported' } })
    expect(todoLink({ kind: 'event', action: 'verify' })).toEqual({ name: 'events', query: { mine: '1', status: 'pending_verify' } })
    expect(todoLink({ kind: 'event', action: 'later' })).toEqual({ name: 'events', query: { mine: '1' } })
  })
  it('opens 我的待办 for a task, nothing for a kind without a list', () => {
    expect(todoLink({ kind: 'event_task', action: 'accept' })).toBe(INBOX)
    expect(todoLink({ kind: 'screening', action: 'screen' })).toBeUndefined()
  })
})

describe('todoKey', () => {
  it('names a known to-do, else the generic one', () => {
    const has = (k: string) => k === 'workbench.todo.event_register'
    expect(todoKey({ kind: 'event', action: 'register' }, has)).toBe('workbench.todo.event_register')
    expect(todoKey({ kind: 'booking', action: 'visit' }, has)).toBe('workbench.todo.other')
  })
})

describe('lastMonthSpan', () => {
  it('is the same days of last month', () => {
    expect(lastMonthSpan('2026-05-17')).toEqual({ from: '2026-04-01', to: '2026-04-17' })
  })
  it('stops at a shorter month’s end, and crosses the year', () => {
    expect(lastMonthSpan('2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(lastMonthSpan('2026-01-09')).toEqual({ from: '2025-12-01', to: '2025-12-09' })
  })
})

describe('trend', () => {
  it('counts a count’s change, neither good nor bad', () => {
    expect(trend('reports', ind({ reports: 12 }), ind({ reports: 9 }))).toEqual({ delta: 3, dir: 'up', tone: 'neutral' })
  })
  it('gives a rate’s change in points, a rising 超期率 bad and a rising 立案率 good', () => {
    expect(trend('overdue_rate', ind({ overdue_rate: 0.25 }), ind({ overdue_rate: 0.2 }))).toEqual({ delta: 5, dir: 'up', tone: 'bad' })
    expect(trend('register_rate', ind({ register_rate: 0.9 }), ind({ register_rate: 0.95 }))).toEqual({
      delta: -5,
      dir: 'down',
      tone: 'bad',
    })
    expect(trend('close_on_time_rate', ind({ close_on_time_rate: 0.5 }), ind({ close_on_time_rate: 0.5 })).dir).toBe('flat')
  })
  it('has none where a side has no rate', () => {
    expect(trend('register_rate', ind({ register_rate: null }), ind({ register_rate: 0.5 })).delta).toBeNull()
  })
})

describe('figure', () => {
  it('shows a count as is, a rate in per cent, none as a dash', () => {
    expect(figure('reports', ind({ reports: 7 }))).toBe('7')
    expect(figure('register_rate', ind({ register_rate: 0.8766 }))).toBe('87.7%')
    expect(figure('overdue_rate', ind({ overdue_rate: null }))).toBe('—')
  })
})
