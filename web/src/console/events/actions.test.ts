import { describe, expect, it } from 'vitest'
import { ACTION_SPECS, actionBody, emptyForm, fittingTasks, specOf } from './actions'
import { ACTIONS } from './labels'
import type { EventTask } from './types'

function task(id: string, status: string, over: Partial<EventTask> = {}): EventTask {
  return { id, unit_id: `u-${id}`, unit_name: id, role: 'co', status, overdue: false, feedback: '', reopen_count: 0, started_at: '', ...over } as EventTask
}

describe('action specs', () => {
  it('cover every action', () => {
    expect(Object.keys(ACTION_SPECS).sort()).toEqual([...ACTIONS].sort())
  })

  it('require a comment where the server does', () => {
    // internal/event/actions.go needsComment
    const needs = ['reject', 'return', 'handle', 'extend', 'reopen', 'suspend', 'supervise', 'escalate']
    expect(ACTIONS.filter((a) => ACTION_SPECS[a].comment === 'required').sort()).toEqual(needs.sort())
  })

  it('take a task for exactly the task actions', () => {
    const taskActions = ['report_in', 'accept', 'return', 'handle', 'extend', 'approve_extension', 'deny_extension', 'reopen']
    expect(ACTIONS.filter((a) => ACTION_SPECS[a].taskStatuses).sort()).toEqual(taskActions.sort())
  })

  it('take photos and videos where the server does', () => {
    // internal/event/attachments.go attachable
    expect(ACTIONS.filter((a) => ACTION_SPECS[a].attachments).sort()).toEqual(['accept', 'handle', 'return', 'verify'])
  })

  it('treat an unknown action as comment only', () => {
    expect(specOf('ponder')).toEqual({ comment: 'optional' })
  })
})

describe('fittingTasks', () => {
  const tasks = [
    task('a', 'dispatched', { unit_id: 'cdc' }),
    task('b', 'dispatched', { unit_id: 'police' }),
    task('c', 'accepted', { unit_id: 'cdc', extension_deadline: '2026-11-30T00:00:00Z' }),
    task('d', 'accepted', { unit_id: 'police' }),
    task('e', 'handled', { unit_id: 'police' }),
    task('f', 'summoned', { unit_id: 'cdc' }),
  ]

  it('limits a handler’s action to the tasks of their unit in a state it fits', () => {
    expect(fittingTasks('accept', tasks, 'cdc').map((t) => t.id)).toEqual(['a'])
    expect(fittingTasks('return', tasks, 'cdc').map((t) => t.id)).toEqual(['a', 'f'])
    expect(fittingTasks('report_in', tasks, 'cdc').map((t) => t.id)).toEqual(['f'])
  })

  it('offers an extension only once, and its decision only when asked', () => {
    expect(fittingTasks('extend', tasks, 'cdc').map((t) => t.id)).toEqual([])
    expect(fittingTasks('extend', tasks, 'police').map((t) => t.id)).toEqual(['d'])
    expect(fittingTasks('approve_extension', tasks, 'street').map((t) => t.id)).toEqual(['c'])
  })

  it('lets the verifier reopen any handled task', () => {
    expect(fittingTasks('reopen', tasks, 'grid-unit').map((t) => t.id)).toEqual(['e'])
  })

  it('gives the grid worker the grid’s own task', () => {
    const own = [task('s', 'accepted', { unit_id: undefined, role: 'self' }), task('x', 'accepted', { unit_id: 'police' })]
    expect(fittingTasks('handle', own, 'committee').map((t) => t.id)).toEqual(['s'])
  })

  it('offers nothing of other units’, and no task for an event action', () => {
    expect(fittingTasks('handle', tasks, 'someone-else')).toEqual([])
    expect(fittingTasks('handle', tasks)).toEqual([])
    expect(fittingTasks('register', tasks, 'cdc')).toEqual([])
    expect(fittingTasks('handle', null)).toEqual([])
  })
})

describe('actionBody', () => {
  it('sends only the fields the action takes', () => {
    const f = { ...emptyForm(), comment: '  已现场处置  ', taskId: 't1', rating: 5, leadUnitId: 'x' }
    expect(actionBody('handle', f)).toEqual({ action: 'handle', comment: '已现场处置', task_id: 't1' })
    expect(actionBody('evaluate', f)).toEqual({ action: 'evaluate', comment: '已现场处置', rating: 5 })
    expect(actionBody('register', emptyForm())).toEqual({ action: 'register' })
  })

  it('keeps the lead out of the co-handlers', () => {
    const f = { ...emptyForm(), leadUnitId: 'cdc', coUnitIds: ['cdc', 'street'] }
    expect(actionBody('dispatch', f)).toEqual({ action: 'dispatch', lead_unit_id: 'cdc', co_unit_ids: ['street'] })
    expect(actionBody('dispatch', { ...f, coUnitIds: ['cdc'] })).toEqual({ action: 'dispatch', lead_unit_id: 'cdc' })
  })

  it('sends deadlines as RFC 3339 and whistled units as a list', () => {
    const deadline = new Date('2026-11-24T10:00:00Z')
    expect(actionBody('whistle', { ...emptyForm(), unitIds: ['a', 'b'], deadline })).toEqual({
      action: 'whistle',
      unit_ids: ['a', 'b'],
      deadline: '2026-11-24T10:00:00.000Z',
    })
    expect(actionBody('supervise', { ...emptyForm(), comment: '加快' })).toEqual({ action: 'supervise', comment: '加快' })
    expect(actionBody('merge', { ...emptyForm(), intoEventId: 'e1' })).toEqual({ action: 'merge', into_event_id: 'e1' })
  })

  it('sends the uploads of an action that takes them, and only then', () => {
    const f = { ...emptyForm(), comment: '已清理', taskId: 't1', attachmentIds: ['a1', 'a2'] }
    expect(actionBody('handle', f)).toEqual({ action: 'handle', comment: '已清理', task_id: 't1', attachment_ids: ['a1', 'a2'] })
    expect(actionBody('verify', { ...emptyForm(), attachmentIds: ['a3'] })).toEqual({ action: 'verify', attachment_ids: ['a3'] })
    expect(actionBody('extend', f).attachment_ids).toBeUndefined()
    expect(actionBody('handle', { ...f, attachmentIds: [] }).attachment_ids).toBeUndefined()
  })
})
