// The outbox's queue: writes kept in a Table (IndexedDB in the app, memory
// in tests) and sent one at a time, oldest first, each under its own
// Idempotency-Key so that a retry after a lost answer never makes a second
// record. Photos go first, each with its own key, and their ids are kept as
// they come, so a retry does not upload them again.
import { ref } from 'vue'
import { ApiError, pendingStep } from '@/api/client'
import type { Table } from '../offline/idb'
import type { Item, Write } from './types'

/** How the queue reaches the server (http.ts; a fake in tests). */
export interface Transport {
  /** upload sends one photo and answers its attachment id */
  upload(photo: Blob, key: string): Promise<string>
  /** send posts the write's JSON body and answers the server's JSON */
  send(path: string, body: Record<string, unknown>, key: string): Promise<Record<string, unknown> | undefined>
}

export interface OutboxDeps {
  store: Table<Item>
  transport: Transport
  /** the signed-in user's id; undefined when signed out */
  user: () => string | undefined
  /** words a refusal for the user (errorText) */
  describe: (err: unknown) => string
  /** runs a pass under a lock shared by the app's tabs (Web Locks), if any */
  lock?: (pass: () => Promise<void>) => Promise<void>
  random?: () => number
  newId?: () => string
}

/** What to do after a failed attempt. */
export type Verdict = 'retry' | 'pause' | 'attention'

/**
 * verdictOf sorts a failure: no answer, a server error, a 429 or the first
 * attempt still running (409 idempotency.in_progress) → try again later; a
 * 401 (or a step the user must take first) → wait for them to sign in; any
 * other refusal — a real conflict, a 422 — → the user's attention.
 */
export function verdictOf(err: unknown): Verdict {
  if (!(err instanceof ApiError)) return 'attention'
  const { status } = err
  if (status === 0 || status >= 500 || status === 408 || status === 425 || status === 429) return 'retry'
  if (status === 409 && err.problem.code === 'idempotency.in_progress') return 'retry'
  if (status === 401 || (status === 403 && pendingStep(err.problem.detail))) return 'pause'
  return 'attention'
}

/** The wait after failures: 5 s doubling to 5 min, each drawn from its upper half (jitter). */
export const BACKOFF = { base: 5_000, cap: 300_000 }

/** backoff is the wait before the next try after n failures in a row; random in [0, 1). */
export function backoff(n: number, random: number): number {
  const full = Math.min(BACKOFF.cap, BACKOFF.base * 2 ** Math.max(0, n - 1))
  return Math.round(full / 2 + (random * full) / 2)
}

/** A sent item stays in the list this long. */
export const KEEP_DONE = 10 * 60_000

/** hrefOf fills a link template's {name}s from the answer, or calls the link. */
export function hrefOf(link: Write['link'], answer: Record<string, unknown> | undefined): string | undefined {
  if (!link || !answer) return undefined
  if (typeof link === 'function') return link(answer)
  return link.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(answer[k] ?? '')))
}

/**
 * newKey is a random UUID (v4). crypto.randomUUID exists only on HTTPS
 * pages; getRandomValues everywhere, a phone on a plain-HTTP test server too.
 */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function fifo(a: Item, b: Item): number {
  return a.createdAt - b.createdAt
}

type Fn = NonNullable<Write['link']>

export class Outbox {
  /** the signed-in user's items, oldest first */
  readonly items = ref<Item[]>([])
  /** queued or sending ("N 条待同步") */
  readonly pending = ref(0)
  /** refused, waiting for the user ("N 条需处理") */
  readonly attention = ref(0)
  /** a 401: nothing is sent until the user signs in again */
  readonly paused = ref(false)
  readonly syncing = ref(false)
  /** when the next try after a failure is due */
  readonly retryAt = ref<number | undefined>()

  private failures = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: Promise<void> | undefined
  private again = false
  private last = 0
  private readonly links = new Map<string, Fn>()

  constructor(private readonly deps: OutboxDeps) {}

  /** enqueue keeps a write on the phone for the signed-in user and starts sending it. */
  async enqueue(w: Write): Promise<Item> {
    const user = this.deps.user()
    if (!user) throw new Error('outbox: no one is signed in')
    this.last = Math.max(Date.now(), this.last + 1)
    const id = this.newId()
    const item: Item = {
      ...w,
      link: typeof w.link === 'function' ? undefined : w.link,
      id,
      key: this.newId(),
      user,
      state: 'queued',
      createdAt: this.last,
      uploaded: [],
      photoCount: w.photos?.length ?? 0,
      attempts: 0,
    }
    if (typeof w.link === 'function') this.links.set(id, w.link)
    await this.deps.store.put(item)
    await this.refresh()
    void this.sync()
    return { ...item, link: w.link }
  }

