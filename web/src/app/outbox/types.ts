// The outbox's words for a write and its life on the phone (see index.ts).
import type { Problem } from '@/api/client'

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
  /**
   * where the item leads once sent, given the server's answer:
   * `(a) => \`/reports/${a.id}\`` or the template '/reports/{id}'. A template
   * is kept on the phone with the item; a function only while the page
   * lives (a write sent after a reload then has no link), so prefer it.
   */
  link?: string | ((answer: Record<string, unknown>) => string)
}

/**
 * queued: waiting (no signal, or backing off); sending: on its way;
 * attention: the server refused it (a 409 conflict, a 422) — the user
 * retries or discards it; done: sent, kept briefly for the list.
 */
export type State = 'queued' | 'sending' | 'attention' | 'done'

/** One write in the outbox. */
export interface Item extends Write {
  id: string
  /** its Idempotency-Key (a photo's is `${key}-p${index}`) */
  key: string
  /** the user it belongs to: it is sent only in their session */
  user: string
  state: State
  createdAt: number
  /** ids of the photos uploaded so far */
  uploaded: string[]
  /** how many photos it carries (they are let go once it is sent) */
  photoCount: number
  /** how many times it was tried */
  attempts: number
  /** the server's refusal (a 409 conflict, a 422), worded for the user */
  problem?: string
  /** the refusal itself, to word it again in another language */
  failure?: Problem
  answer?: Record<string, unknown>
  /** the page the item leads to once sent (from link) */
  href?: string
  doneAt?: number
}
