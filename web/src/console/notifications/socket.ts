// The push channel, GET /api/v1/ws (docs/notifications.md): one WebSocket per
// tab, opened with the session cookie, reconnecting with backoff after
// anything but the end of the session.
import type { Notification } from '@/api/types'

/** One message of the channel. */
export interface PushMessage {
  type: 'notification' | 'unread'
  unread: number
  notification?: Notification
}

/** The close code of a session that has ended (logout, expiry): never reconnect with it. */
export const SESSION_ENDED = 4401

/**
 * backoff is the wait before reconnection attempt n (from 0): one second
 * doubling to thirty, give or take a fifth, so that the tabs a restart cut
 * off do not all come back at once.
 */
export function backoff(n: number, rand: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** n)
  return Math.round(base * (0.8 + 0.4 * rand()))
}

/** pushURL is the channel's address on the page's own origin. */
export function pushURL(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/v1/ws`
}

/** What the channel needs; socket and the timers are the browser's unless a test passes fakes. */
export interface PushOptions {
  onMessage: (m: PushMessage) => void
  onSessionEnd: () => void
  url?: string
  socket?: (url: string) => WebSocket
  setTimer?: (f: () => void, ms: number) => unknown
  clearTimer?: (t: unknown) => void
}

/** openPush keeps the channel open until close() is called or the session ends. */
export function openPush(o: PushOptions): { close: () => void } {
  const make = o.socket ?? ((u: string) => new WebSocket(u))
  const setTimer = o.setTimer ?? ((f: () => void, ms: number) => setTimeout(f, ms))
  const clearTimer = o.clearTimer ?? ((t: unknown) => clearTimeout(t as ReturnType<typeof setTimeout>))
  let ws: WebSocket | null = null
  let timer: unknown = null
  let attempt = 0
  let done = false

  function connect() {
    timer = null
    ws = make(o.url ?? pushURL())
    ws.onmessage = (ev: MessageEvent) => {
      attempt = 0 // the server has spoken: the channel works
      let m: PushMessage
      try {
        m = JSON.parse(String(ev.data)) as PushMessage
      } catch {
        return
      }
      o.onMessage(m)
    }
    ws.onclose = (ev: CloseEvent) => {
      ws = null
      if (done) return
      if (ev.code === SESSION_ENDED) {
        done = true
        o.onSessionEnd()
        return
      }
      timer = setTimer(connect, backoff(attempt++))
    }
  }

  connect()
  return {
    close() {
      done = true
      if (timer !== null) clearTimer(timer)
      ws?.close(1000)
      ws = null
    },
  }
}
