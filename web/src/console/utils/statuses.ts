// Every status the console shows as a coloured tag, in one table: for each
// kind, the message namespace that names its codes and the colour of each
// code. The codes are the server's (src/api/enums.ts), so a status the
// server adds is a type error here until it has a colour.
import type {
  EVENT_STATUSES,
  IMPORT_STATUSES,
  TASK_STATUSES,
  TRANSFER_STATUSES,
  USER_STATUSES,
} from '@/api/enums'
import type { Booking, Notice, Resident, ResidentAccount } from '@/api/types'
import { i18n } from '@/i18n'

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

type Codes<T extends readonly string[]> = T[number]

const KINDS = {
  event: {
    ns: 'eventStatus',
    tags: {
      reported: 'warning',
      registered: 'primary',
      dispatched: 'primary',
      self_handling: 'primary',
      pending_verify: 'warning',
      closed: 'success',
      evaluated: 'success',
      suspended: 'info',
      not_accepted: 'info',
      merged: 'info',
    } satisfies Record<Codes<typeof EVENT_STATUSES>, TagType>,
  },
  task: {
    ns: 'taskStatus',
    tags: {
      summoned: 'warning',
      dispatched: 'warning',
      accepted: 'primary',
      returned: 'info',
      handled: 'success',
    } satisfies Record<Codes<typeof TASK_STATUSES>, TagType>,
  },
  user: {
    ns: 'userStatus',
    tags: { active: 'success', disabled: 'info', locked: 'danger' } satisfies Record<Codes<typeof USER_STATUSES>, TagType>,
  },
  resident: {
    ns: 'residentStatus',
    // active in green, moved out and deceased greyed
    tags: { active: 'success', moved_out: 'info', deceased: 'info' } satisfies Record<Resident['status'], TagType>,
  },
  transfer: {
    ns: 'transferStatus',
    tags: { pending: 'warning', approved: 'success', refused: 'info' } satisfies Record<Codes<typeof TRANSFER_STATUSES>, TagType>,
  },
  import: {
    ns: 'importStatus',
    tags: { queued: 'info', running: 'primary', done: 'success', failed: 'danger' } satisfies Record<
      Codes<typeof IMPORT_STATUSES>,
      TagType
    >,
  },
  notice: {
    ns: 'noticeStatus',
    tags: { draft: 'info', pending: 'warning', published: 'success', withdrawn: 'danger' } satisfies Record<Notice['status'], TagType>,
  },
  booking: {
    ns: 'bookingStatus',
    tags: { requested: 'warning', scheduled: 'primary', done: 'success', cancelled: 'info' } satisfies Record<
      Booking['status'],
      TagType
    >,
  },
  binding: {
    ns: 'bindingStatus',
    tags: { none: 'info', linked: 'success', claimed: 'warning', rejected: 'danger' } satisfies Record<
      ResidentAccount['binding'],
      TagType
    >,
  },
} as const

export type StatusKind = keyof typeof KINDS

/** statusType is the tag colour of a status; info for a code without one. */
export function statusType(kind: StatusKind, status: string | null | undefined): TagType {
  return (KINDS[kind].tags as Record<string, TagType>)[status ?? ''] ?? 'info'
}

/** statusLabel names a status in the user's language, or shows the code when it has no name. */
export function statusLabel(kind: StatusKind, status: string | null | undefined): string {
  if (!status) return ''
  const key = `${KINDS[kind].ns}.${status}`
  return i18n.global.te(key) ? i18n.global.t(key) : status
}
