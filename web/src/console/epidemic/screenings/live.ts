// A list's progress, live: the server's Server-Sent Events (GET …/live, an
// `event: progress` with the counts in the caller's scope at once and then
// whenever they move, at most once a second). The browser's EventSource
// reconnects by itself after a drop; when it keeps failing (a proxy that
// buffers streams, a closed stream) the page polls instead, and tries the
// stream again a while later. The counts of the breakdown by region are
// read again when the live counts move, at most once per `every`.
import type { Counts } from './types'

export type LiveMode = 'connecting' | 'live' | 'reconnecting' | 'polling'

/** What the watcher uses of an EventSource. */
export interface StreamLike {
  readonly readyState: number
  addEventListener(type: string, fn: (e: MessageEvent) => void): void
  close(): void
}

export interface LiveOptions {
  /** the stream's URL */
  url: string
  /** reads the counts once, for polling */
  poll: () => Promise<Counts>
  onCounts: (c: Counts) => void
  onMode?: (m: LiveMode) => void
  /** opens a stream (EventSource in the browser) */
  open?: (url: string) => StreamLike
  /** errors in a row, with no message between, before polling takes over */
  failures?: number
  /** ms between two polls */
  pollEvery?: number
  /** ms of polling before the stream is tried again */
  retryAfter?: number
}

const CLOSED = 2

/** watchLive follows a list's counts until the returned stop is called. */
export function watchLive(o: LiveOptions): () => void {
  const open = o.open ?? ((url: string) => new EventSource(url, { withCredentials: true }))
  const maxFailures = o.failures ?? 3
  let stream: StreamLike | undefined
  let failures = 0
  let stopped = false
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  const mode = (m: LiveMode) => o.onMode?.(m)

  function connect() {
    if (stopped) return
    mode('connecting')
    const s = open(o.url)
    stream = s
    s.addEventListener('progress', (e) => {
      if (stream !== s) return
      failures = 0
      mode('live')
      try {
        o.onCounts(JSON.parse(e.data) as Counts)
      } catch {
        // a message we cannot read: the next one will do
      }
    })
    s.addEventListener('error', () => {
      if (stream !== s) return
      failures++
      if (s.readyState === CLOSED || failures >= maxFailures) fallBack()
      else mode('reconnecting')
    })
  }

  function fallBack() {
    stream?.close()
    stream = undefined
    failures = 0
    mode('polling')
    void pollOnce()
    retryTimer = setTimeout(() => {
      clearTimeout(pollTimer)
      pollTimer = undefined
      connect()
    }, o.retryAfter ?? 60_000)
  }

  async function pollOnce() {
    if (stopped || stream) return
    try {
      o.onCounts(await o.poll())
    } catch {
      // no answer: try at the next turn
    }
    if (!stopped && !stream) pollTimer = setTimeout(pollOnce, o.pollEvery ?? 10_000)
  }

  connect()
  return () => {
    stopped = true
    stream?.close()
    stream = undefined
    clearTimeout(pollTimer)
    clearTimeout(retryTimer)
  }
}

const KEYS = ['received', 'distributed', 'pool', 'verified', 'overdue'] as const

/** moved tells whether counts differ from what was shown. */
export function moved(before: Counts | undefined, now: Counts): boolean {
  return !before || KEYS.some((k) => before[k] !== now[k])
}

/** rateOf is verified / received as a whole percentage (0 with none received). */
export function rateOf(c: Pick<Counts, 'received' | 'verified'>): number {
  return c.received > 0 ? Math.floor((c.verified / c.received) * 1000) / 10 : 0
}

/**
 * throttled calls fn at most once per ms: the first call at once, the
 * calls during the wait folded into one at its end.
 */
export function throttled(fn: () => void, ms: number): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = -Infinity
  let queued = false
  function call() {
    const wait = last + ms - Date.now()
    if (wait <= 0 && !timer) {
      last = Date.now()
      fn()
      return
    }
    queued = true
    timer ??= setTimeout(() => {
      timer = undefined
      if (queued) {
        queued = false
        last = Date.now()
        fn()
      }
    }, Math.max(0, wait))
  }
  return { call, cancel: () => clearTimeout(timer) }
}
