// The case actions a field worker takes on the phone — 报到, 签收, 回退,
// 处置 with photos, 核查 pass (verify) or fail (reopen: the task goes back
// to be redone) and a grid's own handling — out of the server's
// allowed_actions, with the console's rules for their forms
// (console/events/actions.ts). The rest (立案, 派遣, 延期 …) is desk work:
// the page names it and leaves it to the console.
import { actionBody, emptyForm, fittingTasks, specOf } from '@/console/events/actions'
import type { ActionBody, EventDetail, EventTask } from '@/console/events/types'

/** The actions the app offers, in the order it shows them. */
export const APP_ACTIONS = ['report_in', 'accept', 'self_handle', 'handle', 'verify', 'reopen', 'return'] as const
export type AppAction = (typeof APP_ACTIONS)[number]

/** Actions that step back: shown as plain buttons after the way forward. */
const BACKWARD: readonly string[] = ['reopen', 'return']

/** phoneActions are the actions the caller may take now on the phone, each with a task to take it on where it needs one. */
export function phoneActions(e: Pick<EventDetail, 'allowed_actions' | 'tasks'>, unitId?: string): AppAction[] {
  const allowed = e.allowed_actions ?? []
  return APP_ACTIONS.filter((a) => allowed.includes(a) && (!specOf(a).taskStatuses || fittingTasks(a, e.tasks, unitId).length > 0))
}

/** deskActions are the other actions the caller may take, left to the console. */
export function deskActions(e: Pick<EventDetail, 'allowed_actions'>): string[] {
  return (e.allowed_actions ?? []).filter((a) => !(APP_ACTIONS as readonly string[]).includes(a))
}

/** backward tells a step back from the way forward. */
export function backward(a: string): boolean {
  return BACKWARD.includes(a)
}

/** What the phone's action form holds. */
export interface PhoneForm {
  comment: string
  taskId: string
}

/** tasksFor are the tasks an action may be taken on (the caller's unit's, or the grid's own). */
export function tasksFor(a: string, e: Pick<EventDetail, 'tasks'>, unitId?: string): EventTask[] {
  return fittingTasks(a, e.tasks, unitId)
}

/** bodyOf is the request of an action from the phone's form; the photos' ids are added by the outbox. */
export function bodyOf(a: string, f: PhoneForm): ActionBody {
  return actionBody(a, { ...emptyForm(), comment: f.comment, taskId: f.taskId })
}

/** missing names the field the form still needs ('' when complete). */
export function missing(a: string, f: PhoneForm, tasks: readonly EventTask[]): 'comment' | 'task' | '' {
  if (specOf(a).taskStatuses && !tasks.some((t) => t.id === f.taskId)) return 'task'
  if (specOf(a).comment === 'required' && !f.comment.trim()) return 'comment'
  return ''
}

/** takesPhotos tells whether photos may come with an action. */
export function takesPhotos(a: string): boolean {
  return !!specOf(a).attachments
}

/** stillAllowed tells whether the case, as it is now, still lets the caller take an action queued earlier. */
export function stillAllowed(a: string, e: Pick<EventDetail, 'allowed_actions' | 'tasks'>, taskId: string | undefined, unitId?: string): boolean {
  if (!(e.allowed_actions ?? []).includes(a)) return false
  return !specOf(a).taskStatuses || tasksFor(a, e, unitId).some((t) => t.id === taskId)
}

/** deadlineOf is the clock the case runs on now: its own stage's, else its open tasks' earliest; none when closed or suspended. */
export function deadlineOf(e: Pick<EventDetail, 'status' | 'deadline' | 'overdue' | 'tasks'>): { at: string; overdue: boolean } | undefined {
  if (e.status === 'suspended') return undefined
  if (e.deadline && ['reported', 'registered', 'pending_verify'].includes(e.status)) {
    return { at: e.deadline, overdue: Date.parse(e.deadline) < Date.now() }
  }
  let best: EventTask | undefined
  for (const x of e.tasks ?? []) {
    const at = x.status === 'summoned' ? x.report_deadline : ['dispatched', 'accepted'].includes(x.status) ? x.deadline : undefined
    if (at && (!best || Date.parse(at) < Date.parse(best.deadline ?? at))) best = { ...x, deadline: at }
  }
  return best?.deadline ? { at: best.deadline, overdue: best.overdue } : undefined
}
