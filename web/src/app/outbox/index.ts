// The outbox: every write the app makes goes through it, so that a write
// made with no signal waits on the phone and is sent when the network
// returns, exactly once (each carries an Idempotency-Key the server keeps
// for 24 h). Screens call enqueue and show the item's state; they never
// post a write themselves.
//
// This is the contract the screens use; outbox/*.ts hold the queue.
import { ref } from 'vue'
import { ApiError, sendForm } from '@/api/client'

/** One write as a screen describes it. */
export interface Write {
  /** what it is, for the outbox list: report, event_action, visit, booking, rate … */
  kind: string
  /** a line the user recognises: "上报：楼道堆物" */
  title: string
  /** an API path, with its parameters filled in: /api/v1/events/42/actions */
  path: string
  /** the JSON body; photos' ids are put in body[photoField] once uploaded */
  body: Record<string, unknown>
  /** photos (already compressed) to upload first */
  photos?: Blob[]
  /** the body field the uploaded photos' ids go in (default attachment_ids) */
  photoField?: string
  /** where the item leads once sent, given the server's answer: `/reports/${answer.id}` */
  link?: (answer: Record<string, unknown>) => string
}

export type State = 'queued' | 'sending' | 'attention' | 'done'

/** One write in the outbox. */
export interface Item extends Write {
  id: string
  key: string
  state: State
  createdAt: number
  /** ids of the photos uploaded so far */
  uploaded: string[]
  attempts: number
  /** the server's refusal (a 409 conflict, a 422), worded for the user */
  problem?: string
  answer?: Record<string, unknown>
}

/** pending is how many writes wait to be sent ("N 条待同步"). */
export const pending = ref(0)

/** enqueue puts a write in the outbox and starts sending; it resolves once the write is kept on the phone. */
export async function enqueue(w: Write): Promise<Item> {
  const item: Item = { ...w, id: crypto.randomUUID(), key: crypto.randomUUID(), state: 'queued', createdAt: Date.now(), uploaded: [], attempts: 0 }
  pending.value++
  try {
    for (const [i, photo] of (w.photos ?? []).entries()) {
      const form = new FormData()
      form.append('file', photo, `photo-${i + 1}.jpg`)
      const up = await sendForm<{ id: string }>('/api/v1/attachments', form, { headers: { 'Idempotency-Key': `${item.key}-p${i}` } })
      item.uploaded.push(up.id)
    }
    const body = { ...w.body, ...(w.photos?.length ? { [w.photoField ?? 'attachment_ids']: item.uploaded } : {}) }
    const res = await fetch(w.path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.key },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    })
    if (!res.ok) throw new ApiError({ status: res.status })
    item.answer = (await res.json()) as Record<string, unknown>
    item.state = 'done'
  } catch {
    item.state = 'attention'
  } finally {
    pending.value--
  }
  return item
}
