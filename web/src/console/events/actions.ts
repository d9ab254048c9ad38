// What each action asks for in its dialog, mirroring the server's rules
// (internal/event/actions.go checkAction and flow.go): which fields, which
// are required, and which tasks a task action may be taken on.
import type { Action } from './labels'
import type { ActionBody, EventTask } from './types'

/** ActionSpec is the form of one action. */
export interface ActionSpec {
  /** the comment (说明) is required, optional, or what a department writes back (处置反馈) */
  comment: 'required' | 'optional'
  /** a task action: the task statuses it applies to */
  taskStatuses?: readonly string[]
  /** a further condition on the task */
  taskReady?: (t: EventTask) => boolean
  /** whose task: the caller's own unit's (a handler's action) or any (the centre's, the verifier's) */
  ownTask?: boolean
  /** departments to choose: a lead and co-handlers, or several summoned by a whistle */
  units?: 'dispatch' | 'whistle'
  deadline?: 'required' | 'optional'
  rating?: boolean
  /** merge: the event this one joins */
  into?: boolean
  /** photos and videos may come with it (internal/event/attachments.go attachable) */
  attachments?: boolean
}

const asked = (t: EventTask) => !!t.extension_deadline

export const ACTION_SPECS: Record<Action, ActionSpec> = {
  register: { comment: 'optional' },
  reject: { comment: 'required' },
  merge: { comment: 'optional', into: true },
  dispatch: { comment: 'optional', units: 'dispatch' },
  self_handle: { comment: 'optional' },
  whistle: { comment: 'optional', units: 'whistle', deadline: 'required' },
  report_in: { comment: 'optional', taskStatuses: ['summoned'], ownTask: true },
  accept: { comment: 'optional', taskStatuses: ['dispatched'], ownTask: true, attachments: true },
  return: { comment: 'required', taskStatuses: ['dispatched', 'summoned'], ownTask: true, attachments: true },
  handle: { comment: 'required', taskStatuses: ['accepted'], ownTask: true, attachments: true },
  extend: { comment: 'required', taskStatuses: ['accepted'], taskReady: (t) => !asked(t), ownTask: true, deadline: 'required' },
  approve_extension: { comment: 'optional', taskStatuses: ['accepted'], taskReady: asked },
  deny_extension: { comment: 'optional', taskStatuses: ['accepted'], taskReady: asked },
  verify: { comment: 'optional', attachments: true },
  reopen: { comment: 'required', taskStatuses: ['handled'] },
  evaluate: { comment: 'optional', rating: true },
  suspend: { comment: 'required' },
  resume: { comment: 'optional' },
  supervise: { comment: 'required', deadline: 'optional' },
  escalate: { comment: 'required' },
}

/** specOf is the form of an action (an unknown one takes a comment only). */
export function specOf(action: string): ActionSpec {
  return ACTION_SPECS[action as Action] ?? { comment: 'optional' }
}

/**
 * fittingTasks are the tasks an action may be taken on: those in a state it
 * applies to and, for a handler's action, those of the caller's unit — or
 * the grid's own task, which is its grid worker's (the server checks scope).
 */
export function fittingTasks(action: string, tasks: readonly EventTask[] | null | undefined, unitId?: string): EventTask[] {
  const spec = specOf(action)
  if (!spec.taskStatuses) return []
  const fit = (tasks ?? []).filter((t) => spec.taskStatuses!.includes(t.status) && (!spec.taskReady || spec.taskReady(t)))
  if (!spec.ownTask) return fit
  return fit.filter((t) => (t.role === 'self' ? true : !!unitId && t.unit_id === unitId))
}

/** What the action dialog holds. */
export interface ActionForm {
  comment: string
  taskId: string
  leadUnitId: string
  coUnitIds: string[]
  unitIds: string[]
  deadline: Date | null
  rating: number
  intoEventId: string
  attachmentIds: string[]
}

/** emptyForm is the dialog's form before anything is chosen. */
export function emptyForm(): ActionForm {
  return { comment: '', taskId: '', leadUnitId: '', coUnitIds: [], unitIds: [], deadline: null, rating: 0, intoEventId: '', attachmentIds: [] }
}

/** actionBody is the request for an action: only the fields it takes. */
export function actionBody(action: string, f: ActionForm): ActionBody {
  const spec = specOf(action)
  const body: ActionBody = { action }
  const comment = f.comment.trim()
  if (comment) body.comment = comment
  if (spec.taskStatuses) body.task_id = f.taskId
  if (spec.units === 'dispatch') {
    body.lead_unit_id = f.leadUnitId
    const co = f.coUnitIds.filter((id) => id !== f.leadUnitId)
    if (co.length) body.co_unit_ids = co
  }
  if (spec.units === 'whistle') body.unit_ids = [...f.unitIds]
  if (spec.deadline && f.deadline) body.deadline = f.deadline.toISOString()
  if (spec.rating) body.rating = f.rating
  if (spec.into) body.into_event_id = f.intoEventId
  if (spec.attachments && f.attachmentIds.length) body.attachment_ids = [...f.attachmentIds]
  return body
}
