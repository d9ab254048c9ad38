import { describe, expect, it } from 'vitest'
import { entryColor, entryFacts, statusChange } from './timeline'
import type { EventTask, TimelineEntry } from './types'

const tasks = [{ id: 't1', unit_name: '忻府区疾控中心', role: 'lead', status: 'accepted' }] as EventTask[]

function entry(over: Partial<TimelineEntry>): TimelineEntry {
  return { at: '2026-11-24T03:00:00Z', action: 'dispatch', actor: '秀容街道管理员', ...over }
}

describe('timeline entries', () => {
  it('list the departments a dispatch sent the case to', () => {
    const facts = entryFacts(entry({ detail: { lead_units: ['忻府区疾控中心'], co_units: ['秀容街道办事处', '东大街社区居委会'] } }), tasks)
    expect(facts).toEqual([
      { key: 'lead_units', label: '主办单位', value: '忻府区疾控中心' },
      { key: 'co_units', label: '协办单位', value: '秀容街道办事处、东大街社区居委会' },
    ])
  })

  it('name the task an action was taken on, and a deadline in China time', () => {
    const facts = entryFacts(entry({ action: 'extend', task_id: 't1', detail: { deadline: '2026-11-25T10:00:00Z' } }), tasks)
    expect(facts).toEqual([
      { key: 'task', label: '任务', value: '忻府区疾控中心（主办）' },
      { key: 'deadline', label: '期限', value: '2026-11-25 18:00' },
    ])
  })

  it('say how far a warned clock has run, and whose', () => {
    const warn = entry({ action: 'sla_warning', task_id: 'gone', detail: { level: 80, deadline: '2026-11-25T10:00:00Z', unit: '忻府区卫生健康局' } })
    expect(entryFacts(warn, tasks).map((f) => [f.label, f.value])).toEqual([
      ['单位', '忻府区卫生健康局'],
      ['时限进度', '已用 80%'],
      ['期限', '2026-11-25 18:00'],
    ])
    expect(entryFacts(entry({ action: 'sla_warning', detail: { level: 100 } }), tasks)[0].value).toBe('已超期')
  })

  it('name the centre a case was escalated to, not its code', () => {
    const facts = entryFacts(entry({ action: 'escalate', detail: { centre: '140902000000', centre_name: '忻府区' } }), tasks)
    expect(facts).toEqual([{ key: 'centre', label: '转至指挥中心', value: '忻府区' }])
  })

  it('leave out what they do not know', () => {
    expect(entryFacts(entry({ task_id: 'gone', detail: { source: 'grid_worker', matter: 'CRB-01' } }), tasks)).toEqual([])
  })

  it('say what status they moved', () => {
    expect(statusChange(entry({ from_status: 'reported', to_status: 'registered' }))).toBe('待受理 → 已立案')
    expect(statusChange(entry({ to_status: 'reported' }))).toBe('待受理')
    expect(statusChange(entry({ from_status: 'dispatched', to_status: 'dispatched' }))).toBe('')
  })

  it('colour a step back red and a close green', () => {
    expect(entryColor('return')).toBe('#f56c6c')
    expect(entryColor('verify')).toBe('#67c23a')
  })
})