  /**
   * sync sends what is queued, oldest first, until the queue is empty or an
   * attempt fails. A sync asked for while one runs is folded into it (one
   * more pass after it), so no item is ever sent twice at once.
   */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    const lock = this.deps.lock ?? ((pass) => pass())
    this.running = lock(() => this.drain()).finally(() => {
      this.running = undefined
      if (this.again) {
        this.again = false
        void this.sync()
      }
    })
    return this.running
  }

  /** syncNow drops the wait of a backoff and sends (the app's start, online, the user's tap). */
  syncNow(): Promise<void> {
    this.stopTimer()
    return this.sync()
  }

  /** resume lets a paused queue go on (the user signed in again) and refreshes for them. */
  async resume(): Promise<void> {
    this.paused.value = false
    await this.refresh()
    await this.syncNow()
  }

  /**
   * retry sends an item that needs attention again, as a new request: the
   * server refused the first and keeps that refusal under its key, so the
   * item gets a new key and its photos are uploaded anew.
   */
  async retry(id: string): Promise<void> {
    const item = await this.deps.store.get(id)
    if (!item || item.state !== 'attention') return
    await this.deps.store.put({ ...item, state: 'queued', key: this.newId(), uploaded: [], problem: undefined, failure: undefined })
    await this.refresh()
    await this.syncNow()
  }

  /** discard lets an item that needs attention go (the screen asks the user first). */
  async discard(id: string): Promise<void> {
    const item = await this.deps.store.get(id)
    if (!item || item.state !== 'attention') return
    await this.deps.store.delete(id)
    this.links.delete(id)
    await this.refresh()
  }

  /** refresh reads the signed-in user's items back and lets old sent ones go. */
  async refresh(): Promise<void> {
    const user = this.deps.user()
    const now = Date.now()
    const mine: Item[] = []
    for (const item of await this.deps.store.all()) {
      if (item.user !== user) continue
      if (item.state === 'done' && now - (item.doneAt ?? 0) > KEEP_DONE) await this.deps.store.delete(item.id)
      else mine.push(item)
    }
    mine.sort(fifo)
    this.items.value = mine
    this.pending.value = mine.filter((i) => i.state === 'queued' || i.state === 'sending').length
    this.attention.value = mine.filter((i) => i.state === 'attention').length
  }

  private async drain(): Promise<void> {
    const user = this.deps.user()
    if (!user || this.paused.value) return
    this.syncing.value = true
    try {
      for (;;) {
        // read back each time: another tab, a retry or a discard may have changed it
        const head = (await this.deps.store.all())
          .filter((i) => i.user === user && (i.state === 'queued' || i.state === 'sending'))
          .sort(fifo)[0]
        if (!head || !(await this.send(head))) break
      }
    } finally {
      this.syncing.value = false
      await this.refresh()
    }
  }

  /** send tries one item; false when the queue must stop (it is to be retried, or paused). */
  private async send(item: Item): Promise<boolean> {
    const { store, transport } = this.deps
    item = { ...item, state: 'sending', attempts: item.attempts + 1 }
    await store.put(item)
    await this.refresh()
    try {
      const photos = item.photos ?? []
      for (let i = item.uploaded.length; i < photos.length; i++) {
        const id = await transport.upload(photos[i], `${item.key}-p${i}`)
        item = { ...item, uploaded: [...item.uploaded, id] }
        await store.put(item)
      }
      const body = photos.length ? { ...item.body, [item.photoField ?? 'attachment_ids']: item.uploaded } : item.body
      const answer = (await transport.send(item.path, body, item.key)) ?? {}
      item = { ...item, state: 'done', answer, photos: [], doneAt: Date.now() }
      item.href = hrefOf(this.links.get(item.id) ?? item.link, answer)
      this.links.delete(item.id)
      await store.put(item)
      this.failures = 0
      this.retryAt.value = undefined
      return true
    } catch (err) {
      switch (verdictOf(err)) {
        case 'retry':
          await store.put({ ...item, state: 'queued' })
          this.failures++
          this.again = false
          this.schedule(Math.max(backoff(this.failures, this.random()), ((err as ApiError).retryAfter ?? 0) * 1000))
          return false
        case 'pause':
          await store.put({ ...item, state: 'queued' })
          this.paused.value = true
          this.again = false
          return false
        case 'attention':
          item = { ...item, state: 'attention', problem: this.deps.describe(err), failure: err instanceof ApiError ? err.problem : undefined }
          await store.put(item)
          // it waits for the user; the rest of the queue goes on
          return true
      }
    }
  }

  private schedule(ms: number): void {
    this.stopTimer()
    this.retryAt.value = Date.now() + ms
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.retryAt.value = undefined
      void this.sync()
    }, ms)
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.retryAt.value = undefined
  }

  private random(): number {
    return (this.deps.random ?? Math.random)()
  }

  private newId(): string {
    return (this.deps.newId ?? newKey)()
  }
}
