import { describe, expect, it } from 'vitest'
import type { EventDetail, EventTask } from '@/console/events/types'
import { bodyOf, deadlineOf, deskActions, missing, phoneActions, stillAllowed } from './actions'

const task = (x: Partial<EventTask>): EventTask =>
  ({ id: 't1', unit_id: 'u1', unit_name: '卫生院', role: 'lead', status: 'dispatched', overdue: false, feedback: '', reopen_count: 0, ...x }) as EventTask

type Ev = Pick<EventDetail, 'allowed_actions' | 'tasks' | 'status' | 'deadline' | 'overdue'>
const ev = (x: Partial<Ev>): Ev => ({ allowed_actions: [], tasks: [], status: 'dispatched', overdue: false, ...x })

describe('the actions on the phone', () => {
  it('offers a handler what the server allows on its own unit’s tasks', () => {
    const e = ev({ allowed_actions: ['accept', 'return', 'extend'], tasks: [task({ id: 't1' }), task({ id: 't2', unit_id: 'u2' })] })
    expect(phoneActions(e, 'u1')).toEqual(['accept', 'return'])
    expect(phoneActions(e, 'u3')).toEqual([])
    expect(deskActions(e)).toEqual(['extend'])
  })

  it('offers a grid worker verify and reopen on a case pending verification', () => {
    const e = ev({ status: 'pending_verify', allowed_actions: ['verify', 'reopen'], tasks: [task({ status: 'handled', unit_id: 'u9' })] })
    expect(phoneActions(e, 'grid-unit')).toEqual(['verify', 'reopen'])
  })

  it('offers the grid’s own task to its worker, whatever the unit', () => {
    const e = ev({ status: 'self_handling', allowed_actions: ['handle'], tasks: [task({ role: 'self', unit_id: '', status: 'accepted' })] })
    expect(phoneActions(e, 'any')).toEqual(['handle'])
    expect(phoneActions(ev({ allowed_actions: ['handle'], tasks: [task({ status: 'dispatched' })] }), 'u1')).toEqual([])
  })

  it('asks for what each action needs', () => {
    const tasks = [task({ status: 'accepted' })]
    expect(missing('handle', { comment: '', taskId: '' }, tasks)).toBe('task')
    expect(missing('handle', { comment: ' ', taskId: 't1' }, tasks)).toBe('comment')
    expect(missing('handle', { comment: '已清理', taskId: 't1' }, tasks)).toBe('')
    expect(missing('verify', { comment: '', taskId: '' }, [])).toBe('')
    expect(bodyOf('handle', { comment: ' 已清理 ', taskId: 't1' })).toEqual({ action: 'handle', comment: '已清理', task_id: 't1' })
    expect(bodyOf('verify', { comment: '', taskId: 't1' })).toEqual({ action: 'verify' })
  })

  it('tells a queued action that no longer applies to the case as it is now', () => {
    const before = ev({ allowed_actions: ['accept'], tasks: [task({})] })
    expect(stillAllowed('accept', before, 't1', 'u1')).toBe(true)
    const accepted = ev({ allowed_actions: ['handle'], tasks: [task({ status: 'accepted' })] })
    expect(stillAllowed('accept', accepted, 't1', 'u1')).toBe(false)
    expect(stillAllowed('verify', ev({ status: 'closed' }), undefined)).toBe(false)
  })

  it('runs the case on its own stage’s clock or its tasks’ earliest', () => {
    expect(deadlineOf(ev({ status: 'pending_verify', deadline: '2000-01-01T00:00:00Z' }))).toEqual({ at: '2000-01-01T00:00:00Z', overdue: true })
    const e = ev({ tasks: [task({ deadline: '2026-12-09T00:00:00Z' }), task({ status: 'summoned', report_deadline: '2026-12-08T00:00:00Z', overdue: true }), task({ status: 'handled', deadline: '2026-12-01T00:00:00Z' })] })
    expect(deadlineOf(e)).toEqual({ at: '2026-12-08T00:00:00Z', overdue: true })
    expect(deadlineOf(ev({ status: 'suspended', deadline: '2026-12-09T00:00:00Z' }))).toBeUndefined()
  })
})
