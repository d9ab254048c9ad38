// The event workflow's codes — statuses, actions, task roles, sources,
// priorities — in one place: the lists the screens offer, the message keys
// that name them, and the look of the action buttons. The codes are the
// server's (internal/event); the status colours are in utils/statuses.ts.
import type { SOURCES } from '@/api/enums'
import { i18n } from '@/i18n'
import type { TagType } from '../utils/statuses'

// the codes the server defines, as its OpenAPI document lists them
export { EVENT_STATUSES, PRIORITIES, SOURCES, TASK_ROLES, TASK_STATUSES } from '@/api/enums'
export type Source = (typeof SOURCES)[number]

/** The sources a person files in the console (the others are machines). */
export const FORM_SOURCES = ['grid_worker', 'resident', 'hotline_12345', 'upper_assignment'] as const

/** The sources where someone else reported the problem: the form asks who. */
export const SOURCES_WITH_REPORTER: readonly Source[] = ['resident', 'hotline_12345', 'upper_assignment']

/** The actions, in the order the server lists allowed_actions. */
export const ACTIONS = [
  'register',
  'reject',
  'merge',
  'dispatch',
  'self_handle',
  'whistle',
  'report_in',
  'accept',
  'return',
  'handle',
  'extend',
  'approve_extension',
  'deny_extension',
  'verify',
  'reopen',
  'evaluate',
  'suspend',
  'resume',
  'supervise',
  'escalate',
] as const
export type Action = (typeof ACTIONS)[number]

/**
 * Timeline entries that are no action a user takes: the report itself, a
 * report merged in, and the SLA sweep's warnings and automatic 督办.
 */
export const TIMELINE_ONLY = ['report', 'merged_in', 'sla_warning', 'auto_supervise'] as const

/** How an action's button looks: the way forward is primary, a step back or a refusal is red. */
const ACTION_BUTTONS: Partial<Record<Action, TagType>> = {
  register: 'primary',
  dispatch: 'primary',
  self_handle: 'primary',
  report_in: 'primary',
  accept: 'primary',
  handle: 'primary',
  approve_extension: 'primary',
  verify: 'primary',
  evaluate: 'primary',
  resume: 'primary',
  reject: 'danger',
  return: 'danger',
  reopen: 'danger',
  deny_extension: 'danger',
  whistle: 'warning',
  supervise: 'warning',
  escalate: 'warning',
}

/** The message namespaces of each kind of code. */
export const LABEL_NS = {
  status: 'eventStatus',
  task: 'taskStatus',
  role: 'taskRole',
  source: 'eventSource',
  priority: 'eventPriority',
  action: 'eventAction',
} as const
export type LabelKind = keyof typeof LABEL_NS

/** label names a code in the user's language, or shows the code itself when it has no name. */
export function label(kind: LabelKind, code: string | undefined | null): string {
  if (!code) return ''
  const key = `${LABEL_NS[kind]}.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : code
}

/** actionButton is the button type of an action; undefined is a plain button. */
export function actionButton(action: string): TagType | undefined {
  return ACTION_BUTTONS[action as Action]
}
