// A risk person's steps as outbox writes: the path each goes to, the body
// it carries, and — from the writes still waiting on the phone — what the
// person will be once they are sent (flow.ts's table), so that the page
// offers the next step while the phone has no signal.
import type { Item } from '../../outbox'
import { isAction, type PersonAction } from '@/console/epidemic/screenings/flow'

/** pathOf is where a step on a person is posted. */
export function pathOf(id: string, action: PersonAction): string {
  return `/api/v1/epidemic/persons/${encodeURIComponent(id)}/${action}`
}

/** actionOf is the step an outbox write on person id takes, if it is one. */
export function actionOf(item: Pick<Item, 'path'>, id: string): PersonAction | undefined {
  const prefix = `/api/v1/epidemic/persons/${encodeURIComponent(id)}/`
  if (!item.path.startsWith(prefix)) return undefined
  const a = item.path.slice(prefix.length)
  return isAction(a) ? a : undefined
}

/** waiting are the steps on person id that the outbox still holds to send, oldest first. */
export function waiting(items: readonly Item[], id: string): PersonAction[] {
  return items
    .filter((x) => x.state === 'queued' || x.state === 'sending')
    .sort((a, b) => a.createdAt - b.createdAt)
    .flatMap((x) => actionOf(x, id) ?? [])
}

/** What the grid worker fills in for a step. */
export interface StepForm {
  outcome: string
  destination: string
  note: string
  point?: { lng: number; lat: number }
}

/** bodyOf is the JSON a step sends: the outcome for verify, a note, the point where it was taken. */
export function bodyOf(action: PersonAction, f: StepForm): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  if (action === 'verify') {
    body.outcome = f.outcome
    if (f.outcome === 'moved_out') body.destination = f.destination.trim()
  }
  if (f.note.trim()) body.note = f.note.trim()
  if (f.point) {
    body.lng = Math.round(f.point.lng * 1e6) / 1e6
    body.lat = Math.round(f.point.lat * 1e6) / 1e6
  }
  return body
}
