// The inbox's logic, apart from its screen: the order of the items (the
// server's, kept when pages and a kept copy are joined), the chips by kind,
// where an item leads and how far off its deadline is. The server filters
// by kind and searches (GET /inbox kind, q).
import type { ResponseOf } from '@/api/client'

export type InboxItem = NonNullable<ResponseOf<'/api/v1/inbox', 'get'>['items']>[number]
export type InboxCounts = ResponseOf<'/api/v1/inbox/counts', 'get'>

/** keyOf tells items apart: an event's tasks share its id. */
export function keyOf(it: InboxItem): string {
  return `${it.kind}:${it.id}:${it.task_id ?? ''}`
}

/** urgency orders items as the server does: overdue first, then the earliest deadline, none last. */
export function urgency(a: InboxItem, b: InboxItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1
  if (!a.deadline !== !b.deadline) return a.deadline ? -1 : 1
  if (a.deadline && b.deadline && a.deadline !== b.deadline) return Date.parse(a.deadline) - Date.parse(b.deadline)
  return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0
}

/** merge adds a page to the items, each once, most urgent first. */
export function merge(items: readonly InboxItem[], page: readonly InboxItem[]): InboxItem[] {
  const seen = new Map(items.map((it) => [keyOf(it), it]))
  for (const it of page) seen.set(keyOf(it), it)
  return [...seen.values()].sort(urgency)
}

/** A chip: one kind of item, how many and how many overdue. */
export interface Chip {
  kind: string
  count: number
  overdue: number
}

/** chips are the counts by kind (the counts come by kind and action), the most first. */
export function chips(c: InboxCounts | undefined): Chip[] {
  const by = new Map<string, Chip>()
  for (const x of c?.by ?? []) {
    const chip = by.get(x.kind) ?? { kind: x.kind, count: 0, overdue: 0 }
    chip.count += x.count
    chip.overdue += x.overdue
    by.set(x.kind, chip)
  }
  return [...by.values()].sort((a, b) => b.count - a.count || (a.kind < b.kind ? -1 : 1))
}

/** linkOf is where an item opens: a case's page, a visit to record for a booking, a risk person to verify. */
export function linkOf(it: InboxItem): string | undefined {
  switch (it.kind) {
    case 'event':
    case 'event_task':
      return `/events/${it.id}`
    case 'booking':
      return `/visits/new?booking_id=${encodeURIComponent(it.id)}`
    case 'epidemic_person':
      return `/epidemic/persons/${encodeURIComponent(it.id)}`
  }
  return undefined
}

/** How far off a time is, in the largest whole unit. */
export interface Due {
  overdue: boolean
  unit: 'minute' | 'hour' | 'day'
  n: number
}

/** due is how long until at, or since it when it has passed. */
export function due(at: string, now = Date.now()): Due {
  const ms = Date.parse(at) - now
  const minutes = Math.floor(Math.abs(ms) / 60_000)
  const overdue = ms < 0
  if (minutes < 60) return { overdue, unit: 'minute', n: Math.max(1, minutes) }
  if (minutes < 48 * 60) return { overdue, unit: 'hour', n: Math.floor(minutes / 60) }
  return { overdue, unit: 'day', n: Math.floor(minutes / 1440) }
}

